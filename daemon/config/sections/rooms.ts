// `rooms:` the classrooms whose air Relais watches: which sensors are in each, when children are
// there (the ICONE index only counts occupied time), the thresholds, and the relays it may drive
// (a traffic light telling the class to open the windows, a ventilation boost).
//
// Threshold sources (also in docs and DESIGN.md):
// - CO2 800 / 1500 ppm: décret 2022-1689 and arrêté du 27 décembre 2022 (above 800 ppm act,
//   above 1500 ppm air renewal is insufficient);
// - PM2.5 10 / 50 µg/m³: HCSP avis 2013 (valeur cible, valeur d'action rapide). They are meant for
//   averages over a measuring campaign, so a state drawn from live readings is indicative;
// - temperature 19–26 °C and humidity 30–70 %RH are INDICATIVE comfort bands, not legal limits:
//   19 °C and 26 °C are the Code de l'énergie heating and cooling set-point limits (R241-26,
//   R241-30), 30–70 %RH a usual comfort band (dry air irritates, damp air feeds mould and mites).
import { Type, type Static } from '@sinclair/typebox';
import { WEEKDAYS } from '../../schedule/rules.js';
import type { PathSegment } from '../problems.js';
import { checkObject, isDict } from '../validate.js';
import { Name, Slug, Strict, type SectionContext } from './common.js';

const Time = () => Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', expected: 'a local time HH:MM such as 08:30' });
const Day = Type.Union(WEEKDAYS.map((d) => Type.Literal(d)));

const OccupancySchema = Type.Object(
  { days: Type.Array(Day, { minItems: 1, uniqueItems: true }), from: Time(), to: Time() },
  Strict,
);
export type OccupancyPeriod = Static<typeof OccupancySchema>;

/** A French primary school week: Monday, Tuesday, Thursday, Friday all day, Wednesday morning. */
export const DEFAULT_OCCUPANCY: readonly OccupancyPeriod[] = [
  { days: ['mon', 'tue', 'thu', 'fri'], from: '08:30', to: '11:30' },
  { days: ['mon', 'tue', 'thu', 'fri'], from: '13:30', to: '16:30' },
  { days: ['wed'], from: '08:30', to: '11:30' },
];

const Band = (min: number, max: number, lo: number, hi: number) =>
  Type.Object(
    { min: Type.Number({ minimum: lo, maximum: hi, default: min }), max: Type.Number({ minimum: lo, maximum: hi, default: max }) },
    { ...Strict, default: {} },
  );

export const ThresholdsSchema = Type.Object(
  {
    co2Aerate: Type.Integer({ minimum: 400, maximum: 5000, default: 800 }),
    co2Insufficient: Type.Integer({ minimum: 400, maximum: 5000, default: 1500 }),
    pm25Target: Type.Number({ minimum: 0, maximum: 500, default: 10 }),
    pm25Action: Type.Number({ minimum: 0, maximum: 500, default: 50 }),
    temperature: Band(19, 26, -20, 50),
    humidity: Band(30, 70, 0, 100),
  },
  { ...Strict, default: {} },
);
export type AirThresholds = Static<typeof ThresholdsSchema>;

export const RoomSchema = Type.Object(
  {
    id: Slug(),
    name: Name(),
    sensors: Type.Array(Slug(), { minItems: 1, uniqueItems: true, expected: 'a list of sensor ids (at least one)' }),
    occupancy: Type.Array(OccupancySchema, { minItems: 1, default: DEFAULT_OCCUPANCY }),
    // outside school days (weekends, holidays, bank holidays) the room is taken as empty
    schoolDaysOnly: Type.Boolean({ default: true }),
    thresholds: ThresholdsSchema,
    outputs: Type.Optional(Type.Object({ aerate: Type.Optional(Slug()), ventilation: Type.Optional(Slug()) }, Strict)),
    // how long a reading must stay past a threshold before the room's state goes up (no flapping)
    alertAfterMinutes: Type.Integer({ minimum: 0, maximum: 240, default: 10 }),
  },
  Strict,
);
export type RoomConfig = Static<typeof RoomSchema>;

export const RoomsSchema = Type.Array(RoomSchema);

interface Located {
  room: RoomConfig;
  at: PathSegment[];
}

