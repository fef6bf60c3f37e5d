// Sealed papers of an open ballot. A cast paper is not stored as BallotPaper/BallotChoice rows
// while the ballot is open: the storage order of rows written in the same transaction as the
// participation row (SQLite rowid, PostgreSQL ctid/xmin, the WAL, a backup) would tie each paper to
// the unit that cast it. Instead the choices are encrypted (AES-256-GCM) under a key derived from
// the server's SESSION_SECRET and the ballot id (HKDF-SHA256), so the key is in no database row;
// the close opens the seals, writes the papers in a random order and deletes the seals.
//
// What remains, knowingly:
// - Someone holding both the database (or a backup, or the WAL) and the server's secret can derive
//   the key and open the seals of a ballot; while it is open, the seals' storage order follows the
//   order of the votes, which the participation rows' times give away. Keep the secret out of the
//   database host and its backups.
// - Without the secret, the seals' arrival order is visible but unreadable: every plaintext is padded
//   to the same length, so not even the number of candidates chosen shows.
// - Changing SESSION_SECRET while a ballot is open makes its seals unreadable: the close refuses
//   (409) rather than count a partial result.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** every plaintext is padded to a multiple of this: ≤ 14 ids of ≤ 10 digits fit in one block */
const PAD_TO = 256;

function ballotKey(secret: string, ballotId: number): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'thidua/ballot-seal/v1', `ballot:${ballotId}`, 32));
}

const aad = (ballotId: number) => Buffer.from(`ballot:${ballotId}`);

/** base64(iv | tag | ciphertext) of the chosen candidate ids. */
export function sealChoices(secret: string, ballotId: number, candidateIds: readonly number[]): string {
  const json = JSON.stringify([...candidateIds].sort((a, b) => a - b));
  const plain = Buffer.alloc(Math.ceil((json.length + 1) / PAD_TO) * PAD_TO, ' ');
  plain.write(json, 'utf8');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', ballotKey(secret, ballotId), iv);
  cipher.setAAD(aad(ballotId));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The candidate ids of one seal; null when it cannot be opened (another secret, altered bytes). */
export function openSeal(secret: string, ballotId: number, sealed: string): number[] | null {
  try {
    const raw = Buffer.from(sealed, 'base64');
    if (raw.length <= IV_BYTES + TAG_BYTES) return null;
    const decipher = createDecipheriv('aes-256-gcm', ballotKey(secret, ballotId), raw.subarray(0, IV_BYTES));
    decipher.setAAD(aad(ballotId));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    const ids: unknown = JSON.parse(plain.trimEnd());
    if (!Array.isArray(ids) || !ids.every((n) => Number.isSafeInteger(n))) return null;
    return ids as number[];
  } catch {
    return null;
  }
}
