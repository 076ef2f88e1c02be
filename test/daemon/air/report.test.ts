import { describe, expect, it } from 'vitest';
import { isoWeekBounds, reportHeader, reportTable, weeklyIcone, weeklyReport } from '../../../daemon/air/index.js';
import { TZ, calendar, localWeekday, room, series } from './helpers.js';

const ctx = { timeZone: TZ, calendar, zone: 'C' };
// zone C: week 8 of 2026 in class, weeks 9 and 10 on winter holidays, week 11 back in class
const from = isoWeekBounds('2026-W08', TZ).start;
const to = isoWeekBounds('2026-W11', TZ).end;
const other = { ...room, id: 'salle-ce1', name: 'Salle de CE1' };

describe('weekly report', () => {
  it('has French and English headers of the same width', () => {
    expect(reportHeader('fr').slice(0, 7)).toEqual(['Salle', 'Identifiant', 'Semaine ISO', 'Du', 'Au', 'ICONE', 'Interprétation']);
    expect(reportHeader('en').slice(0, 7)).toEqual(['Room', 'Id', 'ISO week', 'From', 'To', 'ICONE', 'Meaning']);
    expect(reportHeader('fr')).toHaveLength(reportHeader('en').length);
  });

  it('one row per room and school week, holiday weeks left out, cells ready for CSV', () => {
    const readings = new Map([
      [room.id, series(from, to, 10, () => 1900)],
      [other.id, series(from, to, 10, (t) => (localWeekday(t) === 1 ? 1200 : 600))],
    ]);
    const table = weeklyReport([room, other], readings, from, to, ctx, 'fr');
    expect(table.rows.map((r) => [r[1], r[2], r[5]])).toEqual([
      ['salle-cp', '2026-W08', 5],
      ['salle-ce1', '2026-W08', 1], // f1 = 36/162: 8.3 × log10(1.22) = 0.72 → 1
      ['salle-cp', '2026-W11', 5],
      ['salle-ce1', '2026-W11', 1],
    ]);
    expect(table.rows[0]).toEqual([
      'Salle de CP', 'salle-cp', '2026-W08', '2026-02-16', '2026-02-22', 5, 'confinement extrême',
      0, 0, 100, 162, 27, 27, 100, 1900, 1900, '',
    ]);
    expect(table.rows.every((r) => r.length === table.header.length)).toBe(true);
    expect(table.notes[0]).toMatch(/ICONE = \(2,5 \/ log 2\)/);
  });

  it('keeps holiday weeks on request and says why a cell is empty', () => {
    const weeks = weeklyIcone(room, series(from, to, 10, () => 700), from, to, ctx);
    const table = reportTable(weeks, [room], 'en', { keepWeeksWithoutClass: true });
    const w9 = table.rows.find((r) => r[2] === '2026-W09')!;
    expect(w9[5]).toBe('');
    expect(w9[w9.length - 1]).toBe('no class this week');
  });

  it('flags weeks without readings and weeks with too few', () => {
    const w8 = isoWeekBounds('2026-W08', TZ);
    // readings only on Monday: 36 of 162 values
    const monday = series(w8.start, w8.end, 10, () => 700).filter((r) => localWeekday(r.t) === 1);
    const [partial] = weeklyIcone(room, monday, w8.start, w8.end, ctx);
    const [empty] = weeklyIcone(room, [], w8.start, w8.end, ctx);
    const rows = reportTable([partial, empty], [room], 'fr').rows;
    expect(rows[0][5]).toBe(0);
    expect(rows[0][13]).toBe(22.2);
    expect(rows[0][16]).toBe('mesures incomplètes : indice indicatif');
    expect(rows[1][5]).toBe('');
    expect(rows[1][16]).toBe('aucune mesure pendant l’occupation');
    expect(reportTable([partial], [room], 'fr', { minCompleteness: 0.2 }).rows[0][16]).toBe('');
  });
});
