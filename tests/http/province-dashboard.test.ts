// The board's province dashboard: every bloc of the province in the year with its progress counted
// in SQL (checked against a recount of the rows), the overdue filter, Vietnamese sorting, folded
// search, who may open it, and a number of queries that does not grow with the number of blocs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { createDb, type Db } from '../../src/db/client';
import { loadConfig } from '../../src/config';
import { cloneTemplate } from '../support/testdb';
import { loginAs, type Agent } from '../support/app';

let db: Db;
let drop: () => Promise<void>;
let workdir: string;
let queries = 0;
const A: Record<string, Agent> = {};
let tayNinh: number;
let ngheAn: number;
let demoBlocId: number;
const added: Record<string, number> = {}; // name → blocId

const FUTURE = new Date('2099-12-31T12:00:00Z');
const PAST = new Date('2020-03-31T12:00:00Z');
const futureDues = { registrationDue: FUTURE, pledgeDue: FUTURE, criteriaDue: FUTURE, midYearReviewDue: FUTURE, selfScoreDue: FUTURE, yearEndReviewDue: FUTURE };

let code = 0;
/**
 * A bloc of Tây Ninh with a 2020 year of `members` units: `registered` of them sent their
 * registration, `signed` signed the published pledge, `sent` sent their first-half sheet and
 * `accepted` of those were reviewed.
 */
async function addBloc(name: string, o: { members: number; registered?: number; signed?: number; sent?: number; accepted?: number; phase?: string; dues?: Partial<typeof futureDues> }) {
  const agencies = await db.agency.findMany({ where: { provinceId: tayNinh }, orderBy: { id: 'asc' }, take: o.members, select: { id: true, versions: { take: 1, select: { id: true } } } });
  if (agencies.length < o.members) throw new Error('not enough Tây Ninh agencies for the test bloc');
  const bloc = await db.bloc.create({ data: { provinceId: tayNinh, code: `TEST-DASH-${++code}`, versions: { create: { name, validFrom: new Date('2000-01-01T00:00:00Z') } } } });
  const y = await db.blocYear.create({
    data: { blocId: bloc.id, year: 2020, phase: o.phase ?? 'SCORING', headAgencyId: agencies[0].id, deputyAgencyId: agencies[1]?.id ?? null, ...futureDues, ...o.dues },
  });
  await db.membership.createMany({ data: agencies.map((a, i) => ({ blocYearId: y.id, agencyId: a.id, agencyVersionId: a.versions[0].id, sortOrder: i })) });
  const first = (n = 0) => agencies.slice(0, n);
  await db.registration.createMany({ data: first(o.registered).map((a, i) => ({ blocYearId: y.id, agencyId: a.id, status: i % 2 ? 'SUBMITTED' : 'ACCEPTED', submittedAt: PAST })) });
  // one more unit with a draft: a draft is not a registration sent
  if ((o.registered ?? 0) < o.members) await db.registration.create({ data: { blocYearId: y.id, agencyId: agencies[o.registered ?? 0].id, status: 'DRAFT' } });
  if (o.signed !== undefined) {
    const board = await db.user.findUniqueOrThrow({ where: { username: 'bantdkt.tayninh' } });
    const pledge = await db.pledge.create({ data: { blocYearId: y.id, publishedAt: PAST } });
    await db.pledgeSignature.createMany({ data: first(o.signed).map((a) => ({ pledgeId: pledge.id, agencyId: a.id, signedById: board.id, signerName: 'Thủ trưởng' })) });
  }
  await db.scoreSheet.createMany({ data: first(o.sent).map((a, i) => ({ blocYearId: y.id, agencyId: a.id, period: 'MID_YEAR', status: i < (o.accepted ?? 0) ? 'ACCEPTED' : 'SUBMITTED' })) });
  added[name] = bloc.id;
  return { blocId: bloc.id, blocYearId: y.id };
}

