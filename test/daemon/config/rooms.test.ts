// The `rooms:` section is checked on its own here (the lead registers it in site-config.ts); the
// sensors and building it refers to come from the example school with a few additions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from '../../../daemon/config/index.js';
import { Problems, formatProblem } from '../../../daemon/config/problems.js';
import { DEFAULT_OCCUPANCY, checkRooms, type RoomConfig } from '../../../daemon/config/sections/rooms.js';
import type { SectionContext } from '../../../daemon/config/sections/common.js';
import { readYaml } from '../../../daemon/config/yaml-source.js';
import { examplePath } from './helpers.js';

const school = parseSiteConfig(
  readFileSync(examplePath('building-site.yaml'), 'utf8')
    .replace(
      'sensors: []',
      ['sensors:', ...['co2-cp', 'co2-ce1', 'pm-cp'].map((id) => `  - { id: ${id}, name: ${id}, source: mqtt }`)].join('\n'),
    )
    .replace('  lights:\n', '  lights:\n    - { id: feu-cp, name: Feu CP, line: 22 }\n    - { id: vmc-cp, name: VMC CP, line: 23 }\n'),
);

function check(raw: unknown, config: SectionContext['config'] = school): { rooms: RoomConfig[] | undefined; problems: string[] } {
  const problems = new Problems('site.yaml', () => undefined);
  const rooms = checkRooms(raw, ['rooms'], { problems, config });
  return { rooms, problems: problems.list.map(formatProblem) };
}

const cp = () => ({ id: 'salle-cp', name: 'Salle de CP', sensors: ['co2-cp', 'pm-cp'] });

