// Food temperature limits, arrêté du 21 décembre 2009 (restauration collective), in one table so
// the config checker, the equipment machine, the cooling cycles and the manual register agree.
// A limit of null means "no limit on that side".

export const EQUIPMENT_KINDS = ['fridge', 'freezer', 'frozen-store', 'hot-holding', 'cooling-cell', 'thawing'] as const;
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number];

export const FRIDGE_CATEGORIES = ['very-perishable', 'perishable', 'minced-meat', 'offal', 'cooked-ahead'] as const;
export type FridgeCategory = (typeof FRIDGE_CATEGORIES)[number];

export interface TempRange {
  /** °C, inclusive; below is out of range */
  min: number | null;
  /** °C, inclusive; above is out of range */
  max: number | null;
}

export interface LegalLimit extends TempRange {
  /** how the rule reads, for messages: "very perishable food ≤ +4 °C" */
  label: string;
}

/** Chilled food by category (the kind `fridge`). */
export const FRIDGE_LIMITS: Readonly<Record<FridgeCategory, LegalLimit>> = {
  'very-perishable': { min: null, max: 4, label: 'very perishable food ≤ +4 °C' },
  perishable: { min: null, max: 8, label: 'perishable food ≤ +8 °C' },
  'minced-meat': { min: null, max: 2, label: 'minced meat ≤ +2 °C' },
  offal: { min: null, max: 3, label: 'offal ≤ +3 °C' },
  'cooked-ahead': { min: 0, max: 3, label: 'dishes cooked in advance 0…+3 °C' },
};

/** Every other kind. A cooling cell has no static range: its batches are judged by cooling cycles. */
export const KIND_LIMITS: Readonly<Record<Exclude<EquipmentKind, 'fridge'>, LegalLimit | null>> = {
  freezer: { min: null, max: -18, label: 'deep-frozen food and ice cream ≤ −18 °C' },
  'frozen-store': { min: null, max: -12, label: 'other frozen food ≤ −12 °C' },
  'hot-holding': { min: 63, max: null, label: 'hot holding ≥ +63 °C' },
  thawing: { min: 0, max: 4, label: 'thawing 0…+4 °C' },
  'cooling-cell': null,
};

export const DEFAULT_FRIDGE_CATEGORY: FridgeCategory = 'very-perishable';

/** Deep-frozen trade tolerance: −15 °C "briefly" (brief rises allowed, never above). */
export const FREEZER_TOLERANCE_MAX = -15;
/** How long a reading above the trade tolerance may last before the alarm (door left open, probe in the warm air near the door). */
export const DEFAULT_TOLERANCE_GRACE_MINUTES = 5;
export const DEFAULT_GRACE_MINUTES = 20;

/** Rapid cooling: core +63 °C → below +10 °C in under 2 h; reheating to ≥ +63 °C in under 1 h. */
export const COOLING = {
  hotMin: 63,
  /** strictly below */
  coldBelow: 10,
  limitMs: 2 * 3_600_000,
  /** the probe must show ≥ hotMin this soon after the cycle is started, or the start is invalid */
  startWindowMs: 15 * 60_000,
} as const;
export const REHEATING = { hotMin: 63, limitMs: 3_600_000 } as const;

/** The legal limit of an equipment kind (and fridge category), or null when there is none. */
export function legalLimit(kind: EquipmentKind, category?: FridgeCategory): LegalLimit | null {
  if (kind === 'fridge') return FRIDGE_LIMITS[category ?? DEFAULT_FRIDGE_CATEGORY];
  return KIND_LIMITS[kind];
}

/** The range an equipment is held to: the legal limit, each side overridden by `min`/`max` when set. */
export function effectiveRange(eq: { kind: EquipmentKind; category?: FridgeCategory; min?: number; max?: number }): TempRange | null {
  const legal = legalLimit(eq.kind, eq.category);
  const min = eq.min ?? legal?.min ?? null;
  const max = eq.max ?? legal?.max ?? null;
  return min === null && max === null ? null : { min, max };
}

/** How far `value` is outside the range (°C, > 0 when out, ≤ 0 when in); the "worst" sensor is the largest. */
export function excess(value: number, range: TempRange | null): number {
  if (range === null) return -Infinity;
  const above = range.max === null ? -Infinity : value - range.max;
  const below = range.min === null ? -Infinity : range.min - value;
  return Math.max(above, below);
}

/** "+4 °C", "−18 °C": signs as the regulation prints them. */
export function formatTemp(value: number): string {
  const v = Math.round(value * 10) / 10;
  if (v === 0) return '0 °C';
  return `${v > 0 ? '+' : '−'}${Math.abs(v)} °C`;
}
