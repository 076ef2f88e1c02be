import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRxLine, LineParser, MAX_LINE_LENGTH, type LineEvent } from '../../../hardware/serial/lines.js';
import {
  FIXTURE,
  RAK_ONE_LINE,
  RAK_TABLE_LINES,
  RAK_TIMEOUT,
  RAK_TWO_LINES,
  RN_PAUSE_REPLY,
  rnOneSpace,
  rnTwoSpaces,
} from './fixtures.js';

const feedAll = (p: LineParser, lines: string[]): LineEvent[] => lines.flatMap((l) => p.feed(l));
const packets = (evs: LineEvent[]) => evs.flatMap((e) => (e.type === 'packet' ? [e.packet] : []));
const rejects = (evs: LineEvent[]) => evs.flatMap((e) => (e.type === 'reject' ? [e.reason] : []));

describe('LineParser: RAK3172 RUI3', () => {
  it('reads the one-line +EVT:RXP2P samples of the vendor docs', () => {
    expect(RAK_ONE_LINE).toHaveLength(2);
    for (const { line, fields } of RAK_ONE_LINE) {
      expect(new LineParser().feed(line)).toEqual([
        { type: 'packet', packet: { module: 'rak3172', hex: fields!.payloadHex, rssi: fields!.rssi, snr: fields!.snr } },
      ]);
    }
  });

  it('accepts CRLF endings and lower-case hex (normalised to upper case)', () => {
    const [p] = packets(new LineParser().feed('+EVT:RXP2P:-30:13:abcd\r\n'));
    expect(p).toEqual({ module: 'rak3172', hex: 'ABCD', rssi: -30, snr: 13 });
  });

  it('reads the older two-line form', () => {
    const p = new LineParser();
    expect(p.feed(RAK_TWO_LINES[0])).toEqual([]);
    expect(p.feed(RAK_TWO_LINES[1])).toEqual([
      { type: 'packet', packet: { module: 'rak3172', hex: 'AABBCCDD', rssi: -60, snr: 11 } },
    ]);
  });

  it("reads the RUI3 manual's async events table form (no +EVT:, bare hex)", () => {
    const evs = feedAll(new LineParser(), [...RAK_TABLE_LINES]);
    expect(packets(evs)).toEqual([{ module: 'rak3172', hex: '00112233', rssi: -110, snr: 5 }]);
  });

  it('a dangling header followed by something else resets and that line is still handled', () => {
    const p = new LineParser();
    // header then OK: incomplete, OK is a reply
    expect(feedAll(p, [RAK_TWO_LINES[0], 'OK'])).toEqual([
      { type: 'reject', reason: 'incomplete', detail: expect.any(String) },
      { type: 'reply', line: 'OK' },
    ]);
    // header then a one-line packet: the packet keeps its own RSSI/SNR
    const evs = feedAll(p, [RAK_TWO_LINES[0], RAK_ONE_LINE[0].line]);
    expect(rejects(evs)).toEqual(['incomplete']);
    expect(packets(evs)).toEqual([{ module: 'rak3172', hex: '1234', rssi: -30, snr: 13 }]);
    // header, header, data: the data line belongs to the second header
    const evs2 = feedAll(p, [RAK_TWO_LINES[0], RAK_TABLE_LINES[0], RAK_TWO_LINES[1]]);
    expect(rejects(evs2)).toEqual(['incomplete']);
    expect(packets(evs2)).toEqual([{ module: 'rak3172', hex: 'AABBCCDD', rssi: -110, snr: 5 }]);
    // and nothing leaks afterwards: a bare data line is no packet
    expect(packets(p.feed(RAK_TWO_LINES[1]))).toEqual([]);
  });

  it('a data line without header is counted as incomplete; reset() forgets a header', () => {
    expect(rejects(new LineParser().feed(RAK_TWO_LINES[1]))).toEqual(['incomplete']);
    const p = new LineParser();
    p.feed(RAK_TWO_LINES[0]);
    p.reset();
    expect(rejects(p.feed(RAK_TWO_LINES[1]))).toEqual(['incomplete']);
  });

  it('reports the RX timeout as rx_idle and module restarts as boot', () => {
    expect(new LineParser().feed(RAK_TIMEOUT)).toEqual([{ type: 'rx_idle', module: 'rak3172' }]);
    const banner = FIXTURE.rak_rui3.setup.find((s) => s.docExampleOutput)!.docExampleOutput!;
    expect(feedAll(new LineParser(), banner)).toEqual([{ type: 'boot', module: 'rak3172' }]);
  });

  it('status codes are replies and the command echo is ignored', () => {
    const p = new LineParser();
    for (const code of FIXTURE.rak_rui3.statusCodes) expect(p.feed(code)).toEqual([{ type: 'reply', line: code }]);
    expect(feedAll(p, ['AT+PRECV=65534', 'AT', '', '   ', '+EVT:TXP2P DONE'])).toEqual([]);
  });

  it('rejects malformed RXP2P fields', () => {
    const p = new LineParser();
    expect(rejects(feedAll(p, ['+EVT:RXP2P:x:13:1234', '+EVT:RXP2P:-30:1234', '+EVT:RXP2P:-30:1:2:34']))).toEqual([
      'malformed',
      'malformed',
      'malformed',
    ]);
  });
});

