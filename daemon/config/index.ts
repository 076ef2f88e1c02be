// Public surface of the site configuration.
export { loadSiteConfig, parseSiteConfig, SECTION_KEYS, type LoadSiteConfigOptions, type SiteConfig, type SiteConfigOptions } from './site-config.js';
export { ConfigError, formatProblem, type ConfigProblem } from './problems.js';
export { HOLIDAY_ZONES, canonicalTimeZone, type HolidayZone, type SiteSettings } from './sections/site.js';
export type { HttpSettings } from './sections/http.js';
export type {
  EmbeddedBrokerSettings,
  ExternalBrokerSettings,
  MqttSettings,
  MqttTopics,
} from './sections/mqtt.js';
export type { StorageSettings } from './sections/storage.js';
export { SERIAL_MODULES, type SerialModule, type SerialSettings } from './sections/serial.js';
export { LOG_LEVELS, type IngestSettings, type LogLevel, type LoggingSettings } from './sections/ingest.js';
export {
  DEFAULT_INTERVAL_S,
  SENSOR_SOURCES,
  type LorawanSensorConfig,
  type MqttSensorConfig,
  type SensorConfig,
  type SensorSource,
  type SerialSensorConfig,
  type Zigbee2mqttSensorConfig,
} from './sections/sensors.js';
export {
  type BuildingSettings,
  type ButtonConfig,
  type DoorConfig,
  type GpioSettings,
  type LightConfig,
  type PressConfig,
  type SceneConfig,
  type ShutterConfig,
} from './sections/building.js';
export { DOOR_ACTIONS, LIGHT_ACTIONS, SHUTTER_ACTIONS } from './sections/building-refs.js';
export { type EquipmentConfig } from './sections/equipment.js';
export { type RoomConfig } from './sections/rooms.js';
export { type AlarmsSettings } from './sections/alarms.js';
