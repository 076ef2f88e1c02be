import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = findPackage();

function findPackage(): { version: string } {
  // dist/daemon/version.js and daemon/version.ts sit at different depths
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const p = require(rel) as { name?: string; version: string };
      if (p.name === 'relais') return p;
    } catch {
      /* try the next depth */
    }
  }
  return { version: '0.0.0' };
}

export const VERSION: string = pkg.version;
