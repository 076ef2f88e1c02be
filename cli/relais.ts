#!/usr/bin/env node
// The one CLI: `relais site`, `relais check-config`, `relais simulate`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runSite, runCheckConfig, runSimulate, runGpioSafe, runHaccpVerify } from './commands.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// dist/cli/relais.js → package root two levels up; cli/relais.ts (tests) → one level up
export const PACKAGE_ROOT = path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '../..') : path.resolve(here, '..');

const USAGE = `Relais: doors, shutters, lights, cold chain and air quality for schools.

Usage:
  relais site --config FILE      run the site daemon
  relais site --demo             run the demo school (embedded broker, simulated sensors)
  relais check-config FILE       validate a site configuration file
  relais simulate --config FILE [--url mqtt://HOST:PORT] [--interval SECONDS]
                                 publish simulated readings for the configured sensors
  relais gpio safe --config FILE  put every relay in its safe (de-energised) state
  relais haccp verify --config FILE
                                 check that the HACCP register was not edited (hash chain)
  relais --version
`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string', short: 'c' },
      demo: { type: 'boolean' },
      url: { type: 'string' },
      interval: { type: 'string' },
      'log-level': { type: 'string' },
    },
  });
  switch (cmd) {
    case 'site': {
      const file = values.demo ? path.join(PACKAGE_ROOT, 'examples/demo-site.yaml') : values.config;
      if (!file) return usage('relais site needs --config FILE (or --demo)');
      return runSite(file, { demo: Boolean(values.demo), logLevel: values['log-level'] });
    }
    case 'check-config': {
      const file = positionals[0] ?? values.config;
      if (!file) return usage('relais check-config needs a FILE');
      return runCheckConfig(file);
    }
    case 'simulate': {
      if (!values.config) return usage('relais simulate needs --config FILE');
      const interval = values.interval ? Number(values.interval) : 10;
      if (!Number.isFinite(interval) || interval <= 0) return usage('--interval must be a number of seconds');
      return runSimulate(values.config, { url: values.url, intervalMs: interval * 1000 });
    }
    case 'gpio': {
      if (positionals[0] !== 'safe') return usage('relais gpio: the only subcommand is "safe"');
      if (!values.config) return usage('relais gpio safe needs --config FILE');
      return runGpioSafe(values.config);
    }
    case 'haccp': {
      if (positionals[0] !== 'verify') return usage('relais haccp: the subcommand is "verify"');
      if (!values.config) return usage('relais haccp verify needs --config FILE');
      return runHaccpVerify(values.config);
    }
    case '--version':
    case 'version': {
      const { VERSION } = await import('../daemon/version.js');
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    case undefined:
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    default:
      return usage(`unknown command "${cmd}"`);
  }
}

function usage(message: string): number {
  process.stderr.write(`relais: ${message}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (err: Error & { code?: string }) => {
    process.stderr.write(`relais: ${err.message}\n`);
    process.exitCode = err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? 2 : 1;
  },
);
