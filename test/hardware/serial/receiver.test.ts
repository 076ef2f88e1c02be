// Through a real pty pair made by socat: no mocked port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricValue } from '../../../common/metrics.js';
import { bytesToHex, encodeFrame } from '../../../hardware/serial/frame.js';
import {
  LoRaSerialReceiver,
  type LoRaSerialReceiverOptions,
  type ReceivedFrame,
  type ReceiverStatus,
} from '../../../hardware/serial/receiver.js';
import { RAK_ONE_LINE, RAK_TWO_LINES, RN_PAUSE_REPLY, rnOneSpace, rnTwoSpaces } from './fixtures.js';
import { Peer, SocatPair, sleep, waitFor } from './pty.js';

const A1: MetricValue[] = [
  { metric: 'temperature', value: 3.5 },
  { metric: 'battery', value: 90 },
];
const B2: MetricValue[] = [{ metric: 'co2', value: 1240 }];
const hexA1 = bytesToHex(encodeFrame('A1', A1));
const hexB2 = bytesToHex(encodeFrame('B2', B2));
const rakLine = (hex: string, rssi = -72, snr = 9) => `+EVT:RXP2P:${rssi}:${snr}:${hex}`;

let dir: string;
let socat: SocatPair;
let peers: Peer[];
let receivers: LoRaSerialReceiver[];
let frames: ReceivedFrame[];
let rejects: { reason: string; detail: string }[];
let statuses: ReceiverStatus[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'relais-lora-'));
  socat = new SocatPair(join(dir, 'dev'), join(dir, 'peer'));
  peers = [];
  receivers = [];
  frames = [];
  rejects = [];
  statuses = [];
});

afterEach(async () => {
  for (const r of receivers) await r.close();
  for (const p of peers) await p.close();
  await socat.stop();
  rmSync(dir, { recursive: true, force: true });
});

function receiver(opts: Partial<LoRaSerialReceiverOptions> = {}): LoRaSerialReceiver {
  const r = new LoRaSerialReceiver({
    path: socat.dev,
    module: 'rak3172',
    reopenMs: 100,
    replyTimeoutMs: 200,
    onFrame: (f) => frames.push(f),
    onReject: (reason, detail) => rejects.push({ reason, detail }),
    onStatus: (s) => statuses.push(s),
    ...opts,
  });
  receivers.push(r);
  return r;
}

async function openPeer(): Promise<Peer> {
  const p = await Peer.open(socat.peer);
  peers.push(p);
  return p;
}