beforeAll(async () => {
  const c = await cloneTemplate();
  drop = c.drop;
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-dash-'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: c.url }, workdir);
  db = createDb(c.url, () => queries++);
  const app = createApp(db, config, () => undefined);
  tayNinh = (await db.province.findFirstOrThrow({ where: { name: 'Tây Ninh' } })).id;
  ngheAn = (await db.province.findFirstOrThrow({ where: { name: 'Nghệ An' } })).id;
  demoBlocId = (await db.blocVersion.findFirstOrThrow({ where: { name: 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh' } })).blocId;
  await addBloc('Khối Đoàn thể tỉnh Tây Ninh', { members: 5, registered: 5, signed: 3, sent: 4, accepted: 2 });
  await addBloc('Khối Dân vận', { members: 4, registered: 2, signed: 4, sent: 1, accepted: 1 });
  await addBloc('Cụm thi đua Ấp Bắc', { members: 3, registered: 1 });
  // every unit registered: its passed registration deadline is a finished step, not an overdue one
  await addBloc('Khối An ninh Tây Ninh', { members: 3, registered: 3, dues: { registrationDue: PAST } });
  for (const u of ['bantdkt.tayninh', 'bantdkt.nghean', 'thongke.tayninh', 'thue.tayninh', 'admin']) A[u] = await loginAs(app, u);
});
afterAll(async () => {
  await db.$disconnect();
  await drop();
  fs.rmSync(workdir, { recursive: true, force: true });
});

const board = () => A['bantdkt.tayninh'];
const dash = (query = '') => `/provinces/${tayNinh}/dashboard?year=2020${query}`;

type Row = { blocId: number; overdue: boolean; counts: Record<string, { n: number; of: number }> };
function rowsOf(html: string): Row[] {
  const out: Row[] = [];
  for (const m of html.matchAll(/<tr data-testid="bloc-row" data-bloc-id="(\d+)"([^>]*)>([\s\S]*?)<\/tr>/g)) {
    const counts: Row['counts'] = {};
    for (const c of m[3].matchAll(/data-count="(\w+)" data-n="(\d+)"(?: data-of="(\d+)")?/g)) counts[c[1]] = { n: Number(c[2]), of: Number(c[3] ?? 0) };
    out.push({ blocId: Number(m[1]), overdue: m[2].includes('data-overdue="1"'), counts });
  }
  return out;
}
const names = (html: string) => [...html.matchAll(/<th scope="row"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

describe('who may open the dashboard', () => {
  it('the province board and the admin: 200; another province board, a head and a unit officer: 403', async () => {
    expect((await board().get(dash())).status).toBe(200);
    expect((await A.admin.get(dash())).status).toBe(200);
    expect((await A['bantdkt.nghean'].get(dash())).status).toBe(403);
    expect((await A['thongke.tayninh'].get(dash())).status).toBe(403); // head of Tây Ninh 2020
    expect((await A['thue.tayninh'].get(dash())).status).toBe(403);
  });

  it('the Nghệ An board sees its own province and none of Tây Ninh’s blocs', async () => {
    const res = await A['bantdkt.nghean'].get(`/provinces/${ngheAn}/dashboard?year=2020`);
    expect(res.status).toBe(200);
    const ids = rowsOf(res.text).map((r) => r.blocId);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain(demoBlocId);
    for (const id of Object.values(added)) expect(ids).not.toContain(id);
  });

  it('a bad filter is a 422, not a 500', async () => {
    expect((await board().get(dash('&phase=NOPE'))).status).toBe(422);
    expect((await board().get(dash('&sort=drop'))).status).toBe(422);
    expect((await board().get(`/provinces/${tayNinh}/dashboard?year=abc`)).status).toBe(422);
  });
});

describe('the rows', () => {
  it('without a year: the latest year with bloc-years (Tây Ninh has none this year)', async () => {
    const res = await board().get(`/provinces/${tayNinh}/dashboard`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Tổng quan các khối thi đua năm 2020');
    expect(res.text).toContain('<option value="2019">');
  });

  it('every Tây Ninh bloc of 2020, each count equal to a recount of the rows', async () => {
    const res = await board().get(dash());
    const rows = rowsOf(res.text);
    const expected = await db.blocYear.findMany({ where: { year: 2020, bloc: { provinceId: tayNinh } }, select: { id: true, blocId: true, reviews: { select: { kind: true, frozenAt: true } } } });
    expect(rows.map((r) => r.blocId).sort()).toEqual(expected.map((e) => e.blocId).sort());
    expect(rows.map((r) => r.blocId)).toContain(demoBlocId);
    for (const y of expected) {
      const row = rows.find((r) => r.blocId === y.blocId)!;
      const period = y.reviews.some((r) => r.kind === 'MID_YEAR' && r.frozenAt) ? 'YEAR_END' : 'MID_YEAR';
      const members = await db.membership.count({ where: { blocYearId: y.id, leftAt: null } });
      expect(row.counts.members.n).toBe(members);
      expect(row.counts.registered).toEqual({ n: await db.registration.count({ where: { blocYearId: y.id, status: { in: ['SUBMITTED', 'ACCEPTED'] } } }), of: members });
      expect(row.counts.signed.n).toBe(await db.pledgeSignature.count({ where: { pledge: { blocYearId: y.id } } }));
      expect(row.counts.sheets.n).toBe(await db.scoreSheet.count({ where: { blocYearId: y.id, period, status: { in: ['SUBMITTED', 'ACCEPTED'] } } }));
      expect(row.counts.reviewed.n).toBe(await db.scoreSheet.count({ where: { blocYearId: y.id, period, status: 'ACCEPTED' } }));
      expect(row.counts.proposals).toEqual({
        n: await db.awardProposal.count({ where: { blocYearId: y.id, status: { in: ['SENT', 'APPROVED', 'REJECTED'] } } }),
        of: await db.awardProposal.count({ where: { blocYearId: y.id, status: { in: ['APPROVED', 'REJECTED'] } } }),
      });
    }
    // the numbers the test put in, so a recount that agreed with a wrong query would still fail here
    const doan = rows.find((r) => r.blocId === added['Khối Đoàn thể tỉnh Tây Ninh'])!;
    expect(doan.counts).toMatchObject({ members: { n: 5 }, registered: { n: 5, of: 5 }, signed: { n: 3 }, sheets: { n: 4 }, reviewed: { n: 2 } });
  });

  it('the demo bloc shows its head and deputy, its leader of the frozen mid-year review, and links to its year', async () => {
    const res = await board().get(dash());
    const y = await db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: demoBlocId, year: 2020 } }, select: { id: true, head: { select: { versions: { select: { name: true } } } } } });
    const leader = await db.reviewResult.findFirstOrThrow({ where: { rank: 1, review: { blocYearId: y.id, kind: 'MID_YEAR' } } });
    expect(res.text).toContain(`Khối trưởng: ${y.head!.versions[0].name}`);
    expect(res.text).toContain(`${leader.agencyName} <span class="small text-muted">(sơ kết 6 tháng)</span>`);
    expect(res.text).toContain(`href="/blocs/${demoBlocId}?year=2020"`);
    expect(res.text).toContain(`href="/blocs/${demoBlocId}/years/2020/progress"`);
  });
});

describe('filters, search and sort', () => {
  it('overdue: exactly the blocs with a passed deadline of an unfinished step', async () => {
    let rows = rowsOf((await board().get(dash('&overdue=1'))).text);
    // the demo year is at its year-end review, not frozen, long after its 2020 deadline
    expect(rows.map((r) => r.blocId).sort()).toEqual([demoBlocId]);
    // move a deadline of an unfinished step into the past: that bloc becomes overdue
    const y = await db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: added['Khối Dân vận'], year: 2020 } } });
    await db.blocYear.update({ where: { id: y.id }, data: { registrationDue: PAST } });
    const res = await board().get(dash('&overdue=1'));
    rows = rowsOf(res.text);
    expect(rows.map((r) => r.blocId).sort((a, b) => a - b)).toEqual([demoBlocId, added['Khối Dân vận']].sort((a, b) => a - b));
    expect(rows.every((r) => r.overdue)).toBe(true);
    expect(res.text).toContain('Đăng ký thi đua: 31/03/2020 <span class="badge text-bg-danger" data-testid="overdue-badge">Quá hạn</span>');
    // the list of what needs the board names it too; the bloc whose every unit registered does not appear
    const all = await board().get(dash());
    expect(all.text).toMatch(/data-kind="overdue"><a href="\/blocs\/\d+\/years\/2020\/progress">Khối Dân vận — năm 2020<\/a>: Quá hạn: Đăng ký thi đua \(hạn 31\/03\/2020\)/);
    expect(all.text).not.toContain('Khối An ninh Tây Ninh — năm 2020</a>: Quá hạn');
  });

  it('phase filter', async () => {
    const rows = rowsOf((await board().get(dash('&phase=YEAR_END_REVIEW'))).text);
    expect(rows.map((r) => r.blocId)).toEqual([demoBlocId]);
  });

  it('sorts by name with Vietnamese collation: Ấp near Ap, Đ after D', async () => {
    const asc = names((await board().get(dash('&sort=name&dir=asc'))).text);
    const idx = (n: string) => asc.findIndex((x) => x.startsWith(n));
    expect(idx('Cụm thi đua Ấp Bắc')).toBeLessThan(idx('Khối An ninh'));
    expect(idx('Khối Dân vận')).toBeLessThan(idx('Khối Đoàn thể'));
    expect(idx('Khối Đoàn thể')).toBeLessThan(idx('Khối thi đua các Cơ quan'));
    const desc = names((await board().get(dash('&sort=name&dir=desc'))).text);
    expect(desc).toEqual([...asc].reverse());
  });

  it('sorts by a count column', async () => {
    const res = await board().get(dash('&sort=members&dir=desc'));
    const members = rowsOf(res.text).map((r) => r.counts.members.n);
    expect(members).toEqual([...members].sort((a, b) => b - a));
    expect(res.text).toContain('aria-sort="descending"');
  });

  it('search ignores case and diacritics', async () => {
    const tay = rowsOf((await board().get(dash('&q=tay%20ninh'))).text).map((r) => r.blocId);
    expect(tay).toEqual(expect.arrayContaining([demoBlocId, added['Khối Đoàn thể tỉnh Tây Ninh'], added['Khối An ninh Tây Ninh']]));
    const dan = rowsOf((await board().get(dash('&q=DAN%20van'))).text).map((r) => r.blocId);
    expect(dan).toEqual([added['Khối Dân vận']]);
    const ap = rowsOf((await board().get(dash('&q=AP%20BAC'))).text).map((r) => r.blocId);
    expect(ap).toEqual([added['Cụm thi đua Ấp Bắc']]);
    const doan = rowsOf((await board().get(dash(`&q=${encodeURIComponent('ĐOÀN THỂ')}`))).text).map((r) => r.blocId);
    expect(doan).toEqual([added['Khối Đoàn thể tỉnh Tây Ninh']]);
  });
});

describe('speed', () => {
  it('the number of queries does not grow with the number of blocs', async () => {
    const measure = async () => {
      await board().get(dash()); // warm: the session row, the compiled view
      queries = 0;
      const res = await board().get(dash());
      expect(res.status).toBe(200);
      return { n: queries, rows: rowsOf(res.text).length };
    };
    const before = await measure();
    for (let i = 0; i < 6; i++) await addBloc(`Khối thêm số ${i + 1}`, { members: 4, registered: 3, signed: 2, sent: 3, accepted: 1 });
    const after = await measure();
    expect(after.rows).toBe(before.rows + 6);
    expect(after.n).toBe(before.n);
  });
});
