// Times for people: in the site's time zone. Machines get ISO 8601 UTC.

/** 'YYYY-MM-DD HH:mm:ss' in the given zone (sv-SE formats dates the ISO way). */
export function localDateTime(ts: number, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).format(ts);
}

/** Parses an API time: ISO 8601 or epoch milliseconds. Returns null when it is neither. */
export function parseApiTime(s: string): number | null {
  if (/^\d{1,15}$/.test(s)) return Number(s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : null;
}
