// The `equipment:` section, checked on its own (the site file registers it separately): the
// sensors it points to come from the minimal example file.
import { describe, expect, it } from 'vitest';
import { machineConfig } from '../../../daemon/coldchain/machine.js';
import { formatProblem, parseSiteConfig } from '../../../daemon/config/index.js';
import { Problems } from '../../../daemon/config/problems.js';
import { checkEquipment } from '../../../daemon/config/sections/equipment.js';
import { readYaml } from '../../../daemon/config/yaml-source.js';
import { MINIMAL } from './helpers.js';

// sensors of the minimal file: frigo-1, salle-cp, congelateur, couloir
const SENSORS = parseSiteConfig(MINIMAL).sensors;

function check(yaml: string, sensors: typeof SENSORS | null = SENSORS) {
  const source = readYaml(yaml);
  expect(source.syntaxErrors).toEqual([]);
  const problems = new Problems('site.yaml', source.lineOf);
  const raw = (source.value as Record<string, unknown>).equipment;
  const value = checkEquipment(raw, ['equipment'], { problems, config: sensors ? { sensors } : {} });
  return { value, problems: problems.sorted().map(formatProblem) };
}

const KITCHEN = `equipment:
  - id: frigo-laitages
    name: Réfrigérateur laitages
    kind: fridge
    sensors: [frigo-1]
  - id: congel
    name: Congélateur cuisine
    kind: freezer
    sensors: [congelateur]
    defrost:
      - { at: "02:00", minutes: 20 }
      - { at: "14:00", minutes: 20 }
`;

