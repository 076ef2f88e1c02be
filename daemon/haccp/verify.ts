// `relais haccp verify`: checks a site database's register without the daemon (read-only, so it
// can run beside a running daemon or on a copy of the SD card), and says it in one line.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { RelaisError } from '../../common/errors.js';
import type { VerifyReason, VerifyResult } from './chain.js';
import { verifyChain } from './records.js';

const REASONS: Record<VerifyReason, { fr: string; en: string }> = {
  bad_start: { fr: 'le début de la chaîne ne correspond à aucune purge enregistrée', en: 'the chain does not start where it should (no matching purge)' },
  broken_link: { fr: 'un enregistrement a été supprimé ou inséré', en: 'a record was deleted or inserted' },
  hash_mismatch: { fr: 'un enregistrement a été modifié', en: 'a record was edited' },
  truncated: { fr: 'des enregistrements ont été supprimés à la fin', en: 'records were deleted at the end' },
  head_mismatch: { fr: 'la tête de chaîne enregistrée ne correspond pas', en: 'the stored chain head does not match' },
};

export function reasonText(reason: VerifyReason): { fr: string; en: string } {
  return REASONS[reason];
}

/** One line, French then English, for the CLI and the screen. */
export function verifySummary(r: VerifyResult): string {
  const unguarded = r.guarded === false && r.count > 0 ? ' Protection contre les modifications absente. / Edit protection (triggers) missing.' : '';
  if (r.ok) {
    return `Registre HACCP intègre : ${r.count} enregistrement(s) vérifié(s). / HACCP register intact: ${r.count} record(s) verified.${unguarded}`;
  }
  const why = r.reason ? REASONS[r.reason] : { fr: 'cause inconnue', en: 'unknown cause' };
  const at = r.firstBadSeq !== undefined ? ` n° ${r.firstBadSeq}` : '';
  const atEn = r.firstBadSeq !== undefined ? ` ${r.firstBadSeq}` : '';
  return `Registre HACCP ALTÉRÉ à l’enregistrement${at} : ${why.fr} (${r.count} vérifié(s) avant). / HACCP register ALTERED at record${atEn}: ${why.en} (${r.count} verified before).${unguarded}`;
}

/** Opens the file read-only, verifies, closes. Throws RELAIS_STORE_OPEN when it cannot be read. */
export function verifyRegisterFile(dbPath: string): { result: VerifyResult; summary: string } {
  if (!existsSync(dbPath)) throw new RelaisError('RELAIS_STORE_OPEN', `no database at ${dbPath}`, { path: dbPath });
  let db: Database.Database;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new RelaisError('RELAIS_STORE_OPEN', `cannot open database ${dbPath}: ${(err as Error).message}`, { path: dbPath });
  }
  try {
    const result = verifyChain(db);
    return { result, summary: verifySummary(result) };
  } finally {
    db.close();
  }
}
