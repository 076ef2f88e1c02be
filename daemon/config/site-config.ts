// The site file: one YAML document, one section per feature. A new feature (doors, shutters,
// equipment…) adds a file under sections/, an entry in SECTIONS and a field in SiteConfig;
// `satisfies` below makes the compiler insist on both.
import { readFileSync } from 'node:fs';
import type { TObject } from '@sinclair/typebox';
import { ConfigError, Problems, type PathSegment } from './problems.js';
import type { FileChecks, SectionContext } from './sections/common.js';
import { HttpSchema, type HttpSettings } from './sections/http.js';
import { IngestSchema, LoggingSchema, type IngestSettings, type LoggingSettings } from './sections/ingest.js';
import { checkMqtt, type MqttSettings } from './sections/mqtt.js';
import { checkSensors, type SensorConfig } from './sections/sensors.js';
import { checkSerial, type SerialSettings } from './sections/serial.js';
import { checkSite, type SiteSettings } from './sections/site.js';
import { StorageSchema, type StorageSettings } from './sections/storage.js';
import { GpioSchema, checkBuilding, type BuildingSettings, type GpioSettings } from './sections/building.js';
import { checkEquipment, type EquipmentConfig } from './sections/equipment.js';
import { checkRooms, type RoomConfig } from './sections/rooms.js';
import { checkAlarms, type AlarmsSettings } from './sections/alarms.js';
import { nodeFileChecks } from './files.js';
import { readYaml } from './yaml-source.js';
import { checkObject, isDict, unknownKeyMessage, type Dict } from './validate.js';

/** The validated site configuration, defaults filled in. */
export interface SiteConfig {
  site: SiteSettings;
  http: HttpSettings;
  mqtt: MqttSettings;
  storage: StorageSettings;
  /** Absent when the site has no LoRa point-to-point module (serial sensors then stay silent). */
  serial?: SerialSettings;
  ingest: IngestSettings;
  logging: LoggingSettings;
  sensors: SensorConfig[];
  gpio: GpioSettings;
  /** Doors, shutters, lights, groups, scenes, buttons, fire/lockdown inputs and schedules. */
  building: BuildingSettings;
  /** Fridges, freezers, hot-holding units… held to the HACCP limits */
  equipment: EquipmentConfig[];
  /** Classrooms: CO2, particles, comfort, ICONE */
  rooms: RoomConfig[];
  alarms: AlarmsSettings;
}

export interface SiteConfigOptions {
  /** LoRaWAN decoder models; when given, a sensor `model` outside this list is an error. */
  knownModels?: readonly string[];
}

export interface LoadSiteConfigOptions extends SiteConfigOptions {
  /** Directory relative paths in the file are resolved from (as the daemon will); default: cwd. */
  baseDir?: string;
}

interface SectionSpec {
  /** required: must be present; defaulted: absent means all defaults; optional: absent stays absent. */
  presence: 'required' | 'defaulted' | 'optional';
  check: (raw: unknown, path: readonly PathSegment[], ctx: SectionContext) => unknown;
}

const plain =
  (schema: TObject): SectionSpec['check'] =>
  (raw, path, ctx) => {
    const result = checkObject(schema, raw, path, ctx.problems);
    return result.ok ? result.value : undefined;
  };

// Order matters: later sections may use earlier ones (mqtt's clientId uses site.id, sensor
// topics use mqtt.topics).
const SECTIONS = {
  site: { presence: 'required', check: checkSite },
  http: { presence: 'defaulted', check: plain(HttpSchema) },
  mqtt: { presence: 'defaulted', check: checkMqtt },
  storage: { presence: 'defaulted', check: plain(StorageSchema) },
  serial: { presence: 'optional', check: checkSerial },
  ingest: { presence: 'defaulted', check: plain(IngestSchema) },
  logging: { presence: 'defaulted', check: plain(LoggingSchema) },
  sensors: { presence: 'required', check: checkSensors },
  gpio: { presence: 'defaulted', check: plain(GpioSchema) },
  building: { presence: 'defaulted', check: checkBuilding },
  equipment: { presence: 'defaulted', check: (raw, path, ctx) => checkEquipment(Array.isArray(raw) || raw === null ? raw : raw && Object.keys(raw as object).length === 0 ? [] : raw, path, ctx) },
  alarms: { presence: 'defaulted', check: checkAlarms },
  rooms: { presence: 'defaulted', check: (raw, path, ctx) => checkRooms(Array.isArray(raw) || raw === null ? raw : raw && Object.keys(raw as object).length === 0 ? [] : raw, path, ctx) },
} satisfies Record<keyof SiteConfig, SectionSpec>;

export const SECTION_KEYS = Object.keys(SECTIONS) as (keyof SiteConfig)[];

/** Parses and validates site-file text. Throws ConfigError listing every problem found. */
export function parseSiteConfig(yamlText: string, fileName = 'site.yaml', options: SiteConfigOptions = {}): SiteConfig {
  return parse(yamlText, fileName, options, undefined);
}

/** Reads, parses and validates a site file, also checking the files it points to. */
export function loadSiteConfig(filePath: string, options: LoadSiteConfigOptions = {}): SiteConfig {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${code ?? String(err)})`;
    throw new ConfigError(filePath, [{ code: 'RELAIS_CONFIG_NOT_FOUND', path: filePath, message }]);
  }
  return parse(text, filePath, options, nodeFileChecks(options.baseDir ?? process.cwd()));
}

function parse(text: string, fileName: string, options: SiteConfigOptions, files: FileChecks | undefined): SiteConfig {
  const source = readYaml(text);
  const problems = new Problems(fileName, source.lineOf);
  for (const e of source.syntaxErrors) {
    problems.list.push({ code: 'RELAIS_CONFIG_YAML', path: fileName, line: e.line, message: `invalid YAML: ${e.message}` });
  }
  const config = source.syntaxErrors.length === 0 ? validateRoot(source.value, problems, options, files) : undefined;
  if (config === undefined || problems.list.length > 0) {
    throw new ConfigError(fileName, problems.sorted());
  }
  return config;
}

function validateRoot(
  value: unknown,
  problems: Problems,
  options: SiteConfigOptions,
  files: FileChecks | undefined,
): SiteConfig | undefined {
  if (!isDict(value)) {
    problems.invalid([], 'must be a mapping with at least the site and sensors sections');
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!(SECTION_KEYS as string[]).includes(key)) {
      problems.add('RELAIS_CONFIG_UNKNOWN_KEY', [key], unknownKeyMessage(key, SECTION_KEYS));
    }
  }
  const config: Partial<SiteConfig> = {};
  const ctx: SectionContext = { problems, config, knownModels: options.knownModels, files };
  for (const key of SECTION_KEYS) {
    const spec: SectionSpec = SECTIONS[key];
    let raw = value[key];
    if (raw === undefined) {
      if (spec.presence === 'required') problems.invalid([key], 'is required');
      if (spec.presence !== 'defaulted') continue;
      raw = {};
    }
    const out = spec.check(raw, [key], ctx);
    if (out !== undefined) (config as Dict)[key] = out;
  }
  return problems.list.length === 0 ? (config as SiteConfig) : undefined;
}