describe('LoRaSerialReceiver over a socat pty', () => {
  it('RAK3172: sends AT+PRECV=65534, reads one-line and two-line frames', async () => {
    await socat.start();
    const peer = await openPeer();
    const r = receiver();
    await r.open();
    expect(r.status().open).toBe(true);
    await waitFor(() => peer.commands().includes('AT+PRECV=65534'), 'setup command');
    await peer.send('AT+PRECV=65534', 'OK'); // RUI3 echo and reply

    await peer.send(rakLine(hexA1));
    await waitFor(() => frames.length === 1, 'one-line frame');
    expect(frames[0]).toMatchObject({ address: 'A1', values: A1, module: 'rak3172', rssi: -72, snr: 9, hex: hexA1 });

    await peer.send(RAK_TWO_LINES[0], `+EVT:${hexB2}`); // "+EVT:RXP2P, RSSI -60, SNR 11"
    await waitFor(() => frames.length === 2, 'two-line frame');
    expect(frames[1]).toMatchObject({ address: 'B2', values: B2, rssi: -60, snr: 11 });

    const s = r.status();
    expect(s).toMatchObject({ path: socat.dev, open: true, module: 'rak3172', framesReceived: 2, rejected: {} });
    expect(s.lastFrameAt).toBeGreaterThan(0);
    expect(rejects).toEqual([]);
  });

  it('RN2483: mac pause, radio rx 0, re-arms after every radio_rx and radio_err', async () => {
    await socat.start();
    const peer = await openPeer();
    const r = receiver({ module: 'rn2483', replyTimeoutMs: 2000 });
    await r.open();
    await waitFor(() => peer.commands().length === 1, 'mac pause');
    await sleep(50);
    expect(peer.commands()).toEqual(['mac pause']); // waits for the reply before the next command
    await peer.send(RN_PAUSE_REPLY);
    await waitFor(() => peer.commands().length === 2, 'radio rx 0');
    expect(peer.commands()).toEqual(['mac pause', 'radio rx 0']);
    await peer.send('ok');

    await peer.send(rnTwoSpaces(hexA1));
    await waitFor(() => frames.length === 1 && peer.commands().length === 3, 'frame and re-arm');
    expect(frames[0]).toMatchObject({ address: 'A1', values: A1, module: 'rn2483' });
    expect(frames[0].rssi).toBeUndefined();
    await peer.send('ok', rnOneSpace(hexB2));
    await waitFor(() => frames.length === 2 && peer.commands().length === 4, 'second frame and re-arm');
    await peer.send('ok', 'radio_err'); // the radio watchdog ended RX
    await waitFor(() => peer.commands().length === 5, 're-arm after radio_err');
    expect(peer.commands().slice(2)).toEqual(['radio rx 0', 'radio rx 0', 'radio rx 0']);
    expect(frames[1]).toMatchObject({ address: 'B2', values: B2 });
  });

  it('setup: false sends nothing', async () => {
    await socat.start();
    const peer = await openPeer();
    const r = receiver({ module: 'rn2483', setup: false });
    await r.open();
    await peer.send(rnTwoSpaces(hexA1));
    await waitFor(() => frames.length === 1, 'frame');
    await sleep(50);
    expect(peer.received).toBe('');
  });

  it('garbage is rejected and counted, and the next good frame still arrives', async () => {
    await socat.start();
    const peer = await openPeer();
    const r = receiver();
    await r.open();
    const badCrc = hexA1.slice(0, -2) + (hexA1.endsWith('00') ? '01' : '00');
    await peer.send(
      '\u0001\u00fe#garbage',
      '+EVT:RXP2P:-70:8:ABC', // odd hex
      '+EVT:RXP2P:-70:8:NOTHEX',
      rakLine(badCrc),
      rakLine('AABBCCDD'), // the doc sample payload is not a Relais frame
      'x'.repeat(1500),
      RAK_TWO_LINES[0], // header whose data line never comes
    );
    await peer.sendRaw(Buffer.alloc(5000, 0x55)); // noise without any line end
    await peer.send('', rakLine(hexB2));
    await waitFor(() => frames.length === 1, 'good frame after garbage');
    expect(frames[0]).toMatchObject({ address: 'B2', values: B2 });
    expect(r.status().rejected).toEqual({
      unknown_line: 1,
      bad_hex: 2,
      bad_crc: 1,
      bad_magic: 1,
      line_too_long: 2,
      incomplete: 1,
    });
    expect(rejects.find((x) => x.reason === 'bad_crc')?.detail).toContain(badCrc);
  });

  it('unplug: reports closed, reopens by itself when the device is back, setup sent again', async () => {
    await socat.start();
    let peer = await openPeer();
    const r = receiver();
    await r.open();
    await waitFor(() => peer.commands().length === 1, 'setup');
    await peer.send(rakLine(hexA1));
    await waitFor(() => frames.length === 1, 'frame before unplug');

    await socat.stop();
    await waitFor(() => !r.status().open, 'closed');
    const closed = statuses.at(-1)!;
    expect(closed.open).toBe(false);
    expect(closed.lastError).toBeTruthy();
    await sleep(350); // several failed retries while unplugged: no throw, one status only
    expect(statuses.filter((s) => !s.open).length).toBeLessThanOrEqual(2);

    await socat.start();
    peer = await openPeer();
    await waitFor(() => r.status().open, 'reopened');
    expect(statuses.at(-1)!.open).toBe(true);
    await waitFor(() => peer.commands().includes('AT+PRECV=65534'), 'setup after reopen');
    await peer.send(RAK_ONE_LINE[0].line.replace('1234', hexB2));
    await waitFor(() => frames.length === 2, 'frame after replug');
    expect(frames[1]).toMatchObject({ address: 'B2', rssi: -30, snr: 13 });
    expect(r.status().framesReceived).toBe(2);
  });

  it('starts without the device, retries without flooding, opens when it appears', async () => {
    const warnings: string[] = [];
    const debug: string[] = [];
    const logger = {
      debug: (_o: object, m: string) => debug.push(m),
      info: () => {},
      warn: (_o: object, m: string) => warnings.push(m),
    };
    const r = receiver({ logger });
    await r.open();
    expect(r.status()).toMatchObject({ open: false, lastError: expect.stringMatching(/no such file/i) });
    await sleep(450);
    const attempts = 1 + debug.length;
    expect(attempts).toBeGreaterThanOrEqual(3); // retried
    expect(attempts).toBeLessThanOrEqual(7); // every reopenMs, not a busy loop
    expect(warnings).toHaveLength(1); // logged once
    expect(statuses).toHaveLength(1);

    await socat.start();
    const peer = await openPeer();
    await waitFor(() => r.status().open, 'opened once the device exists');
    await peer.send(rakLine(hexA1));
    await waitFor(() => frames.length === 1, 'frame');
  });

  it('close() stops retrying', async () => {
    const r = receiver();
    await r.open();
    await r.close();
    await socat.start();
    await sleep(300);
    expect(r.status().open).toBe(false);
  });

  it('a throwing onFrame does not stop the receiver', async () => {
    await socat.start();
    const peer = await openPeer();
    let calls = 0;
    const r = receiver({
      onFrame: () => {
        calls++;
        throw new Error('consumer bug');
      },
    });
    await r.open();
    await peer.send(rakLine(hexA1), rakLine(hexB2));
    await waitFor(() => calls === 2, 'both frames despite the throw');
    expect(r.status().framesReceived).toBe(2);
  });
});
