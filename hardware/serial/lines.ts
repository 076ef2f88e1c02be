// Line protocols of serial LoRa point-to-point modules (receive side). Pure: no I/O, no clock.
// Formats: /work/shared/fixtures/lora-serial-lines.json (copied in test/hardware/serial/fixtures/).
//   RAK3172 RUI3:        +EVT:RXP2P:<rssi>:<snr>:<hex>
//   RAK3172 (old, 2 l.): +EVT:RXP2P, RSSI <rssi>, SNR <snr>   then   +EVT:<hex>  (or bare <hex>)
//   RN2483 / LoStik:     radio_rx <hex>   (one or two spaces seen in the wild: split on whitespace)

export type LoRaModule = 'rak3172' | 'rn2483';

export interface RxPacket {
  module: LoRaModule;
  /** payload as upper-case hex, even length, never empty */
  hex: string;
  rssi?: number;
  snr?: number;
}

export type LineRejectReason =
  | 'bad_hex' // payload is empty, of odd length or not hex
  | 'line_too_long' // over MAX_LINE_LENGTH characters (noise, wrong baud rate)
  | 'malformed' // a receive line whose RSSI/SNR fields do not parse
  | 'incomplete' // first line of the old two-line form not followed by its data line
  | 'unknown_line'; // not a line either module prints

export type LineEvent =
  | { type: 'packet'; packet: RxPacket }
  | { type: 'reject'; reason: LineRejectReason; detail: string }
  /** a reply to a command (OK, ok, AT_*, busy, the number `mac pause` prints…): ignored, but paces commands */
  | { type: 'reply'; line: string }
  /** the radio left receive mode without a packet (RN2483 radio_err after its watchdog, RAK RX timeout) */
  | { type: 'rx_idle'; module: LoRaModule }
  /** the module printed its start banner: it restarted and is no longer receiving */
  | { type: 'boot'; module: LoRaModule };

export const MAX_LINE_LENGTH = 1024;

const RAK_ONE_LINE = /^\+EVT:RXP2P:(.*)$/;
const RAK_HEADER = /^(?:\+EVT:)?RXP2P,\s*RSSI\s*(-?\d+),\s*SNR\s*(-?\d+)\s*$/i;
const RAK_DATA_EVT = /^\+EVT:([^\s:,]*)$/;
const RN_RX = /^radio_rx(?:\s+(.*))?$/;
const INT = /^-?\d+$/;
const HEX = /^[0-9A-Fa-f]+$/;

