// LoRa point-to-point over serial, end to end: a socat pseudo-terminal plays the RAK3172 on the
// daemon's `serial:` port; frames become readings, unknown nodes are counted, unplug and replug
// show in /api/health and ingest resumes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestSite, type TestSite } from '../helpers/site.js';
import { waitFor } from '../helpers/ports.js';
import { Peer, SocatPair } from '../hardware/serial/pty.js';
import { bytesToHex, encodeFrame } from '../../hardware/serial/frame.js';

let dir: string;
let socat: SocatPair;
let peer: Peer | undefined;
let site: TestSite | undefined;

const get = async (p: string) => {
  const r = await fetch(`${site!.daemon.apiUrl}${p}`);
  return { status: r.status, text: await r.text() };
};
const readings = async (sensor: string) =>
  (JSON.parse((await get(`/api/readings?sensor=${sensor}`)).text) as { readings: Array<{ sensor: string; metric: string; value: number; unit: string }> }).readings;
const health = async () => {
  const h = await get('/api/health');
  return { status: h.status, body: JSON.parse(h.text) as { status: string; problems: string[]; serial: { open: boolean; path: string; module: string; framesReceived: number } } };
};
const rxLine = (address: string, value: number) => `+EVT:RXP2P:-62:8:${bytesToHex(encodeFrame(address, [{ metric: 'temperature', value }]))}`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-serial-e2e-'));
  socat = new SocatPair(path.join(dir, 'ttyLORA'), path.join(dir, 'peer'));
  await socat.start();
  // the module side is open first: what the daemon writes to a pty nobody has open is lost
  peer = await Peer.open(socat.peer);
  site = await startTestSite({ extraYaml: `serial:\n  path: ${socat.dev}\n  module: rak3172\n  reopenMs: 100\n` });
});
afterAll(async () => {
  await peer?.close();
  await site?.stop();
  await socat?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('serial LoRa ingest', () => {
  it('opens the port, puts the module in receive mode and reports it open', async () => {
    const h = await health();
    expect(h.status).toBe(200);
    expect(h.body.serial).toMatchObject({ open: true, path: socat.dev, module: 'rak3172' });
    // RUI3 continuous receive, sent by the daemon on the module side of the pty
    await waitFor(() => peer!.commands().includes('AT+PRECV=65534'), 3000);
  });

  it('stores a frame from node A1 as a reading of sensor congelateur', async () => {
    await peer!.send(rxLine('A1', -19.5));
    await waitFor(async () => (await readings('congelateur')).length === 1, 5000);
    expect(await readings('congelateur')).toEqual([expect.objectContaining({ sensor: 'congelateur', metric: 'temperature', value: -19.5, unit: '°C' })]);
    expect((await health()).body.serial.framesReceived).toBe(1);
  });

  it('rejects a frame from an unknown address, counted as serial unknown_device, and stores nothing', async () => {
    const before = site!.daemon.store.stats().rowsCommitted;
    await peer!.send(rxLine('ZZ9', 4));
    const counted = async () => /relais_ingest_rejected_total\{source="serial",reason="unknown_device"\} 1\b/.test((await get('/metrics')).text);
    await waitFor(counted, 5000);
    await site!.daemon.store.flush();
    expect(site!.daemon.store.stats().rowsCommitted).toBe(before);
    // a well-formed frame for a known node still goes through afterwards
    await peer!.send(rxLine('A1', -18.25));
    await waitFor(async () => (await readings('congelateur')).some((r) => r.value === -18.25), 5000);
  });

  it('reports the port closed when the module is unplugged, then reopens and receives again', async () => {
    await peer!.close();
    peer = undefined;
    await socat.stop(); // socat removes the links, as udev removes /dev/ttyUSB0

    let h = await health();
    await waitFor(async () => (h = await health()).status === 503, 5000);
    expect(h.body.status).toBe('degraded');
    expect(h.body.serial.open).toBe(false);
    expect(h.body.problems).toContain(`serial: ${socat.dev} is not open`);
    expect(h.body.serial.path).toBe(socat.dev);
    expect(site!.logs.join('')).toMatch(/serial port closed/);

    // Plugged back: a new pty on the same link. socat makes it under a temporary name, the module
    // side is opened, then the link appears at once as udev would make it: the daemon, retrying
    // every 100 ms, cannot open it before the module side is there to read its setup command.
    const dev = socat.dev;
    socat = new SocatPair(`${dev}.new`, socat.peer);
    await socat.start();
    peer = await Peer.open(socat.peer);
    fs.renameSync(`${dev}.new`, dev);
    await waitFor(async () => (h = await health()).status === 200, 5000);
    expect(h.body.serial.open).toBe(true);
    expect(h.body.problems).toEqual([]);
    await waitFor(() => peer!.commands().includes('AT+PRECV=65534'), 3000); // receive mode set again
    await peer.send(rxLine('A1', -21));
    await waitFor(async () => (await readings('congelateur')).some((r) => r.value === -21), 5000);
    expect((await readings('congelateur')).map((r) => r.value).sort((a, b) => a - b)).toEqual([-21, -19.5, -18.25]);
  });
});
