// CSV (RFC 4180) in UTF-8. The ';' variant is what French spreadsheet software expects by default;
// it gets a BOM so accented names open correctly there.

export type CsvSeparator = ',' | ';';

function cell(v: unknown, sep: CsvSeparator): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'number' ? (sep === ';' ? String(v).replace('.', ',') : String(v)) : String(v);
  // a leading =, +, - or @ would be run as a formula by spreadsheets (CSV injection)
  if (typeof v === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /["\r\n,;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: unknown[][], sep: CsvSeparator = ','): string {
  const lines = [header, ...rows].map((r) => r.map((v) => cell(v, sep)).join(sep));
  return (sep === ';' ? '\ufeff' : '') + lines.join('\r\n') + '\r\n';
}