// Lines that carry nothing for us. Replies pace the command queue; the rest are dropped silently.
const REPLIES = /^(?:OK|ok|AT_[A-Z_]+|invalid_param|busy|denied|radio_tx_ok|\d+)$/;
const IGNORED = [
  /^AT(?:[+#].*)?$/i, // command echo (RUI3 echoes what it is sent)
  /^\+EVT:/, // other RUI3 events (TXP2P DONE…)
  /^RAKwireless\b/, // start banner
  /^-{3,}$/,
];
const RAK_BOOT = /^Current Work Mode:/i;
const RN_BOOT = /^RN2[49]\d3\s/; // "RN2483 1.0.5 Oct 31 2018 15:06:52" on reset

/** Upper-case hex of a payload, or the reason it is not one. */
function checkHex(hex: string): { hex: string } | { detail: string } {
  if (hex.length === 0) return { detail: 'empty payload' };
  if (!HEX.test(hex)) return { detail: `not hex: ${clip(hex)}` };
  if (hex.length % 2 !== 0) return { detail: `odd number of hex digits (${hex.length})` };
  return { hex: hex.toUpperCase() };
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function packetOrReject(module: LoRaModule, rawHex: string, rssi?: number, snr?: number): LineEvent {
  const r = checkHex(rawHex);
  if ('detail' in r) return { type: 'reject', reason: 'bad_hex', detail: r.detail };
  const packet: RxPacket = { module, hex: r.hex };
  if (rssi !== undefined) packet.rssi = rssi;
  if (snr !== undefined) packet.snr = snr;
  return { type: 'packet', packet };
}

/**
 * State machine over received lines. The only state is the pending header of the old two-line RAK
 * form; any line that is not its data line drops it (reported as 'incomplete') so it cannot leak
 * onto a later packet.
 */
export class LineParser {
  private pending: { rssi: number; snr: number } | null = null;

  /** Events for one line (usually zero or one). Never throws. */
  feed(rawLine: string): LineEvent[] {
    const line = rawLine.replace(/[\r\n]+$/, '');
    const header = this.pending;
    this.pending = null;
    if (line.length > MAX_LINE_LENGTH) {
      const tooLong: LineEvent = {
        type: 'reject',
        reason: 'line_too_long',
        detail: `${line.length} characters (max ${MAX_LINE_LENGTH})`,
      };
      return header ? [incomplete(), tooLong] : [tooLong];
    }
    const text = line.trim();
    if (header) {
      const data = twoLineData(text);
      if (data !== null) return [packetOrReject('rak3172', data, header.rssi, header.snr)];
      return [incomplete(), ...this.single(text)];
    }
    return this.single(text);
  }

  /** Forget a pending header (e.g. after the port reopened). */
  reset(): void {
    this.pending = null;
  }

  private single(text: string): LineEvent[] {
    if (text === '') return [];
    let m = RAK_ONE_LINE.exec(text);
    if (m) {
      // rssi:snr:hex; the hex field cannot hold ':' so split from the left
      const parts = m[1].split(':');
      if (parts.length !== 3 || !INT.test(parts[0]) || !INT.test(parts[1])) {
        return [{ type: 'reject', reason: 'malformed', detail: `RXP2P fields: ${clip(m[1])}` }];
      }
      return [packetOrReject('rak3172', parts[2], Number(parts[0]), Number(parts[1]))];
    }
    m = RAK_HEADER.exec(text);
    if (m) {
      this.pending = { rssi: Number(m[1]), snr: Number(m[2]) };
      return [];
    }
    if (/^\+EVT:RXP2P\s+RECEIVE\s+TIMEOUT/i.test(text)) return [{ type: 'rx_idle', module: 'rak3172' }];
    m = RN_RX.exec(text);
    if (m) {
      const fields = (m[1] ?? '').split(/\s+/).filter((f) => f !== '');
      if (fields.length > 1) return [{ type: 'reject', reason: 'bad_hex', detail: `spaces in payload: ${clip(m[1])}` }];
      return [packetOrReject('rn2483', fields[0] ?? '')];
    }
    if (text === 'radio_err') return [{ type: 'rx_idle', module: 'rn2483' }];
    m = RAK_DATA_EVT.exec(text);
    if (m && HEX.test(m[1])) return [{ type: 'reject', reason: 'incomplete', detail: 'data line without its RXP2P header' }];
    if (REPLIES.test(text)) return [{ type: 'reply', line: text }];
    if (RAK_BOOT.test(text)) return [{ type: 'boot', module: 'rak3172' }];
    if (RN_BOOT.test(text)) return [{ type: 'boot', module: 'rn2483' }];
    if (IGNORED.some((re) => re.test(text))) return [];
    return [{ type: 'reject', reason: 'unknown_line', detail: clip(text) }];
  }
}

/** The hex of the second line of the two-line form, or null when the line is something else. */
function twoLineData(text: string): string | null {
  const m = RAK_DATA_EVT.exec(text);
  if (m) return m[1];
  return HEX.test(text) ? text : null; // the RUI3 manual's table shows the data bare
}

function incomplete(): LineEvent {
  return { type: 'reject', reason: 'incomplete', detail: 'RXP2P header without its data line' };
}

/** The line a module prints for a received payload: what the simulator writes to a fake port. */
export function formatRxLine(module: LoRaModule, hex: string, rssi = -70, snr = 8): string {
  return module === 'rak3172' ? `+EVT:RXP2P:${rssi}:${snr}:${hex}` : `radio_rx  ${hex}`;
}
