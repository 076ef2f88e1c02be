// One catalogue of error codes (DESIGN.md). Docs list them (README "Error codes") and a test checks
// that every code used in the source is here and documented. Messages say what to do.
export const ERROR_CODES = {
  // configuration
  RELAIS_CONFIG_NOT_FOUND: 'The configuration file does not exist or cannot be read: check the path given to --config.',
  RELAIS_CONFIG_YAML: 'The configuration file is not valid YAML: fix the syntax at the line shown.',
  RELAIS_CONFIG_UNKNOWN_KEY: 'A key is not part of the configuration schema: remove it or fix its spelling.',
  RELAIS_CONFIG_INVALID: 'A configuration value is invalid: fix the value at the key and line shown.',
  RELAIS_CONFIG_DUPLICATE: 'Two entries share an id, devEui, serial address or topic: make each one unique (readings would mix).',
  // ingest
  RELAIS_DECODE_FAILED: 'A sensor payload could not be decoded: check the sensor model in the configuration.',
  RELAIS_CODEC_TIMEOUT: 'A user codec took too long: check the codec file (decodeUplink must return quickly).',
  RELAIS_CODEC_INVALID: 'A user codec file could not be loaded: it must define decodeUplink(input) in the TTN device-repository format.',
  // store
  RELAIS_STORE_OPEN: 'The database could not be opened: check storage.path and its permissions.',
  RELAIS_STORE_FULL: 'The disk is full: free space or lower storage.retention; readings are not acknowledged until stored.',
  RELAIS_STORE_WRITE: 'The database could not be written (I/O error or read-only storage): check the SD card and storage.path; readings are not acknowledged until stored.',
  RELAIS_STORE_CLOSED: 'The store is closed: this is a shutdown-order bug, report it; the reading was not acknowledged and the broker will redeliver it.',
  RELAIS_STORE_INVALID_ROW: 'A reading has an empty sensor id or metric or a non-finite value or time: fix the decoder or parser that produced it.',
  RELAIS_STORE_VERSION: 'The database was written by a newer Relais: install that version again or restore a backup made by this one.',
  // serial
  RELAIS_SERIAL_OPEN: 'The serial port could not be opened: check serial.path and that the LoRa module is plugged in; Relais retries.',
  RELAIS_SERIAL_REJECTED: 'A LoRa serial line or sensor frame was rejected: check the baud rate and radio settings, and that the node sends the frame of hardware/serial/FRAME.md.',
  // gpio
  RELAIS_GPIO_UNAVAILABLE: 'GPIO is not available: check that this is a Raspberry Pi whose kernel has sysfs GPIO (/sys/class/gpio with a pinctrl-bcm2835, pinctrl-bcm2711 or pinctrl-rp1 chip), that the service user is in the gpio group and that onoff is installed; or choose the simulated GPIO backend.',
  RELAIS_GPIO_LINE_BUSY: 'A GPIO line is requested twice: two outputs or inputs in the configuration use the same BCM line; give each its own line.',
  RELAIS_GPIO_LINE_RELEASED: 'A GPIO line was used after it was released: this is a bug in Relais, please report it with the log.',
  RELAIS_GPIO_LINE_INVALID: 'A GPIO line number is not a BCM number (0-63): use the BCM number printed on the pinout (e.g. 26), not the physical pin or the sysfs number.',
  RELAIS_GPIO_REQUEST_FAILED: 'A GPIO line could not be set up: check that no other program uses it (gpioinfo), that the service user is in the gpio group, and the line number in the configuration.',
  // calendar
  RELAIS_CALENDAR_INVALID: 'A calendar data file (school holidays, bank holidays) is missing or invalid: the daemon keeps the calendar it had; fix or replace the file named.',
  // API
  RELAIS_API_BAD_REQUEST: 'The request is not valid: the message says which parameter to fix.',
  RELAIS_API_NOT_FOUND: 'No such route: check the URL against the API list in the README.',
  RELAIS_API_UNKNOWN_SENSOR: 'No sensor has this id: GET /api/sensors lists them.',
  RELAIS_API_UNKNOWN_DEVICE: 'No door, shutter, light, group or scene has this id: GET /api/actuators lists them.',
  RELAIS_SAFETY_RESET_REFUSED: 'The fire or lockdown state cannot be reset yet: its input is still active, or nothing is latched.',
  RELAIS_API_ERROR: 'The daemon could not answer: the log says why.',
  // authentication and users
  RELAIS_AUTH_REQUIRED: 'Sign in first: POST /api/auth/login (or /api/auth/pin on the kiosk), or send an API token in the Authorization header (Bearer, then the rls_ token).',
  RELAIS_AUTH_FORBIDDEN: 'Your role does not allow this action: ask an administrator to change your role or to do it.',
  RELAIS_AUTH_FAILED: 'Wrong login and password, or wrong PIN: check them; after 5 failures the login is locked for 15 minutes (then longer).',
  RELAIS_AUTH_LOCKED: 'Too many failed sign-in attempts: wait for the time given (Retry-After), or ask an administrator to unlock the user or set a new password.',
  RELAIS_AUTH_SETUP_INVALID: 'The setup token is wrong, expired (24 h) or already used: restart the daemon to print a new one in its log (only while no administrator exists).',
  RELAIS_AUTH_CSRF: 'A change was refused because it did not come from the Relais screen: send the header X-Relais: 1 (scripts should use an API token instead of a cookie).',
  RELAIS_AUTH_LOGIN_TAKEN: 'This login is already used (perhaps by a disabled user): choose another one, or re-enable that user.',
  RELAIS_AUTH_LAST_ADMIN: 'This would leave no active administrator: make another user admin first.',
  RELAIS_AUTH_UNKNOWN_USER: 'No user has this id: GET /api/users lists them.',
  RELAIS_AUTH_UNKNOWN_TOKEN: 'No API token has this id: GET /api/auth/tokens lists them.',
  // HACCP register and cold-chain alarms
  RELAIS_HACCP_RECORD_INVALID: 'A HACCP register record was refused (empty or reserved kind, payload not plain JSON or over 32 KiB): this is a bug in the part that wrote it, report it with the log.',
  RELAIS_HACCP_PURGE_REFUSED: 'HACCP records cannot be deleted yet: they are kept at least 366 days (frozen-food records, 1 year) and only while the clock is trusted; choose an older date, or wait for time synchronisation.',
  RELAIS_HACCP_CHAIN_BROKEN: 'The HACCP register does not verify: a record was changed or deleted outside Relais. Keep the database file as it is (it is evidence), run relais haccp verify to see the first bad record, and tell the person responsible for food safety.',
  RELAIS_ALARM_UNKNOWN: 'No alarm has this id (closed alarms are kept 7 days): GET /api/alarms lists them; record a late corrective action in the HACCP register instead.',
  RELAIS_ALARM_ALREADY_ACKNOWLEDGED: 'This alarm was already acknowledged: the register keeps who did it and the corrective action; add another corrective action to the HACCP register if needed.',
  RELAIS_ALARM_BAD_ACTION: 'The corrective action is not valid: choose one of product_moved, product_discarded, technician_called, door_closed, reading_rechecked, other (then say what in the text), text at most 500 characters.',
  RELAIS_ALARM_CLOSED: 'This alarm is closed (the temperature is back in range or the sensor is back): nothing to silence.',
  RELAIS_ALARM_NEEDS_PERSON: 'An alarm is acknowledged by a signed-in person (login or kiosk PIN), not by an API token: the HACCP register must say who took the corrective action.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class RelaisError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'RelaisError';
  }
}
