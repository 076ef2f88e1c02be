import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ERROR_CODES } from '../../common/errors.js';
import { errorCodesTable } from '../../cli/docs.js';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('error catalogue', () => {
  it('every code used in the source is in the catalogue', () => {
    const used = new Set<string>();
    for (const dir of ['cli', 'common', 'daemon', 'hardware']) {
      for (const f of sources(dir)) for (const m of fs.readFileSync(f, 'utf8').matchAll(/RELAIS_[A-Z_]+/g)) used.add(m[0]);
    }
    const missing = [...used].filter((c) => !(c in ERROR_CODES));
    expect(missing).toEqual([]);
  });

  it('the README lists the catalogue exactly (regenerate with node dist/cli/docs.js)', () => {
    expect(fs.readFileSync('README.md', 'utf8')).toContain(errorCodesTable());
  });

  it('every message says what to do', () => {
    for (const [code, what] of Object.entries(ERROR_CODES)) expect(what.length, code).toBeGreaterThan(20);
  });
});