describe('equipment section', () => {
  it('fills the defaults: category, grace, no defrost, the freezer trade tolerance', () => {
    const { value, problems } = check(KITCHEN);
    expect(problems).toEqual([]);
    expect(value?.[0]).toEqual({
      id: 'frigo-laitages', name: 'Réfrigérateur laitages', kind: 'fridge', category: 'very-perishable',
      sensors: ['frigo-1'], graceMinutes: 20, defrost: [],
    });
    expect(value?.[1]).toMatchObject({ kind: 'freezer', tolerance: { max: -15, graceMinutes: 5 }, defrost: [{ at: '02:00', minutes: 20 }, { at: '14:00', minutes: 20 }] });
  });

  it('feeds the machine: limits from the regulation, minutes to ms, the site time zone', () => {
    const [fridge, freezer] = check(KITCHEN).value!;
    expect(machineConfig(fridge, 'Europe/Paris')).toMatchObject({
      equipmentId: 'frigo-laitages', sensors: ['frigo-1'], tz: 'Europe/Paris', range: { min: null, max: 4 }, graceMs: 1_200_000, tolerance: null,
    });
    expect(machineConfig(freezer, 'Europe/Paris')).toMatchObject({ range: { min: null, max: -18 }, tolerance: { max: -15, graceMs: 300_000 } });
  });

  it('a freezer with a short grace gets a tolerance grace no longer than it', () => {
    const { value } = check(KITCHEN.replace('kind: freezer', 'kind: freezer\n    graceMinutes: 3'));
    expect(value?.[1].tolerance).toEqual({ max: -15, graceMinutes: 3 });
  });

  it('an empty section is a site without a canteen', () => {
    expect(check('equipment:\n').value).toEqual([]);
    expect(check('other: 1\n').value).toEqual([]);
  });

  it('names an unknown sensor with its line and a suggestion', () => {
    const { value, problems } = check(KITCHEN.replace('sensors: [congelateur]', 'sensors: [congelateru]'));
    expect(value).toBeUndefined();
    expect(problems).toEqual(['equipment[1].sensors[0] (line 9): no sensor "congelateru" in sensors:; did you mean congelateur?']);
  });

  it('skips the sensor cross-check when sensors: itself was invalid', () => {
    expect(check(KITCHEN.replace('sensors: [congelateur]', 'sensors: [inconnu]'), null).problems).toEqual([]);
  });

  it('refuses a probe in two equipment, and two equipment with one id', () => {
    const { problems } = check(KITCHEN.replace('sensors: [congelateur]', 'sensors: [frigo-1]').replace('id: congel', 'id: frigo-laitages'));
    expect(problems).toEqual([
      'equipment[1].id (line 6): duplicate id "frigo-laitages"; also used by equipment[0] (line 2)',
      'equipment[1].sensors[0] (line 9): sensor "frigo-1" is already used by equipment[0] "frigo-laitages" (line 5); a probe sits in one equipment',
    ]);
  });

  it('refuses limits laxer than the regulation, and accepts stricter ones', () => {
    const lax = check(KITCHEN.replace('kind: fridge', 'kind: fridge\n    max: 6')).problems;
    expect(lax).toEqual([
      'equipment[0].max (line 5): +6 °C is laxer than the rule (very perishable food ≤ +4 °C); use at most +4 °C; set category: (very-perishable, perishable, minced-meat, offal, cooked-ahead) to match the food stored',
    ]);
    expect(check(KITCHEN.replace('kind: fridge', 'kind: fridge\n    category: perishable\n    max: 6')).problems).toEqual([]);
    expect(check(KITCHEN.replace('kind: fridge', 'kind: fridge\n    max: 3')).value?.[0].max).toBe(3);
    const hot = check(KITCHEN.replace('kind: fridge', 'kind: hot-holding\n    min: 60')).problems;
    expect(hot).toEqual(['equipment[0].min (line 5): +60 °C is laxer than the rule (hot holding ≥ +63 °C); use at least +63 °C']);
  });

  it('refuses min not below max', () => {
    const { problems } = check(KITCHEN.replace('kind: fridge', 'kind: fridge\n    category: cooked-ahead\n    min: 3'));
    expect(problems).toEqual(['equipment[0].min (line 6): min +3 °C must be below max +3 °C']);
  });

  it('refuses a category, tolerance or defrost where it means nothing', () => {
    const { problems } = check(
      KITCHEN.replace('kind: fridge', 'kind: hot-holding\n    category: offal\n    tolerance: { max: -15 }\n    defrost: [{ at: "02:00", minutes: 10 }]'),
    );
    expect(problems).toEqual([
      'equipment[0].category (line 5): only applies to kind: fridge; remove it',
      'equipment[0].tolerance (line 6): only applies to kind: freezer (deep-frozen −18 °C, trade tolerance −15 °C); remove it',
      'equipment[0].defrost (line 7): does not apply to kind: hot-holding; remove it',
    ]);
  });

  it('refuses a tolerance above −15 °C or with a grace longer than the equipment', () => {
    const { problems } = check(KITCHEN.replace('kind: freezer', 'kind: freezer\n    tolerance: { max: -12, graceMinutes: 30 }'));
    expect(problems).toEqual([
      'equipment[1].tolerance.max (line 9): must be a temperature in °C of at most -15 (the trade tolerance)',
    ]);
    const long = check(KITCHEN.replace('kind: freezer', 'kind: freezer\n    tolerance: { graceMinutes: 30 }')).problems;
    expect(long).toEqual(['equipment[1].tolerance (line 9): graceMinutes 30 must be at most the equipment graceMinutes (20)']);
  });

  it('says what a defrost window, a kind, an empty sensor list and a misspelt key should be', () => {
    const { problems } = check(
      KITCHEN.replace('{ at: "02:00", minutes: 20 }', '{ at: "2:00", minutes: 20 }')
        .replace('kind: fridge', 'kind: frigde\n    graceMinute: 10')
        .replace('sensors: [congelateur]', 'sensors: []'),
    );
    expect(problems).toEqual([
      'equipment[0].kind (line 4): must be one of: fridge, freezer, frozen-store, hot-holding, cooling-cell, thawing',
      'equipment[0].graceMinute (line 5): unknown key; did you mean graceMinutes?',
      'equipment[1].sensors (line 10): must be a list of 1 to 8 sensor ids from sensors:',
      'equipment[1].defrost[0].at (line 12): must be a local time HH:MM between 00:00 and 23:59 (in quotes)',
    ]);
  });

  it('refuses a section that is not a list', () => {
    expect(check('equipment:\n  id: x\n').problems).toEqual([
      'equipment (line 1): must be a list (one "- id: …" entry per fridge, freezer, hot-holding cabinet…)',
    ]);
  });
});
