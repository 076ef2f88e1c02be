// Prints the benchmark table and appends it, with the machine and date, to BENCHMARKS.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BenchRow {
  name: string;
  value: string;
  target?: string;
  ok?: boolean;
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

export function printAndRecord(title: string, rows: BenchRow[], root: string): void {
  const header = `| figure | measured | target |\n| --- | --- | --- |`;
  const lines = rows.map((r) => `| ${r.name} | ${r.value} | ${r.target ? `${r.target} ${r.ok === undefined ? '' : r.ok ? '✓' : '✗'}` : ''} |`);
  const table = [header, ...lines].join('\n');
  process.stdout.write(`\n${title}\n\n${table}\n\n`);
  const file = path.join(root, 'BENCHMARKS.md');
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, '# Benchmarks\n\nAppended by `npm run bench`. Ratios are measured in the same run; absolute figures vary with the machine and its load.\n');
  }
  fs.appendFileSync(file, `\n## ${title} — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC\n\nMachine: ${machine()}\n\n${table}\n`);
}
