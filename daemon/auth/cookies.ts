// The one cookie Relais sets, by hand (no @fastify/cookie needed for a single name).

/** The value of cookie `name` in a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let v = part.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    return v;
  }
  return null;
}

export interface CookieOptions {
  maxAgeS: number;
  secure: boolean;
}

/**
 * HttpOnly: page scripts never read it. SameSite=Strict: other sites' pages do not send it
 * (the X-Relais / Origin check covers old browsers that ignore SameSite). The value is
 * base64url, so it needs no quoting.
 */
export function setCookie(name: string, value: string, o: CookieOptions): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.max(0, Math.floor(o.maxAgeS))}${o.secure ? '; Secure' : ''}`;
}

export function clearCookie(name: string, secure: boolean): string {
  return setCookie(name, '', { maxAgeS: 0, secure });
}
