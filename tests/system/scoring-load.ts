// Unit officers saving and sending their year-end score sheets against a running portal, and the
// check that the database holds every save the portal acknowledged. Shared by the load and the
// fault tests.
//
// What "acknowledged" means: the POST answered with the redirect back to the sheet (the page then
// says "Đã lưu"). A save sent with form version v that is acknowledged made the sheet's version v+1
// (the optimistic lock: src/modules/scoring/service.ts), and every save writes one audit row with
// the scores it changed, in the same transaction. So the audit rows of a sheet, in order, replay
// its history version by version, and each acknowledged save must be found in that history, by
// the officer who sent it, with exactly the values it sent.
import { expect } from 'vitest';
import type { Db } from '../../src/db/client';
import { hashPassword } from '../../src/auth/passwords';
import { NoReply, WebClient, csrfFrom, type Reply } from '../support/server';

export const LOAD_YEAR = 2026;
export const OFFICER_PASSWORD = 'tai-thu-2026-mat-khau';

export type Criterion = { id: number; code: string; maxCenti: number; stepCenti: number };
export type Officer = { userId: number; username: string; agencyId: number; sheetPath: string; criteria: Criterion[] };

/**
 * A province of `blocs` blocs, each in the scoring phase of LOAD_YEAR with its mid-year review
 * frozen (so the year-end sheet is the one to fill), `units` member units per bloc and
 * `officersPerUnit` officer accounts per unit: two officers of one unit race for the same sheet.
 */
export async function createLoadProvince(db: Db, opts: { code: string; blocs: number; units: number; officersPerUnit: number }): Promise<Officer[]> {
  const hash = await hashPassword(OFFICER_PASSWORD);
  const province = await db.province.create({ data: { code: opts.code, name: `Tỉnh tải thử ${opts.code}` } });
  await db.provinceRuleSet.create({ data: { provinceId: province.id, year: LOAD_YEAR } });
  const officers: Officer[] = [];
  for (let b = 0; b < opts.blocs; b++) {
    const bloc = await db.bloc.create({
      data: { provinceId: province.id, code: `${opts.code}-k${b}`, versions: { create: { name: `Khối tải thử ${b + 1}`, validFrom: new Date('2020-01-01') } } },
    });
    const agencies = [];
    for (let u = 0; u < opts.units; u++) {
      agencies.push(
        await db.agency.create({
          data: { provinceId: province.id, code: `${opts.code}-k${b}-d${u}`, versions: { create: { name: `Đơn vị tải thử ${b + 1}.${u + 1}`, validFrom: new Date('2020-01-01') } } },
          include: { versions: true },
        }),
      );
    }
    const year = await db.blocYear.create({
      data: { blocId: bloc.id, year: LOAD_YEAR, phase: 'SCORING', headAgencyId: agencies[0].id, deputyAgencyId: agencies[1 % agencies.length].id },
    });
    await db.membership.createMany({ data: agencies.map((a, i) => ({ blocYearId: year.id, agencyId: a.id, agencyVersionId: a.versions[0].id, sortOrder: i })) });
    await db.review.create({ data: { blocYearId: year.id, kind: 'MID_YEAR', frozenAt: new Date(`${LOAD_YEAR}-07-20T12:00:00Z`) } });
    const table = await db.criteriaTable.create({ data: { blocYearId: year.id, name: 'Bảng tiêu chí', lockedAt: new Date() } });
    const group = await db.criteriaGroup.create({ data: { tableId: table.id, sortOrder: 0, code: '1', name: 'Nhiệm vụ chuyên môn', isCoreTask: true } });
    const criteria: Criterion[] = [];
    for (let c = 0; c < 6; c++) {
      const row = await db.criterion.create({ data: { tableId: table.id, groupId: group.id, sortOrder: c, code: `1.${c + 1}`, name: `Tiêu chí 1.${c + 1}`, maxCenti: 1000, stepCenti: 50 } });
      criteria.push({ id: row.id, code: row.code, maxCenti: row.maxCenti, stepCenti: row.stepCenti });
    }
    for (const a of agencies) {
      for (let o = 0; o < opts.officersPerUnit; o++) {
        const username = `${opts.code}.k${b}.d${a.id}.cb${o}`;
        const user = await db.user.create({
          data: { username, fullName: `Cán bộ ${o + 1} đơn vị ${a.id}`, passwordHash: hash, assignments: { create: { role: 'UNIT_OFFICER', agencyId: a.id } } },
        });
        officers.push({ userId: user.id, username, agencyId: a.id, sheetPath: `/blocs/${bloc.id}/years/${LOAD_YEAR}/scores/${a.id}`, criteria });
      }
    }
  }
  return officers;
}