describe('LineParser: RN2483 / LoStik', () => {
  it('reads radio_rx with one or two spaces, or a tab', () => {
    const p = new LineParser();
    const evs = feedAll(p, [rnOneSpace('5201'), rnTwoSpaces('AABBCCDD'), 'radio_rx\t00ff ']);
    expect(packets(evs)).toEqual([
      { module: 'rn2483', hex: '5201' },
      { module: 'rn2483', hex: 'AABBCCDD' },
      { module: 'rn2483', hex: '00FF' },
    ]);
  });

  it('replies and radio_err', () => {
    const p = new LineParser();
    const { immediate } = FIXTURE.microchip_rn2483.rxResponses;
    for (const r of [...immediate, RN_PAUSE_REPLY, 'radio_tx_ok']) expect(p.feed(r)).toEqual([{ type: 'reply', line: r }]);
    expect(p.feed('radio_err')).toEqual([{ type: 'rx_idle', module: 'rn2483' }]);
    expect(p.feed('RN2483 1.0.5 Oct 31 2018 15:06:52')).toEqual([{ type: 'boot', module: 'rn2483' }]);
  });
});

describe('LineParser: rejections', () => {
  it.each([
    ['odd length', '+EVT:RXP2P:-30:13:123'],
    ['non-hex', '+EVT:RXP2P:-30:13:12ZZ'],
    ['empty', '+EVT:RXP2P:-30:13:'],
    ['RN odd', rnTwoSpaces('ABC')],
    ['RN non-hex', rnOneSpace('hello!')],
    ['RN empty', 'radio_rx'],
    ['RN two tokens', 'radio_rx  AB CD'],
  ])('bad_hex: %s', (_name, line) => {
    expect(rejects(new LineParser().feed(line))).toEqual(['bad_hex']);
  });

  it('bad_hex on the second line of the two-line form', () => {
    expect(rejects(feedAll(new LineParser(), [RAK_TWO_LINES[0], '+EVT:AABBCCD']))).toEqual(['bad_hex']);
  });

  it('line_too_long over 1024 characters, even when it would be a valid packet', () => {
    const ok = `+EVT:RXP2P:-30:13:${'A'.repeat(MAX_LINE_LENGTH - 18)}`;
    expect(ok).toHaveLength(MAX_LINE_LENGTH);
    expect(packets(new LineParser().feed(ok))).toHaveLength(1);
    expect(rejects(new LineParser().feed(`${ok}AA`))).toEqual(['line_too_long']);
    expect(rejects(feedAll(new LineParser(), [RAK_TWO_LINES[0], 'x'.repeat(2000)]))).toEqual(['incomplete', 'line_too_long']);
  });

  it('unknown lines are rejected, not ignored', () => {
    expect(rejects(new LineParser().feed('\u0000\u00ff garbage ~~'))).toEqual(['unknown_line']);
  });

  it('property: never throws, and no garbage makes the next good packet wrong', () => {
    const good = RAK_ONE_LINE[1];
    const line = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.constantFrom(RAK_TWO_LINES[0], RAK_TWO_LINES[1], RAK_TABLE_LINES[0], 'OK', 'radio_err', rnTwoSpaces('0G')),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:+EVT,RXP2P -\r\n'.split('')), maxLength: 40 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        const p = new LineParser();
        for (const l of lines) for (const ev of p.feed(l)) if (ev.type === 'packet') expect(ev.packet.hex).toMatch(/^([0-9A-F]{2})+$/);
        const last = packets(p.feed(good.line));
        expect(last).toEqual([{ module: 'rak3172', hex: 'AABBCCDD', rssi: -60, snr: 11 }]);
      }),
    );
  });
});

describe('formatRxLine', () => {
  it('writes what the parser reads back', () => {
    const rak = new LineParser().feed(formatRxLine('rak3172', '5201', -80, -3));
    expect(packets(rak)).toEqual([{ module: 'rak3172', hex: '5201', rssi: -80, snr: -3 }]);
    expect(packets(new LineParser().feed(formatRxLine('rn2483', '5201')))).toEqual([{ module: 'rn2483', hex: '5201' }]);
  });
});
