import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { DEFAULT_SCRYPT, hashSecret, parseHash, sameDigest, sha256, verifySecret } from '../../../daemon/auth/secrets.js';
import { FAST_SCRYPT } from './helpers.js';

describe('scrypt hashes', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashSecret('correct horse battery', randomBytes, FAST_SCRYPT);
    expect(await verifySecret('correct horse battery', h)).toBe(true);
    expect(await verifySecret('correct horse batterz', h)).toBe(false);
    expect(await verifySecret('', h)).toBe(false);
  });

  it('stores the parameters and a fresh salt with each hash', async () => {
    const a = await hashSecret('1357', randomBytes, FAST_SCRYPT);
    const b = await hashSecret('1357', randomBytes, FAST_SCRYPT);
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$256$8$1$')).toBe(true);
    expect(parseHash(a)?.params).toEqual(FAST_SCRYPT);
    expect(a).not.toContain('1357');
  });

  it('checks with the parameters stored, not the current defaults', async () => {
    const h = await hashSecret('ancien mot de passe', randomBytes, { N: 512, r: 4, p: 2 });
    expect(await verifySecret('ancien mot de passe', h)).toBe(true);
  });

  it('the default parameters are accepted (16 MiB, within the memory cap)', async () => {
    const h = await hashSecret('x'.repeat(12), randomBytes, DEFAULT_SCRYPT);
    expect(parseHash(h)?.params).toEqual(DEFAULT_SCRYPT);
  });

  it('normalises Unicode, so é typed either way is the same password', async () => {
    const h = await hashSecret('caf\u00e9 au lait!', randomBytes, FAST_SCRYPT);
    expect(await verifySecret('cafe\u0301 au lait!', h)).toBe(true);
  });

  it('a damaged or absurd stored hash is a mismatch, never a crash', async () => {
    for (const bad of ['', 'plain', 'scrypt$x$8$1$aa$bb', 'scrypt$1048576$64$16$AAAAAAAAAAA=$AAAA', 'bcrypt$2$8$1$AAAAAAAAAAA=$AAAA']) {
      expect(await verifySecret('whatever', bad)).toBe(false);
    }
    await expect(hashSecret('x', randomBytes, { N: 1000, r: 8, p: 1 })).rejects.toThrow('invalid scrypt');
  });

  it('compares digests in constant time and only full digests', () => {
    expect(sameDigest(sha256('a'), sha256('a'))).toBe(true);
    expect(sameDigest(sha256('a'), sha256('b'))).toBe(false);
    expect(sameDigest(sha256('a'), '')).toBe(false);
  });
});