describe('rooms section', () => {
  it('fills the defaults: primary-school timetable, school days only, décret thresholds, 10 minutes', () => {
    const { rooms, problems } = check([cp()]);
    expect(problems).toEqual([]);
    expect(rooms![0]).toEqual({
      ...cp(),
      occupancy: DEFAULT_OCCUPANCY,
      schoolDaysOnly: true,
      thresholds: {
        co2Aerate: 800, co2Insufficient: 1500, pm25Target: 10, pm25Action: 50,
        temperature: { min: 19, max: 26 }, humidity: { min: 30, max: 70 },
      },
      alertAfterMinutes: 10,
    });
    expect(rooms![0].occupancy[2]).toEqual({ days: ['wed'], from: '08:30', to: '11:30' });
  });

  it('gives each room its own copy of the defaults', () => {
    const { rooms } = check([cp(), { id: 'salle-ce1', name: 'CE1', sensors: ['co2-ce1'] }]);
    expect(rooms![0].occupancy).not.toBe(rooms![1].occupancy);
    expect(rooms![0].occupancy).not.toBe(DEFAULT_OCCUPANCY);
  });

  it('keeps what the file says, partial thresholds included', () => {
    const { rooms, problems } = check([
      {
        ...cp(), schoolDaysOnly: false, alertAfterMinutes: 5,
        occupancy: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '12:00' }],
        thresholds: { co2Aerate: 1000, temperature: { max: 27 } },
        outputs: { aerate: 'feu-cp', ventilation: 'vmc-cp' },
      },
    ]);
    expect(problems).toEqual([]);
    expect(rooms![0].thresholds).toMatchObject({ co2Aerate: 1000, co2Insufficient: 1500, temperature: { min: 19, max: 27 } });
    expect(rooms![0].outputs).toEqual({ aerate: 'feu-cp', ventilation: 'vmc-cp' });
  });

  it('an empty section is no rooms; anything but a list is refused', () => {
    expect(check(null)).toEqual({ rooms: [], problems: [] });
    expect(check({ id: 'x' }).problems).toEqual(['rooms: must be a list (one "- id: …" entry per room)']);
  });

  it('refuses bad days, times, periods and threshold order', () => {
    const { rooms, problems } = check([
      { ...cp(), occupancy: [{ days: ['lun'], from: '8:30', to: '11:30' }] },
      { ...cp(), id: 'salle-b', sensors: ['co2-ce1'], occupancy: [{ days: ['mon'], from: '11:30', to: '08:30' }], thresholds: { co2Insufficient: 700 } },
    ]);
    expect(rooms).toBeUndefined();
    const text = problems.join('\n');
    expect(text).toMatch(/rooms\[0\]\.occupancy\[0\]\.days\[0\]: must be one of: sun, mon/);
    expect(text).toMatch(/rooms\[0\]\.occupancy\[0\]\.from: must be a local time HH:MM/);
    expect(text).toMatch(/rooms\[1\]\.occupancy\[0\]\.to: must be later than from \(11:30\)/);
    expect(text).toMatch(/rooms\[1\]\.thresholds\.co2Insufficient: must be greater than co2Aerate \(800\)/);
  });

  it('refuses unknown keys, with a suggestion', () => {
    expect(check([{ ...cp(), sensor: ['co2-cp'] }]).problems.join('\n')).toMatch(/rooms\[0\]\.sensor: unknown key; did you mean sensors\?/);
  });

  it('refuses unknown sensors, a sensor in two rooms and duplicate room ids', () => {
    const { problems } = check([
      cp(),
      { id: 'salle-cp', name: 'Bis', sensors: ['co2-ce1'] },
      { id: 'salle-ce2', name: 'CE2', sensors: ['co2-cp', 'co2-ce9'] },
    ]);
    expect(problems).toEqual([
      'rooms[1].id: duplicate id "salle-cp"; also used by rooms[0]',
      'rooms[2].sensors[0]: sensor "co2-cp" is already in rooms[0]: a sensor measures one room',
      'rooms[2].sensors[1]: no sensor "co2-ce9" in the sensors section',
    ]);
  });

  it('outputs must be lights, not shared between rooms, and not both the same relay', () => {
    const { problems } = check([
      { ...cp(), outputs: { aerate: 'porte-entree', ventilation: 'lampe' } },
      { id: 'salle-ce1', name: 'CE1', sensors: ['co2-ce1'], outputs: { aerate: 'feu-cp', ventilation: 'feu-cp' } },
      { id: 'salle-ce2', name: 'CE2', sensors: ['pm-cp2'], outputs: { aerate: 'feu-cp' } },
    ], { ...school, sensors: [...school.sensors, { id: 'pm-cp2', name: 'x', source: 'mqtt', topic: 't', intervalS: 60 }] });
    expect(problems).toEqual([
      'rooms[1].outputs.ventilation: must differ from aerate: one relay cannot be both the traffic light and the ventilation',
      'rooms[0].outputs.aerate: "porte-entree" is a door; an output must be a light (an on/off relay)',
      'rooms[0].outputs.ventilation: no light "lampe" in building.lights; an output must be a light (an on/off relay)',
      'rooms[2].outputs.aerate: "feu-cp" is already driven by rooms[1].outputs.aerate: two rooms would fight over one relay',
    ]);
  });

  it('skips the cross-checks when sensors or building did not validate', () => {
    expect(check([{ ...cp(), sensors: ['ghost'], outputs: { aerate: 'ghost-light' } }], {}).problems).toEqual([]);
  });

  it('names the line in the site file', () => {
    const source = readYaml(
      ['rooms:', '  - id: salle-cp', '    name: CP', '    sensors: [co2-cp]', '  - id: salle-ce1', '    name: CE1', '    sensors: [co2-cp]', ''].join('\n'),
    );
    const problems = new Problems('site.yaml', source.lineOf);
    checkRooms((source.value as { rooms: unknown }).rooms, ['rooms'], { problems, config: school });
    expect(problems.list.map(formatProblem)).toEqual([
      'rooms[1].sensors[0] (line 7): sensor "co2-cp" is already in rooms[0] (line 2): a sensor measures one room',
    ]);
  });
});
