import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { NODE_FLAGS } from '../../cli/node-flags.js';

describe('node flags', () => {
  it('npm start runs the daemon with the same V8 flags as the benchmark measures', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`node ${NODE_FLAGS.join(' ')} dist/cli/relais.js site --demo`);
  });
});