/** Signs every officer in (a few at a time: a password check is deliberately slow). */
export async function signInAll(base: string, officers: Officer[], parallel = 5): Promise<WebClient[]> {
  const clients = officers.map(() => new WebClient());
  for (let i = 0; i < officers.length; i += parallel) {
    await Promise.all(
      officers.slice(i, i + parallel).map(async (o, j) => {
        const res = await clients[i + j].login(base, o.username, OFFICER_PASSWORD);
        if (res.status !== 302) throw new Error(`sign-in of ${o.username} answered ${res.status}`);
      }),
    );
  }
  return clients;
}

/** `at`: when the acknowledgement came (epoch ms). */
export type Ack = { officer: Officer; version: number; values: Record<string, number>; submit: boolean; at: number };

export type LoadStats = {
  startedAt: number;
  acks: Ack[];
  /** "GET 200", "POST 302", "POST 409", "POST 503"… → how many. */
  statuses: Record<string, number>;
  /** The 5xx answers: status and Retry-After, with the time they came (ms since the start). */
  failures: { status: number; retryAfter: string | null; at: number; method: string }[];
  /** Requests that got no answer at all (the server killed or restarting). */
  noReply: number;
  /** Sheets sent (an acknowledged submit). */
  submitted: number;
  /** Time of the last answer that was not a 5xx and not "no reply", and of the last 5xx. */
  lastGoodAt: number;
  lastFailureAt: number;
};

export type LoadOptions = {
  seconds: number;
  /** Sending (action=submit) starts after this share of the time has passed, with this chance per save. */
  submitAfter?: number;
  submitChance?: number;
  /** The chance that a save carries the version before the one shown: a conflict on purpose. */
  staleChance?: number;
  /** The portal the officers talk to (the same port across a restart). */
  base: string;
  /** Ends the run before `seconds` (then only a bound) once it answers true. */
  stopWhen?: () => boolean;
};

const PERIOD = 'YEAR_END';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function randomValues(criteria: Criterion[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of criteria) out[c.code] = c.stepCenti * Math.floor(Math.random() * (c.maxCenti / c.stepCenti + 1));
  return out;
}

/** 850 → "8,5": as an officer types it. */
const typed = (centi: number) => (centi / 100).toString().replace('.', ',');

/**
 * Every officer in a loop for `seconds`: open the sheet, type new scores, save (or, late in the
 * run, send) it. A sheet already sent ends that officer's loop; an officer whose other half sent
 * it meets a 409. A request without an answer, or a 503, is tried again after a short pause.
 */
export async function runOfficers(officers: Officer[], clients: WebClient[], opts: LoadOptions): Promise<LoadStats> {
  const { seconds, submitAfter = 0.75, submitChance = 0.1, staleChance = 0.1 } = opts;
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const stats: LoadStats = { startedAt: started, acks: [], statuses: {}, failures: [], noReply: 0, submitted: 0, lastGoodAt: 0, lastFailureAt: 0 };
  const note = (method: string, r: Reply) => {
    const key = `${method} ${r.status}`;
    stats.statuses[key] = (stats.statuses[key] ?? 0) + 1;
    const at = Date.now() - started;
    if (r.status >= 500) {
      stats.failures.push({ status: r.status, retryAfter: r.retryAfter, at, method });
      stats.lastFailureAt = at;
    } else stats.lastGoodAt = at;
  };

  async function officerLoop(o: Officer, client: WebClient): Promise<void> {
    const sheetUrl = `${o.sheetPath}?period=${PERIOD}`;
    while (Date.now() < deadline && !opts.stopWhen?.()) {
      try {
        const page = await client.get(opts.base, sheetUrl);
        note('GET', page);
        if (page.status !== 200) {
          if (page.status >= 500) await pause(200);
          else throw new Error(`GET ${sheetUrl} as ${o.username} answered ${page.status} ${page.location ?? ''}`);
          continue;
        }
        if (!page.text.includes('name="action" value="save">Lưu nháp')) return; // sent: nothing left to type
        const shown = Number(/name="version" value="(\d+)"/.exec(page.text)?.[1]);
        const stale = shown > 0 && Math.random() < staleChance;
        const submit = Date.now() - started > seconds * 1000 * submitAfter && Math.random() < submitChance;
        const values = randomValues(o.criteria);
        const form: Record<string, string> = { _csrf: csrfFrom(page.text), period: PERIOD, version: String(stale ? shown - 1 : shown), action: submit ? 'submit' : 'save' };
        for (const c of o.criteria) form[`score_${c.id}`] = typed(values[c.code]);
        const res = await client.post(opts.base, o.sheetPath, form);
        note('POST', res);
        if (res.status === 302 && res.location === sheetUrl) {
          stats.acks.push({ officer: o, version: (stale ? shown - 1 : shown) + 1, values, submit, at: Date.now() });
          if (submit) stats.submitted++;
        } else if (res.status >= 500) await pause(200);
        else if (res.status !== 409) throw new Error(`POST ${o.sheetPath} as ${o.username} answered ${res.status} ${res.location ?? ''}: ${res.text.slice(0, 300)}`);
      } catch (e) {
        if (!(e instanceof NoReply)) throw e;
        stats.noReply++;
        await pause(200);
      }
    }
  }

  await Promise.all(officers.map((o, i) => officerLoop(o, clients[i])));
  return stats;
}

