// Sign-in throttling. Failed attempts are counted per account, per address and per (account,
// address) pair in LoginThrottle; past a key's free failures each further failure doubles that key's
// wait (1 s, 2 s, 4 s … up to a cap). A growing delay rather than a lock: nobody can hold someone
// else's account shut, the account's own cap is short so its owner gets in from another address,
// and the pair and address keys, with the longer cap, slow the guesser.
import type { Db, Tx } from '../db/client';
import type { Config } from '../config';

export type KeyKind = 'user' | 'ip' | 'pair';
export const KEY_KINDS: readonly KeyKind[] = ['user', 'pair', 'ip'];

export type KeyRule = { free: number; capMs: number };
export type ThrottleRules = { keys: Record<KeyKind, KeyRule>; windowMs: number };

export function throttleRules(config: Config): ThrottleRules {
  const cap = config.LOGIN_MAX_DELAY_SECONDS * 1000;
  return {
    keys: {
      user: { free: config.LOGIN_FREE_FAILURES, capMs: config.LOGIN_ACCOUNT_MAX_DELAY_SECONDS * 1000 },
      pair: { free: config.LOGIN_FREE_FAILURES, capMs: cap },
      ip: { free: config.LOGIN_IP_FREE_FAILURES, capMs: cap },
    },
    windowMs: config.LOGIN_FAILURE_WINDOW_MINUTES * 60_000,
  };
}

/** The form a username is looked up, counted and audited in ("  Admin " → "admin"). */
export function foldUsername(typed: string): string {
  return typed.normalize('NFC').trim().toLowerCase();
}

export function throttleKeys(foldedUsername: string, ip: string): Record<KeyKind, string> {
  return { user: `user:${foldedUsername}`, ip: `ip:${ip}`, pair: `pair:${foldedUsername}|${ip}` };
}

/** The wait (ms) after a key's `failures`-th failure: none within the free ones, then 1 s, doubling, capped. */
export function delayAfter(failures: number, rule: KeyRule): number {
  if (failures <= rule.free) return 0;
  return Math.min(1000 * 2 ** Math.min(failures - rule.free - 1, 30), rule.capMs);
}

type Row = { key: string; failures: number; lastFailureAt: Date; blockedUntil: Date | null };

export type Reservation = {
  keys: Record<KeyKind, string>;
  prior: Partial<Record<KeyKind, Row>>;
  /** The wait (ms) each key starts if this attempt turns out to be a failure. */
  waits: Record<KeyKind, number>;
};

export type Admission = { ok: true; reservation: Reservation } | { ok: false };

/**
 * Admits an attempt when none of its keys is waiting, and counts it as a failure before the
 * password is checked: concurrent attempts then see each other, so a burst gets no more password
 * checks than the free failures. A success gives the count back (releaseOnSuccess). A refused
 * attempt writes nothing, so knocking during a wait does not lengthen it.
 */
export async function admitAttempt(db: Db, rules: ThrottleRules, keys: Record<KeyKind, string>, now: Date): Promise<Admission> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: KEY_KINDS.map((k) => keys[k]) } } });
  const prior: Partial<Record<KeyKind, Row>> = {};
  for (const kind of KEY_KINDS) {
    const row = rows.find((r) => r.key === keys[kind]);
    if (row) prior[kind] = row;
    if (row?.blockedUntil && row.blockedUntil > now) return { ok: false };
  }
  const waits = { user: 0, ip: 0, pair: 0 } as Record<KeyKind, number>;
  let overtaken = false;
  for (const kind of KEY_KINDS) {
    const row = prior[kind];
    const cutoff = new Date(now.getTime() - rules.windowMs);
    const stale = !!row && row.lastFailureAt < cutoff;
    // Only a row still stale is reset: a concurrent attempt may have counted on it meanwhile.
    if (stale) await db.loginThrottle.updateMany({ where: { key: keys[kind], lastFailureAt: { lt: cutoff } }, data: { failures: 0, blockedUntil: null } });
    const counted = await countFailure(db, keys[kind], now);
    const rule = rules.keys[kind];
    waits[kind] = delayAfter(counted, rule);
    if (waits[kind] > 0) {
      await db.loginThrottle.update({ where: { key: keys[kind] }, data: { blockedUntil: new Date(now.getTime() + waits[kind]) } });
    }
    // Another attempt was counted between our read and our count: had they come one after the
    // other, this one would have met that attempt's wait.
    const expected = !row || stale ? 1 : row.failures + 1;
    if (counted > expected && delayAfter(counted - 1, rule) > 0) overtaken = true;
  }
  return overtaken ? { ok: false } : { ok: true, reservation: { keys, prior, waits } };
}

/** One more failure on a key, atomically (INSERT … ON CONFLICT DO UPDATE); returns the new count. */
async function countFailure(db: Db, key: string, now: Date): Promise<number> {
  const write = () =>
    db.loginThrottle.upsert({
      where: { key },
      create: { key, failures: 1, lastFailureAt: now },
      update: { failures: { increment: 1 }, lastFailureAt: now },
    });
  try {
    return (await write()).failures;
  } catch (err) {
    // Two first failures of the same key at once: the loser's insert meets the winner's row.
    if ((err as { code?: string }).code !== 'P2002') throw err;
    return (await write()).failures;
  }
}

/** A successful sign-in: the account and the pair start afresh; the address gets its count back. */
export async function releaseOnSuccess(tx: Tx, r: Reservation): Promise<void> {
  await tx.loginThrottle.deleteMany({ where: { key: { in: [r.keys.user, r.keys.pair] } } });
  const ip = r.prior.ip;
  await tx.loginThrottle.updateMany({
    where: { key: r.keys.ip, failures: { gt: 0 } },
    data: { failures: { decrement: 1 }, blockedUntil: null, ...(ip ? { lastFailureAt: ip.lastFailureAt } : {}) },
  });
}

/** The keys this failed attempt set waiting, in whole seconds (for the audit log). */
export function startedWaits(r: Reservation): Partial<Record<KeyKind, number>> {
  const out: Partial<Record<KeyKind, number>> = {};
  for (const kind of KEY_KINDS) if (r.waits[kind] > 0) out[kind] = Math.ceil(r.waits[kind] / 1000);
  return out;
}

/** Deletes the keys that have had no failure for the window and are not waiting. */
export async function pruneLoginThrottle(db: Db, rules: ThrottleRules, now: Date): Promise<number> {
  const { count } = await db.loginThrottle.deleteMany({
    where: {
      lastFailureAt: { lt: new Date(now.getTime() - rules.windowMs) },
      OR: [{ blockedUntil: null }, { blockedUntil: { lt: now } }],
    },
  });
  return count;
}

const lastPrune = new WeakMap<Db, number>();

/** Prunes at most once a minute per database, from the sign-in path (no timer of its own). */
export async function pruneNowAndThen(db: Db, rules: ThrottleRules, now: Date): Promise<void> {
  const last = lastPrune.get(db) ?? 0;
  if (Math.abs(now.getTime() - last) < 60_000) return;
  lastPrune.set(db, now.getTime());
  await pruneLoginThrottle(db, rules, now);
}
