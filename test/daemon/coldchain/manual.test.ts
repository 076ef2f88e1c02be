import { describe, expect, it } from 'vitest';
import { checkManualReading, type ManualContext } from '../../../daemon/coldchain/manual.js';
import { MIN, local } from './helpers.js';

const NOW = local('11:50');
const ctx: ManualContext = {
  now: NOW,
  tz: 'Europe/Paris',
  equipment: [
    { id: 'frigo-legumes', kind: 'fridge', category: 'very-perishable' },
    { id: 'congelateur', kind: 'freezer' },
    { id: 'cellule', kind: 'cooling-cell' },
  ],
};

describe('manual temperature readings', () => {
  it('normalises a reading typed on the tablet', () => {
    const r = checkManualReading({ equipmentId: 'frigo-legumes', value: '3,46', at: '2025-01-15T11:45', by: '  Nadia   B. ', note: 'after delivery' }, ctx);
    expect(r).toEqual({
      ok: true,
      reading: {
        source: 'manual', equipmentId: 'frigo-legumes', value: 3.5, at: local('11:45'), by: 'Nadia B.', note: 'after delivery',
        range: { min: null, max: 4 }, conform: true,
      },
    });
  });

  it('accepts a unicode minus and a unit, a time with an offset, and defaults the time to now', () => {
    const r = checkManualReading({ equipmentId: 'congelateur', value: '−18,5 °C', by: 'Paul' }, ctx);
    expect(r.ok && r.reading).toMatchObject({ value: -18.5, at: NOW, conform: true, note: null });
    const r2 = checkManualReading({ equipmentId: 'congelateur', value: -17, at: '2025-01-15T10:45:00Z', by: 'Paul' }, ctx);
    expect(r2.ok && r2.reading).toMatchObject({ at: local('11:45'), conform: false, range: { min: null, max: -18 } });
  });

  it('says nothing about conformity where the equipment has no static range', () => {
    const r = checkManualReading({ equipmentId: 'cellule', value: 8, by: 'Paul' }, ctx);
    expect(r.ok && r.reading.conform).toBeNull();
  });

  it('refuses a time more than 5 min in the future or more than 7 days ago', () => {
    const future = (ms: number) => checkManualReading({ equipmentId: 'congelateur', value: -19, at: NOW + ms, by: 'Paul' }, ctx);
    expect(future(5 * MIN).ok).toBe(true);
    expect(future(5 * MIN + 1)).toEqual({ ok: false, problems: [{ field: 'at', message: expect.stringMatching(/in the future/) }] });
    expect(future(-7 * 86_400_000).ok).toBe(true);
    expect(future(-7 * 86_400_000 - 1)).toEqual({ ok: false, problems: [{ field: 'at', message: expect.stringMatching(/more than 7 days ago/) }] });
  });

  it('refuses values outside −60…+150 °C and text that is not a number', () => {
    for (const value of [-60.1, 150.5, '12 degrés', '', null, Number.NaN, '1e3']) {
      const r = checkManualReading({ equipmentId: 'congelateur', value, by: 'Paul' }, ctx);
      expect(r.ok, String(value)).toBe(false);
      if (!r.ok) expect(r.problems.map((p) => p.field)).toEqual(['value']);
    }
    expect(checkManualReading({ equipmentId: 'congelateur', value: -60, by: 'Paul' }, ctx).ok).toBe(true);
    expect(checkManualReading({ equipmentId: 'congelateur', value: '150', by: 'Paul' }, ctx).ok).toBe(true);
  });

  it('reports every problem at once, with a suggestion for a misspelt equipment', () => {
    const r = checkManualReading({ equipmentId: 'congelateru', value: 'froid', at: '2025-02-30T10:00', by: ' ', colour: 'red' }, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { field: 'entry', message: 'unknown field colour; expected equipmentId, value, at, by, note' },
      { field: 'equipmentId', message: 'no equipment "congelateru"; did you mean congelateur?' },
      { field: 'value', message: 'must be a temperature in °C such as 3.5 or -18' },
      { field: 'at', message: '2025-02-30 is not a calendar date' },
      { field: 'by', message: 'is required: who read the temperature' },
    ]);
  });

  it('refuses what is not an entry, and a local time that is not one', () => {
    expect(checkManualReading('3.5', ctx)).toEqual({ ok: false, problems: [{ field: 'entry', message: expect.any(String) }] });
    const r = checkManualReading({ equipmentId: 'congelateur', value: -19, at: 'yesterday', by: 'Paul' }, ctx);
    expect(!r.ok && r.problems[0].field).toBe('at');
  });
});