type Change = { criterion: string; old: number | null; new: number | null };

/**
 * The database against the acknowledged saves. `exact`: nothing was written that was not
 * acknowledged (no answer was lost), so the acknowledged versions of a sheet are exactly 1..version.
 * Returns how many sheets were checked.
 */
export async function expectAcksInDatabase(db: Db, officers: Officer[], acks: Ack[], opts: { exact: boolean }): Promise<number> {
  const agencyIds = [...new Set(officers.map((o) => o.agencyId))];
  for (const agencyId of agencyIds) {
    const mine = acks.filter((a) => a.officer.agencyId === agencyId).sort((a, b) => a.version - b.version);
    const criteria = officers.find((o) => o.agencyId === agencyId)!.criteria;
    const sheet = await db.scoreSheet.findFirst({
      where: { agencyId, period: PERIOD, blocYear: { year: LOAD_YEAR } },
      include: { entries: { include: { criterion: { select: { code: true } } } } },
    });
    if (!sheet) {
      expect(mine, `unit ${agencyId}: acknowledged saves but no sheet`).toEqual([]);
      continue;
    }
    const audits = await db.auditLog.findMany({
      where: { entity: 'ScoreSheet', entityId: String(sheet.id), action: { in: ['score.save', 'score.submit'] } },
      orderBy: { id: 'asc' },
    });
    // one audit row per version: the history is complete
    expect(audits.length, `unit ${agencyId}: audit rows vs version`).toBe(sheet.version);
    // two acknowledged saves can never have made the same version (a lost update)
    expect(new Set(mine.map((a) => a.version)).size, `unit ${agencyId}: two acknowledged saves made the same version`).toBe(mine.length);
    if (opts.exact) expect(mine.map((a) => a.version), `unit ${agencyId}: every version acknowledged`).toEqual(audits.map((_, i) => i + 1));

    // replay: the sheet's scores after version k
    let state: Record<string, number | null> = Object.fromEntries(criteria.map((c) => [c.code, null]));
    const history: Record<string, number | null>[] = [];
    for (const row of audits) {
      state = { ...state };
      for (const ch of (JSON.parse(row.newValue) as { changes: Change[] }).changes) state[ch.criterion] = ch.new;
      history.push(state);
    }
    for (const a of mine) {
      const row = audits[a.version - 1];
      expect(row, `unit ${agencyId}: acknowledged version ${a.version} missing (the sheet is at ${sheet.version})`).toBeDefined();
      expect({ by: row.userId, action: row.action, scores: history[a.version - 1] }, `unit ${agencyId} version ${a.version}`).toEqual({
        by: a.officer.userId,
        action: a.submit ? 'score.submit' : 'score.save',
        scores: a.values,
      });
    }
    // the entries hold the last version
    const stored = Object.fromEntries(criteria.map((c) => [c.code, sheet.entries.find((e) => e.criterion.code === c.code)?.selfCenti ?? null]));
    expect(stored, `unit ${agencyId}: entries vs history`).toEqual(history[history.length - 1]);
    const sent = mine.find((a) => a.submit);
    if (sent) {
      expect(sheet.status).toBe('SUBMITTED');
      expect(sheet.version, `unit ${agencyId}: a save after the sheet was sent`).toBe(sent.version);
    }
  }
  return agencyIds.length;
}