export function checkRooms(raw: unknown, path: readonly PathSegment[], ctx: SectionContext): RoomConfig[] | undefined {
  if (raw === null || raw === undefined) return []; // `rooms:` left empty: no room watched yet
  if (!Array.isArray(raw)) {
    ctx.problems.invalid(path, 'must be a list (one "- id: …" entry per room)');
    return undefined;
  }
  const before = ctx.problems.list.length;
  const rooms: Located[] = [];
  raw.forEach((entry: unknown, i) => {
    const at = [...path, i];
    if (!isDict(entry)) return ctx.problems.invalid(at, 'must be a mapping (id, name, sensors, …)');
    const result = checkObject(RoomSchema, entry, at, ctx.problems);
    if (!result.ok) return;
    checkMeaning(result.value, at, ctx);
    rooms.push({ room: result.value, at });
  });
  checkRefs(rooms, ctx);
  return ctx.problems.list.length === before ? rooms.map((r) => r.room) : undefined;
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** What the schema cannot say: ordered thresholds and periods that end after they start. */
function checkMeaning(room: RoomConfig, at: PathSegment[], ctx: SectionContext): void {
  const t = room.thresholds;
  const th = [...at, 'thresholds'];
  if (t.co2Insufficient <= t.co2Aerate) ctx.problems.invalid([...th, 'co2Insufficient'], `must be greater than co2Aerate (${t.co2Aerate})`);
  if (t.pm25Action <= t.pm25Target) ctx.problems.invalid([...th, 'pm25Action'], `must be greater than pm25Target (${t.pm25Target})`);
  for (const band of ['temperature', 'humidity'] as const) {
    if (t[band].max <= t[band].min) ctx.problems.invalid([...th, band, 'max'], `must be greater than min (${t[band].min})`);
  }
  room.occupancy.forEach((p, j) => {
    // a period past midnight is not a school timetable; two entries say it if ever needed
    if (minutes(p.to) <= minutes(p.from)) ctx.problems.invalid([...at, 'occupancy', j, 'to'], `must be later than from (${p.from}) on the same day`);
  });
  const o = room.outputs;
  if (o?.aerate !== undefined && o.aerate === o.ventilation) {
    ctx.problems.invalid([...at, 'outputs', 'ventilation'], 'must differ from aerate: one relay cannot be both the traffic light and the ventilation');
  }
}

/** Unique room ids, sensors that exist and sit in one room, outputs that are lights and not shared. */
function checkRefs(rooms: readonly Located[], ctx: SectionContext): void {
  const ids = new Map<string, PathSegment[]>();
  const sensorRoom = new Map<string, PathSegment[]>();
  const outputUse = new Map<string, PathSegment[]>();
  const knownSensors = ctx.config.sensors ? new Set(ctx.config.sensors.map((s) => s.id)) : undefined;
  const b = ctx.config.building;
  const lights = b ? new Set(b.lights.map((l) => l.id)) : undefined;
  const other = new Map<string, string>();
  b?.doors.forEach((d) => other.set(d.id, 'a door'));
  b?.shutters.forEach((s) => other.set(s.id, 'a shutter'));
  b?.groups.forEach((g) => other.set(g.id, 'a group'));
  const where = (p: PathSegment[]) => ctx.problems.describeEntry(p, p);
  const dup = (at: PathSegment[], message: string) => ctx.problems.add('RELAIS_CONFIG_DUPLICATE', at, message);

  for (const { room, at } of rooms) {
    const first = ids.get(room.id);
    if (first) dup([...at, 'id'], `duplicate id "${room.id}"; also used by ${where(first)}`);
    else ids.set(room.id, at);
    room.sensors.forEach((s, j) => {
      const sat = [...at, 'sensors', j];
      if (knownSensors && !knownSensors.has(s)) return ctx.problems.invalid(sat, `no sensor "${s}" in the sensors section`);
      const owner = sensorRoom.get(s);
      if (owner) return dup(sat, `sensor "${s}" is already in ${where(owner)}: a sensor measures one room`);
      sensorRoom.set(s, at);
    });
    for (const kind of ['aerate', 'ventilation'] as const) {
      const id = room.outputs?.[kind];
      if (id === undefined) continue;
      const oat = [...at, 'outputs', kind];
      if (lights && !lights.has(id)) {
        const what = other.get(id);
        const hint = what ? `"${id}" is ${what}; ` : `no light "${id}" in building.lights; `;
        ctx.problems.invalid(oat, `${hint}an output must be a light (an on/off relay)`);
        continue;
      }
      const owner = outputUse.get(id);
      if (!owner) outputUse.set(id, oat);
      else if (owner[at.length - 1] !== at[at.length - 1]) {
        dup(oat, `"${id}" is already driven by ${where(owner)}: two rooms would fight over one relay`);
      } // the same relay twice in one room is reported by checkMeaning
    }
  }
}
