import { pino, type Logger } from 'pino';

/** JSON lines on stdout (journald keeps them); no line per reading at the default level. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: { app: 'relais' }, redact: ['password', '*.password', 'token', '*.token'] },
    (destination as pino.DestinationStream | undefined) ?? pino.destination({ sync: false }),
  );
}
