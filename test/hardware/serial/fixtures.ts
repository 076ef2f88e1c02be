// Exact receive-side lines from the vendor docs and public code (fixtures/lora-serial-lines.json,
// a copy of /work/shared/fixtures/lora-serial-lines.json with its sources).
import { readFileSync } from 'node:fs';

interface Fixture {
  rak_rui3: {
    rxLines: { line: string; fields?: { rssi: number; snr: number; payloadHex: string } }[];
    legacyTwoLineFormat: { lines: [string, string]; asyncEventsTableEntries: [string, string] };
    statusCodes: string[];
    setup: { cmd: string; docExampleOutput?: string[] }[];
  };
  microchip_rn2483: {
    setup: { cmd: string; reply?: string }[];
    rxResponses: { immediate: string[]; afterReceive: string[] };
    txResponses: { immediate: string[]; afterTransmit: string[] };
  };
}

export const FIXTURE = JSON.parse(
  readFileSync(new URL('./fixtures/lora-serial-lines.json', import.meta.url), 'utf8'),
) as Fixture;

const rx = FIXTURE.rak_rui3.rxLines;
/** "+EVT:RXP2P:-30:13:1234" and "+EVT:RXP2P:-60:11:AABBCCDD" */
export const RAK_ONE_LINE = rx.filter((l) => l.fields !== undefined);
/** "+EVT:RXP2P RECEIVE TIMEOUT" */
export const RAK_TIMEOUT = rx.find((l) => l.fields === undefined)!.line;
/** ["+EVT:RXP2P, RSSI -60, SNR 11", "+EVT:AABBCCDD"] */
export const RAK_TWO_LINES = FIXTURE.rak_rui3.legacyTwoLineFormat.lines;
/** ["RXP2P, RSSI -110, SNR 5", "00112233"] (the RUI3 manual's async events table) */
export const RAK_TABLE_LINES = FIXTURE.rak_rui3.legacyTwoLineFormat.asyncEventsTableEntries;
/** RN2483: the manual's 'radio_rx <data>' (one space) … */
export const rnOneSpace = (hex: string): string =>
  FIXTURE.microchip_rn2483.rxResponses.afterReceive.find((l) => l.startsWith('radio_rx'))!.replace('<data>', hex);
/** … and the 10-character 'radio_rx  ' prefix (two spaces) that public LoStik parsers strip */
export const rnTwoSpaces = (hex: string): string => `radio_rx  ${hex}`;
/** reply of `mac pause` (K7CTC/lostik rx.py) */
export const RN_PAUSE_REPLY = FIXTURE.microchip_rn2483.setup.find((s) => s.cmd === 'mac pause')!.reply!;
