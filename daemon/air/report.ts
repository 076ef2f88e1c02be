// The weekly classroom-air report: one row per room and ISO week, as plain cells (numbers stay
// numbers, missing values are empty strings) so the caller renders CSV or PDF in either language.
import { ICONE_LABELS, weeklyIcone, type Co2Reading, type IconeOptions, type IconeWeek } from './icone.js';
import type { RoomTimetable } from './occupancy.js';

export type ReportLocale = 'fr' | 'en';
export type Cell = string | number;

export interface ReportTable {
  header: string[];
  rows: Cell[][];
  /** How the numbers were made, for the foot of a PDF or a second CSV sheet. */
  notes: string[];
}

export interface ReportOptions {
  /** Below this share of occupied time with data the row says so (Relais's choice, not a rule). */
  minCompleteness?: number;
  /** Keep weeks without class (holidays); default false. */
  keepWeeksWithoutClass?: boolean;
}

export const DEFAULT_MIN_COMPLETENESS = 0.5;

const HEADERS: Record<ReportLocale, readonly string[]> = {
  fr: [
    'Salle', 'Identifiant', 'Semaine ISO', 'Du', 'Au', 'ICONE', 'Interprétation',
    'f0 (≤ 1000 ppm) %', 'f1 (1000–1700 ppm) %', 'f2 (> 1700 ppm) %', 'Valeurs 10 min',
    "Heures d'occupation", 'Heures mesurées', 'Complétude %', 'CO2 moyen (ppm)', 'CO2 max 10 min (ppm)', 'Remarque',
  ],
  en: [
    'Room', 'Id', 'ISO week', 'From', 'To', 'ICONE', 'Meaning',
    'f0 (≤ 1000 ppm) %', 'f1 (1000–1700 ppm) %', 'f2 (> 1700 ppm) %', '10-min values',
    'Occupied hours', 'Hours measured', 'Completeness %', 'Mean CO2 (ppm)', 'Max 10-min CO2 (ppm)', 'Note',
  ],
};

const REMARKS: Record<ReportLocale, Record<'noClass' | 'noData' | 'partial', string>> = {
  fr: { noClass: 'pas de classe cette semaine', noData: 'aucune mesure pendant l’occupation', partial: 'mesures incomplètes : indice indicatif' },
  en: { noClass: 'no class this week', noData: 'no reading during occupied time', partial: 'incomplete data: index is indicative' },
};

const NOTES: Record<ReportLocale, readonly string[]> = {
  fr: [
    'ICONE = (2,5 / log 2) × log(1 + f1 + 3·f2), arrondi à l’entier le plus proche (0 nul … 5 extrême) ; méthode CSTB, surveillance de la qualité de l’air intérieur (décret 2022-1689, arrêtés du 27 décembre 2022).',
    'Seules les périodes d’occupation comptent (emploi du temps de la salle, jours de classe du calendrier scolaire).',
    'Les mesures sont ramenées à des moyennes sur 10 minutes (un point toutes les dix minutes, décret 2012-14 art. 8) ; chaque valeur pèse le temps couvert par des mesures.',
  ],
  en: [
    'ICONE = (2.5 / log 2) × log(1 + f1 + 3·f2), rounded to the nearest integer (0 none … 5 extreme); CSTB method used by the French indoor-air rules (décret 2022-1689, arrêtés of 27 December 2022).',
    'Only occupied periods count (the room’s timetable, school days from the school calendar).',
    'Readings are turned into 10-minute means (one point every ten minutes, décret 2012-14 art. 8); each value weighs the time covered by readings.',
  ],
};

const pct = (x: number | null): Cell => (x === null ? '' : Math.round(x * 1000) / 10);
const num = (x: number | null, digits = 0): Cell => (x === null ? '' : Number(x.toFixed(digits)));

/** The report's header row in a language. */
export function reportHeader(locale: ReportLocale): string[] {
  return [...HEADERS[locale]];
}

/** One row of cells for one room-week. */
export function reportRow(week: IconeWeek, roomName: string, locale: ReportLocale, minCompleteness = DEFAULT_MIN_COMPLETENESS): Cell[] {
  const r = REMARKS[locale];
  const remark =
    week.occupiedMs === 0 ? r.noClass : week.icone === null ? r.noData : (week.completeness ?? 0) < minCompleteness ? r.partial : '';
  return [
    roomName, week.room, week.isoWeek, week.monday, week.sunday,
    week.icone ?? '', week.icone === null ? '' : ICONE_LABELS[locale][week.icone],
    pct(week.f0), pct(week.f1), pct(week.f2), week.n,
    num(week.hoursOccupied, 1), num(week.hoursCovered, 1), pct(week.completeness),
    num(week.meanPpm), num(week.maxPpm), remark,
  ];
}

/** Rows for already computed weeks, ordered by week then by room as given. */
export function reportTable(
  weeks: readonly IconeWeek[],
  rooms: readonly { id: string; name: string }[],
  locale: ReportLocale,
  opts: ReportOptions = {},
): ReportTable {
  const order = new Map(rooms.map((r, i) => [r.id, i]));
  const names = new Map(rooms.map((r) => [r.id, r.name]));
  const kept = weeks
    .filter((w) => opts.keepWeeksWithoutClass || w.occupiedMs > 0)
    .slice()
    .sort((a, b) => a.isoWeek.localeCompare(b.isoWeek) || (order.get(a.room) ?? 0) - (order.get(b.room) ?? 0));
  return {
    header: reportHeader(locale),
    rows: kept.map((w) => reportRow(w, names.get(w.room) ?? w.room, locale, opts.minCompleteness)),
    notes: [...NOTES[locale]],
  };
}

/** The whole report from each room's CO2 readings over [from, to). */
export function weeklyReport(
  rooms: readonly (RoomTimetable & { id: string; name: string })[],
  co2ByRoom: ReadonlyMap<string, readonly Co2Reading[]>,
  from: number,
  to: number,
  ctx: IconeOptions,
  locale: ReportLocale,
  opts: ReportOptions = {},
): ReportTable {
  const weeks = rooms.flatMap((room) => weeklyIcone(room, co2ByRoom.get(room.id) ?? [], from, to, ctx));
  return reportTable(weeks, rooms, locale, opts);
}
