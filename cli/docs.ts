// `node dist/cli/docs.js`: prints the README's error-code table from the catalogue, so the
// two cannot drift (a test compares them).
import { ERROR_CODES } from '../common/errors.js';

export function errorCodesTable(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, what]) => `| \`${code}\` | ${what} |`);
  return ['| code | what to do |', '| --- | --- |', ...rows].join('\n');
}

if (process.argv[1]?.endsWith('docs.js')) process.stdout.write(`${errorCodesTable()}\n`);
