import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RelaisError } from '../../../common/errors.js';
import { HaccpRegister } from '../../../daemon/haccp/records.js';
import { verifyRegisterFile, verifySummary } from '../../../daemon/haccp/verify.js';
import { Store } from '../../../daemon/store/store.js';
import { T0, behindTheBack, rec, tempDir } from './helpers.js';

describe('verifyRegisterFile (relais haccp verify)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  async function site(n: number): Promise<{ path: string; store: Store }> {
    const path = tmp.file();
    const store = Store.open({ path, now: () => T0, bootId: 'boot-file' });
    const reg = new HaccpRegister({ db: store.database, bootId: store.bootId, now: () => T0, clockTrusted: () => true });
    for (let i = 0; i < n; i++) reg.append(rec(i));
    return { path, store };
  }

  it('reads a database the daemon still has open, read-only, and says it is intact', async () => {
    const { path, store } = await site(12);
    const r = verifyRegisterFile(path);
    expect(r.result).toEqual({ ok: true, count: 12, guarded: true });
    expect(r.summary).toBe('Registre HACCP intègre : 12 enregistrement(s) vérifié(s). / HACCP register intact: 12 record(s) verified.');
    await store.close();
  });

  it('names the first bad record of an edited file, in French and English', async () => {
    const { path, store } = await site(12);
    behindTheBack(store.database, "UPDATE haccp_records SET user_login = 'x' WHERE seq = 7");
    await store.close();
    const r = verifyRegisterFile(path);
    expect(r.result).toMatchObject({ ok: false, firstBadSeq: 7, reason: 'hash_mismatch', guarded: false });
    expect(r.summary).toContain('Registre HACCP ALTÉRÉ à l’enregistrement n° 7 : un enregistrement a été modifié');
    expect(r.summary).toContain('HACCP register ALTERED at record 7: a record was edited');
    expect(r.summary).toContain('Edit protection (triggers) missing');
    expect(r.summary).not.toContain('\n');
  });

  it('throws RELAIS_STORE_OPEN for a missing file', () => {
    expect(() => verifyRegisterFile(tmp.file('none.db'))).toThrow(RelaisError);
    try {
      verifyRegisterFile(tmp.file('none.db'));
    } catch (err) {
      expect((err as RelaisError).code).toBe('RELAIS_STORE_OPEN');
    }
  });

  it('summarises every reason on one line', () => {
    for (const reason of ['bad_start', 'broken_link', 'hash_mismatch', 'truncated', 'head_mismatch'] as const) {
      const s = verifySummary({ ok: false, count: 3, firstBadSeq: 4, reason });
      expect(s).toMatch(/^Registre HACCP ALTÉRÉ .* \/ HACCP register ALTERED at record 4: .+$/);
    }
  });
});
