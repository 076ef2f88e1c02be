// Board profiles as data: which BCM line drives each relay channel and at which level.
// `source` says honestly where each mapping comes from. Check the channel LED on first
// install anyway: clones and board revisions differ, and a wrong polarity swaps "locked"
// and "unlocked".

export interface RelayChannel {
  /** Channel number as printed on the board (1-based). */
  channel: number;
  /** BCM line number. */
  line: number;
  /** true when a LOW level energises the relay. */
  activeLow: boolean;
}

export interface BoardInput {
  name: string;
  line: number;
  /** Level meanings, physical. */
  high: string;
  low: string;
}

export interface ReservedLine {
  line: number;
  use: string;
}

export interface BoardSource {
  url: string;
  /** vendor: read in the maker's own code or docs; third-party: others' code or notes. */
  verified: 'vendor' | 'third-party';
  note: string;
}

export interface BoardProfile {
  id: string;
  name: string;
  kind: 'relay' | 'ups';
  channels: readonly RelayChannel[];
  inputs: readonly BoardInput[];
  /** Lines the board uses otherwise (I2C, control): not to be given to anything else. */
  reserved: readonly ReservedLine[];
  sources: readonly BoardSource[];
}

function relays(lines: number[], activeLow: boolean): RelayChannel[] {
  return lines.map((line, i) => ({ channel: i + 1, line, activeLow }));
}

const I2C: ReservedLine[] = [
  { line: 2, use: 'I2C SDA' },
  { line: 3, use: 'I2C SCL' },
];

export const BOARD_PROFILES: Readonly<Record<string, BoardProfile>> = {
  'waveshare-rpi-relay-board': {
    id: 'waveshare-rpi-relay-board',
    name: 'Waveshare RPi Relay Board (3 channels)',
    kind: 'relay',
    channels: relays([26, 20, 21], true),
    inputs: [],
    reserved: [],
    sources: [
      {
        url: 'https://www.waveshare.com/wiki/RPi_Relay_Board',
        verified: 'third-party',
        note:
          "Lines 26/20/21 from Waveshare's demo code (P26/P20/P21 -> Relay_Ch1..3) as copied in many public repositories; " +
          'active-low from the same demos (LOW connects COM to NO, HIGH = relay off). One third-party registry lists it as ' +
          'active-high: check the channel LED on first install.',
      },
    ],
  },
  'waveshare-rpi-relay-board-b': {
    id: 'waveshare-rpi-relay-board-b',
    name: 'Waveshare RPi Relay Board (B), 8 channels',
    kind: 'relay',
    channels: relays([5, 6, 13, 16, 19, 20, 21, 26], true),
    inputs: [],
    reserved: [],
    sources: [
      {
        url: 'https://validusgroup.com/v/vspfiles/tech/raspberry-pi4-waveshare-8ch-gpio-deterministic-output-whitepaper.html',
        verified: 'third-party',
        note: 'CH1..CH8 = GPIO 5, 6, 13, 16, 19, 20, 21, 26, active-low, "verified by manual toggle testing"; same mapping in the Sprinqua board registry. Uses GPIO6 and GPIO16: not usable with a Geekworm X1200.',
      },
    ],
  },
  'keyestudio-ks0212': {
    id: 'keyestudio-ks0212',
    name: 'Keyestudio KS0212 RPI 4-channel Relay Shield',
    kind: 'relay',
    channels: relays([4, 22, 6, 26], false),
    inputs: [],
    reserved: [],
    sources: [
      {
        url: 'https://wiki.keyestudio.com/KS0212_keyestudio_RPI_4-channel_Relay_Shield',
        verified: 'third-party',
        note: 'BCM 4, 22, 6, 26 quoted from the Keyestudio wiki by several public projects (the wiki itself was not read); active-high (HIGH energises) per those projects. GPIO4 clashes with 1-Wire, GPIO6 with the Geekworm X1200.',
      },
    ],
  },
  'sbcomponents-pirelay-v2': {
    id: 'sbcomponents-pirelay-v2',
    name: 'SB Components PiRelay V2, 4 channels',
    kind: 'relay',
    channels: relays([19, 13, 6, 5], false),
    inputs: [],
    reserved: [],
    sources: [
      {
        url: 'https://github.com/sbcshop/PiRelay-V2',
        verified: 'vendor',
        note: "Vendor README pinout (Relay 1..4 = BCM 19, 13, 6, 5) and vendor library (on() drives HIGH). GPIO6 clashes with the Geekworm X1200.",
      },
    ],
  },
  'geekworm-x1200': {
    id: 'geekworm-x1200',
    name: 'Geekworm X1200 UPS (Raspberry Pi 5)',
    kind: 'ups',
    channels: [],
    inputs: [{ name: 'power_ok', line: 6, high: 'mains / adapter OK', low: 'mains lost or adapter failed' }],
    reserved: [...I2C.map((r) => ({ ...r, use: `${r.use} (fuel gauge at 0x36)` })), { line: 16, use: 'charge control (HIGH disables charging)' }],
    sources: [
      {
        url: 'https://wiki.geekworm.com/X1200_Hardware',
        verified: 'vendor',
        note: 'Vendor wiki: GPIO6 low = power supply failed, high = OK; GPIO16 charge control; I2C fuel gauge 0x36.',
      },
    ],
  },
};

export interface LineConflict {
  line: number;
  users: string[];
}

/** BCM lines claimed by more than one of the given boards (channels, inputs, reserved lines). */
export function findLineConflicts(boardIds: readonly string[]): LineConflict[] {
  const users = new Map<number, string[]>();
  for (const id of boardIds) {
    const p = BOARD_PROFILES[id];
    if (!p) throw new Error(`Unknown board profile "${id}" (known: ${Object.keys(BOARD_PROFILES).join(', ')}).`);
    const claims: Array<[number, string]> = [
      ...p.channels.map((c): [number, string] => [c.line, `${id} channel ${c.channel}`]),
      ...p.inputs.map((i): [number, string] => [i.line, `${id} ${i.name}`]),
      ...p.reserved.map((r): [number, string] => [r.line, `${id} ${r.use}`]),
    ];
    for (const [line, who] of claims) users.set(line, [...(users.get(line) ?? []), who]);
  }
  return [...users.entries()]
    .filter(([, who]) => who.length > 1)
    .sort(([a], [b]) => a - b)
    .map(([line, who]) => ({ line, users: who }));
}
