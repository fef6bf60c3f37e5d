// The board's results across the blocs of its province and the trends of a unit and of a bloc: the
// numbers on the pages equal a recount from the frozen ReviewResult rows done here; a unit's trend
// follows its lineage (merges made here through the agencies' own form); only the province's board
// and the admin see the pages; the number of queries does not grow with the number of blocs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startTestApp, loginAs, postForm, type Agent, type TestApp } from '../support/app';
import { DEMO_PASSWORD } from '../support/testdb';
import { createApp } from '../../src/app';
import { createDb, type Db } from '../../src/db/client';
import { medianCenti, shareOf } from '../../src/modules/province-view/results';
import { lineageOf, MAX_LINEAGE_DEPTH } from '../../src/modules/province-view/trends';
import { formatPercent, formatPoints } from '../../src/i18n/format';

let t: TestApp;
let admin: Agent;
let board: Agent; // bantdkt.tayninh
let otherBoard: Agent; // bantdkt.nghean
let head: Agent; // thongke.tayninh, head of the Tây Ninh bloc in 2020
let officer: Agent; // thue.tayninh
let ids: { tayninh: number; nghean: number; tnBloc: number; ngheanBloc: number; customs: number; treasury: number; tax: number; ngheanTax: number };

const agencyOf = async (username: string) => (await t.db.roleAssignment.findFirstOrThrow({ where: { user: { username } }, select: { agencyId: true } })).agencyId!;

beforeAll(async () => {
  t = await startTestApp();
  const tayninh = await t.db.province.findFirstOrThrow({ where: { name: 'Tây Ninh' } });
  const nghean = await t.db.province.findFirstOrThrow({ where: { name: 'Nghệ An' } });
  ids = {
    tayninh: tayninh.id,
    nghean: nghean.id,
    tnBloc: (await t.db.bloc.findFirstOrThrow({ where: { provinceId: tayninh.id } })).id,
    ngheanBloc: (await t.db.bloc.findFirstOrThrow({ where: { provinceId: nghean.id } })).id,
    customs: await agencyOf('haiquan.tayninh'),
    treasury: await agencyOf('khobac.tayninh'),
    tax: await agencyOf('thue.tayninh'),
    ngheanTax: await agencyOf('thue.nghean'),
  };
  [admin, board, otherBoard, head, officer] = await Promise.all(['admin', 'bantdkt.tayninh', 'bantdkt.nghean', 'thongke.tayninh', 'thue.tayninh'].map((u) => loginAs(t.app, u)));
}, 60_000);
afterAll(async () => t.close());

// ───────────────────────────── reading the pages ─────────────────────────────

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#3[49];/g, "'").replace(/\s+/g, ' ').trim();

function row(html: string, testid: string): string {
  const m = new RegExp(`<tr data-testid="${testid}"[^>]*>([\\s\\S]*?)</tr>`).exec(html);
  if (!m) throw new Error(`no row ${testid}`);
  return m[0];
}

function cell(rowHtml: string, name: string): string {
  const m = new RegExp(`data-cell="${name}"[^>]*>([\\s\\S]*?)</t[dh]>`).exec(rowHtml);
  if (!m) throw new Error(`no cell ${name} in ${rowHtml.slice(0, 200)}`);
  return text(m[1]);
}

/** "97,5" → 9750 */
const centiOf = (s: string) => Math.round(Number(s.replace(/\./g, '').replace(',', '.')) * 100);

// ───────────────────────────── the recount (independent of the page's code) ─────────────────────────────

const BANDS = ['XUAT_SAC', 'TOT', 'KHA', 'TRUNG_BINH'] as const;

async function recount(reviewId: number) {
  const rows = await t.db.reviewResult.findMany({ where: { reviewId } });
  const totals = rows.map((r) => r.totalCenti).sort((a, b) => a - b);
  const n = totals.length;
  // even count: the mean of the two middle values, rounded half up to the hundredth
  const median = n % 2 ? totals[(n - 1) / 2] : Math.round((totals[n / 2 - 1] + totals[n / 2]) / 2);
  const shares = Object.fromEntries(BANDS.map((b) => [b, formatPercent(rows.filter((r) => r.band === b).length / n, 2)]));
  return { rows, units: n, min: totals[0], max: totals[n - 1], median, shares };
}

async function frozenReview(blocId: number, year: number, kind: 'YEAR_END' | 'MID_YEAR') {
  return t.db.review.findFirst({ where: { kind, frozenAt: { not: null }, blocYear: { blocId, year } } });
}

// ───────────────────────────── test data: blocs and results of our own ─────────────────────────────

const bandOf = (c: number) => (c >= 9000 ? 'XUAT_SAC' : c >= 8000 ? 'TOT' : c >= 6500 ? 'KHA' : 'TRUNG_BINH');
let made = 0;

/** A bloc of Tây Ninh with a year of members; with totals, a frozen review of them (ranked by total). */
async function addBloc(db: Db, name: string, year: number, units: number, totals: { YEAR_END?: number[]; MID_YEAR?: number[] } = {}) {
  const n = ++made;
  const bloc = await db.bloc.create({ data: { provinceId: ids.tayninh, code: `test-bloc-${n}`, versions: { create: { name, validFrom: new Date('2015-01-01T12:00:00Z') } } } });
  const agencies: { id: number; versions: { id: number; name: string }[] }[] = [];
  for (let i = 0; i < units; i++) {
    agencies.push(
      await db.agency.create({
        data: { provinceId: ids.tayninh, code: `test-${n}-${i}`, versions: { create: { name: `Đơn vị thử ${n}.${i + 1}`, validFrom: new Date('2015-01-01T12:00:00Z') } } },
        include: { versions: true },
      }),
    );
  }
  const by = await db.blocYear.create({ data: { blocId: bloc.id, year, phase: 'CLOSED' } });
  await db.membership.createMany({ data: agencies.map((a, i) => ({ blocYearId: by.id, agencyId: a.id, agencyVersionId: a.versions[0].id, sortOrder: i })) });
  for (const kind of ['MID_YEAR', 'YEAR_END'] as const) {
    const list = totals[kind];
    if (!list) continue;
    const review = await db.review.create({ data: { blocYearId: by.id, kind, frozenAt: new Date(`${year}-12-20T12:00:00Z`) } });
    const ranked = list.map((total, i) => ({ agencyId: agencies[i].id, total })).sort((a, b) => b.total - a.total);
    await db.reviewResult.createMany({
      data: ranked.map((r, i) => ({
        reviewId: review.id,
        agencyId: r.agencyId,
        agencyName: agencies.find((a) => a.id === r.agencyId)!.versions[0].name,
        baseCenti: r.total,
        bonusCenti: 0,
        deductionCenti: 0,
        totalCenti: r.total,
        rank: i + 1,
        band: bandOf(r.total),
      })),
    });
  }
  return { blocId: bloc.id, agencyIds: agencies.map((a) => a.id) };
}

// ───────────────────────────── pure rules ─────────────────────────────

describe('median, shares, lineage (pure)', () => {
  it('median: the middle value; an even count takes the mean of the two middle values rounded half up to the hundredth', () => {
    expect(medianCenti([])).toBeNull();
    expect(medianCenti([9000])).toBe(9000);
    expect(medianCenti([7000, 8050, 9900])).toBe(8050);
    expect(medianCenti([7000, 8050, 9101, 9900])).toBe(8576); // 8575,5 → 8576
    expect(medianCenti([9900, 9900])).toBe(9900);
    expect(formatPoints(medianCenti([9050, 9101]))).toBe('90,76');
  });

  it('shares: a ratio of the ranked units, 0 for none', () => {
    expect(shareOf(0, 0)).toBe(0);
    expect(formatPercent(shareOf(3, 7), 2)).toBe('42,86%');
    expect(formatPercent(shareOf(1, 4), 2)).toBe('25,00%');
  });

  it('lineage: predecessors by merge or split, theirs too; renames and cycles are skipped; the depth is bounded', () => {
    const d = new Date('2025-07-01');
    const e = (p: number, s: number, kind = 'MERGE') => ({ predecessorId: p, successorId: s, kind, date: d });
    expect(lineageOf(1, [e(1, 1, 'RENAME'), e(2, 1), e(3, 2), e(4, 9), e(1, 3)]).ids.sort()).toEqual([1, 2, 3]);
    const chain = Array.from({ length: MAX_LINEAGE_DEPTH + 5 }, (_, i) => e(i + 2, i + 1));
    expect(lineageOf(1, chain).ids).toHaveLength(MAX_LINEAGE_DEPTH + 1);
  });
});

// ───────────────────────────── who may see ─────────────────────────────

describe('access', () => {
  const pages = () => [`/provinces/${ids.tayninh}/results`, `/provinces/${ids.tayninh}/units/${ids.tax}/trend`, `/provinces/${ids.tayninh}/blocs/${ids.tnBloc}/trend`];

  it("another province's board, the bloc's head and a unit officer get 403 on every page; the board and the admin 200", async () => {
    for (const url of pages()) {
      expect((await otherBoard.get(url)).status, url).toBe(403);
      expect((await head.get(url)).status, url).toBe(403);
      expect((await officer.get(url)).status, url).toBe(403);
      expect((await board.get(url)).status, url).toBe(200);
      expect((await admin.get(url)).status, url).toBe(200);
    }
    // a board sees its own province: Nghệ An's board opens Nghệ An's results
    expect((await otherBoard.get(`/provinces/${ids.nghean}/results`)).status).toBe(200);
  });

  it('signed out: to the sign-in page', async () => {
    const res = await request(t.app).get(pages()[0]);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login');
  });

  it('bad input is a 4xx, never a 500; a unit or bloc of another province is 404', async () => {
    const P = `/provinces/${ids.tayninh}`;
    for (const q of ['year=abc', 'year=1999', 'period=QUARTER', 'page=0', 'page=abc', 'bloc=x', `q=${'a'.repeat(101)}`]) {
      expect((await board.get(`${P}/results?${q}`)).status, q).toBe(422);
    }
    for (const q of ['%00', '%27%20OR%201%3D1%20--', '100%25_%5C', 'year=2019&year=2020'.replace(/&/g, '%26')]) {
      expect((await board.get(`${P}/results?q=${q}`)).status, q).toBe(200);
    }
    expect((await board.get(`${P}/results?year=2019&year=2020`)).status).toBe(422);
    expect((await board.get(`${P}/units/abc/trend`)).status).toBe(422);
    expect((await board.get(`${P}/units/99999999/trend`)).status).toBe(404);
    expect((await board.get(`${P}/units/${ids.ngheanTax}/trend`)).status).toBe(404);
    expect((await board.get(`${P}/blocs/${ids.ngheanBloc}/trend`)).status).toBe(404);
    expect((await board.get(`${P}/blocs/${ids.tnBloc}/trend?period=X`)).status).toBe(422);
    expect((await admin.get('/provinces/99999999/results')).status).toBe(404);
  });
});

// ───────────────────────────── the results page ─────────────────────────────

describe('results of a year across the blocs', () => {
  let testBloc: { blocId: number; agencyIds: number[] };
  let openBloc: { blocId: number; agencyIds: number[] };

  beforeAll(async () => {
    // 4 units (an even count): median (80,50 + 91,01) / 2 = 85,755 → 85,76
    testBloc = await addBloc(t.db, 'Khối thử nghiệm A', 2019, 4, { YEAR_END: [7000, 8050, 9101, 9900], MID_YEAR: [6900, 8000, 9000, 9950] });
    openBloc = await addBloc(t.db, 'Khối thử nghiệm B', 2019, 3);
  });

  it('without a year: the latest year a bloc froze the review of the period', async () => {
    const end = await board.get(`/provinces/${ids.tayninh}/results`);
    expect(end.text).toContain('Kết quả, xếp hạng các khối năm 2019 — Tổng kết năm');
    const mid = await board.get(`/provinces/${ids.tayninh}/results?period=MID_YEAR`);
    expect(mid.text).toContain('Kết quả, xếp hạng các khối năm 2020 — Sơ kết 6 tháng');
  });

  it("every bloc's distribution equals a recount of its ReviewResult rows; a bloc not frozen says so", async () => {
    const res = await board.get(`/provinces/${ids.tayninh}/results?year=2019&period=YEAR_END`);
    expect(res.status).toBe(200);
    for (const blocId of [ids.tnBloc, testBloc.blocId]) {
      const review = await frozenReview(blocId, 2019, 'YEAR_END');
      const c = await recount(review!.id);
      const r = row(res.text, `dist-row-${blocId}`);
      expect(cell(r, 'units')).toBe(String(c.units));
      expect(cell(r, 'min')).toBe(formatPoints(c.min));
      expect(cell(r, 'median')).toBe(formatPoints(c.median));
      expect(cell(r, 'max')).toBe(formatPoints(c.max));
      for (const b of BANDS) expect(cell(r, b)).toBe(c.shares[b]);
    }
    const a = row(res.text, `dist-row-${testBloc.blocId}`);
    expect([cell(a, 'min'), cell(a, 'median'), cell(a, 'max')]).toEqual(['70', '85,76', '99']);
    expect(BANDS.map((b) => cell(a, b))).toEqual(['50,00%', '25,00%', '25,00%', '0,00%']);
    expect(cell(row(res.text, `dist-row-${openBloc.blocId}`), 'status')).toBe('chưa chốt');
    // no other province's bloc
    expect(res.text).not.toContain(`dist-row-${ids.ngheanBloc}"`);
  });

  it('Nghệ An (8 units, an even count) for the admin: the same recount', async () => {
    const res = await admin.get(`/provinces/${ids.nghean}/results?year=2019`);
    const review = await frozenReview(ids.ngheanBloc, 2019, 'YEAR_END');
    const c = await recount(review!.id);
    expect(c.units % 2).toBe(0);
    const r = row(res.text, `dist-row-${ids.ngheanBloc}`);
    expect(cell(r, 'median')).toBe(formatPoints(c.median));
    expect(cell(r, 'min')).toBe(formatPoints(c.min));
    expect(cell(r, 'max')).toBe(formatPoints(c.max));
  });

  it("every unit's final score, rank in its bloc and band equal its ReviewResult; unfrozen blocs' units are 'chưa chốt'", async () => {
    for (const blocId of [ids.tnBloc, testBloc.blocId]) {
      const res = await board.get(`/provinces/${ids.tayninh}/results?year=2019&bloc=${blocId}`);
      const c = await recount((await frozenReview(blocId, 2019, 'YEAR_END'))!.id);
      for (const rr of c.rows) {
        const r = row(res.text, `unit-row-${rr.agencyId}`);
        expect(cell(r, 'score')).toBe(formatPoints(rr.totalCenti));
        expect(cell(r, 'rank')).toBe(`${rr.rank}/${c.units}`);
        expect(cell(r, 'band')).toBe({ XUAT_SAC: 'Xuất sắc', TOT: 'Tốt', KHA: 'Khá', TRUNG_BINH: 'Trung bình' }[rr.band]);
        expect(r).toContain(`href="/provinces/${ids.tayninh}/units/${rr.agencyId}/trend"`);
      }
      // ranked order within the bloc
      const order = [...res.text.matchAll(/data-testid="unit-row-(\d+)"/g)].map((m) => Number(m[1]));
      expect(order).toEqual([...c.rows].sort((x, y) => x.rank - y.rank).map((x) => x.agencyId));
    }
    const open = await board.get(`/provinces/${ids.tayninh}/results?year=2019&bloc=${openBloc.blocId}`);
    for (const id of openBloc.agencyIds) expect(cell(row(open.text, `unit-row-${id}`), 'status')).toBe('chưa chốt');
  });

  it('the period: mid-year results come from the mid-year review', async () => {
    const res = await board.get(`/provinces/${ids.tayninh}/results?year=2019&period=MID_YEAR&bloc=${testBloc.blocId}`);
    const c = await recount((await frozenReview(testBloc.blocId, 2019, 'MID_YEAR'))!.id);
    for (const rr of c.rows) expect(cell(row(res.text, `unit-row-${rr.agencyId}`), 'score')).toBe(formatPoints(rr.totalCenti));
    expect(cell(row(res.text, `dist-row-${testBloc.blocId}`), 'median')).toBe(formatPoints(c.median));
  });

  it('search by name, without diacritics', async () => {
    const res = await board.get(`/provinces/${ids.tayninh}/results?year=2019&q=${encodeURIComponent('HAI QUAN')}`);
    const found = [...res.text.matchAll(/data-testid="unit-row-(\d+)"/g)].map((m) => Number(m[1]));
    expect(found).toEqual([ids.customs]);
  });

  it('the charts are canvases drawn from the tables beside them, by a script file (no inline script or style)', async () => {
    const res = await board.get(`/provinces/${ids.tayninh}/results?year=2019`);
    expect(res.text).toMatch(/<canvas id="dist-chart"[^>]*data-chart-table="dist-table"/);
    expect(res.text).toMatch(/<canvas id="band-chart"[^>]*data-chart-table="dist-table"/);
    expect(res.text).toContain('id="dist-table"');
    // the chart's numbers are the table's: each value cell carries the number it shows
    const a = row(res.text, `dist-row-${testBloc.blocId}`);
    expect(a).toContain('data-chart-series="median" data-chart-value="85.76"');
    expect(a).toContain('data-chart-series="XUAT_SAC" data-chart-value="50"');
    expect(res.text).toContain('<script src="/vendor/chartjs/chart.umd.min.js"></script>');
    expect(res.text).toContain('<script src="/js/province-charts.js"></script>');
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.text).not.toMatch(/\sstyle="/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    for (const asset of ['/vendor/chartjs/chart.umd.min.js', '/js/province-charts.js', '/css/province.css']) {
      expect((await board.get(asset)).status, asset).toBe(200);
    }
    expect(res.text).toContain(`href="/provinces/${ids.tayninh}/blocs/${ids.tnBloc}/trend?period=YEAR_END"`);
  });
});

// ───────────────────────────── a bloc's trend ─────────────────────────────

describe("a bloc's trend", () => {
  it('per year: members, min/median/max and band shares equal the recount; the leader; a year not frozen says so', async () => {
    const res = await board.get(`/provinces/${ids.tayninh}/blocs/${ids.tnBloc}/trend`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<canvas id="bloc-trend-chart"[^>]*data-chart-table="bloc-trend-table"/);
    const review = await frozenReview(ids.tnBloc, 2019, 'YEAR_END');
    const c = await recount(review!.id);
    const r = row(res.text, 'bloc-year-2019');
    expect(cell(r, 'members')).toBe(String(await t.db.membership.count({ where: { blocYear: { blocId: ids.tnBloc, year: 2019 }, leftAt: null } })));
    expect(cell(r, 'min')).toBe(formatPoints(c.min));
    expect(cell(r, 'median')).toBe(formatPoints(c.median));
    expect(cell(r, 'max')).toBe(formatPoints(c.max));
    for (const b of BANDS) expect(cell(r, b)).toBe(c.shares[b]);
    expect(cell(r, 'leader')).toBe(c.rows.find((x) => x.rank === 1)!.agencyName);
    expect(cell(row(res.text, 'bloc-year-2020'), 'status')).toBe('chưa chốt');
    // mid-year: 2020 is frozen
    const mid = await board.get(`/provinces/${ids.tayninh}/blocs/${ids.tnBloc}/trend?period=MID_YEAR`);
    const c20 = await recount((await frozenReview(ids.tnBloc, 2020, 'MID_YEAR'))!.id);
    expect(cell(row(mid.text, 'bloc-year-2020'), 'median')).toBe(formatPoints(c20.median));
  });
});

// ───────────────────────────── a unit's trend, across merges ─────────────────────────────

describe("a unit's trend", () => {
  it('its years: bloc, final score and rank, mid-year → year-end change, per criterion group (summing to the final score)', async () => {
    const res = await board.get(`/provinces/${ids.tayninh}/units/${ids.treasury}/trend`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<canvas id="unit-trend-chart"[^>]*data-chart-table="unit-trend-table"/);
    expect(res.text).toContain('id="unit-trend-table"');
    const end = await t.db.reviewResult.findFirstOrThrow({ where: { agencyId: ids.treasury, review: { kind: 'YEAR_END', blocYear: { year: 2019 } } } });
    const mid = await t.db.reviewResult.findFirstOrThrow({ where: { agencyId: ids.treasury, review: { kind: 'MID_YEAR', blocYear: { year: 2019 } } } });
    const units = await t.db.reviewResult.count({ where: { reviewId: end.reviewId } });
    const r = row(res.text, `trend-row-2019-${ids.treasury}`);
    expect(cell(r, 'end')).toBe(formatPoints(end.totalCenti));
    expect(cell(r, 'end-rank')).toBe(`${end.rank}/${units}`);
    expect(cell(r, 'mid')).toBe(formatPoints(mid.totalCenti));
    expect(centiOf(cell(r, 'change').replace('−', '-').replace('+', ''))).toBe(end.totalCenti - mid.totalCenti);
    expect(r).toContain(`data-chart-value="${end.totalCenti / 100}"`);
    // 2020: mid-year frozen, year-end not yet
    const r20 = row(res.text, `trend-row-2020-${ids.treasury}`);
    expect(cell(r20, 'end')).toBe('chưa chốt');
    // the year-end groups add up to the final score
    const groupEnds = [...res.text.matchAll(new RegExp(`<tr data-testid="group-row-2019-${ids.treasury}-[^"]+"[\\s\\S]*?</tr>`, 'g'))].map((m) => centiOf(cell(m[0], 'end')));
    expect(groupEnds.length).toBeGreaterThanOrEqual(2);
    expect(groupEnds.reduce((s, x) => s + x, 0)).toBe(end.totalCenti);
  });

  it("after merges (made by the board through the agencies' form) it lists its predecessors' years with their names", async () => {
    const event = { legalBasis: 'Quyết định số 1/QĐ-BTC ngày 15/6/2025', note: 'Sắp xếp tổ chức bộ máy' };
    // customs → treasury, then treasury → tax: tax's trend reaches customs through treasury
    let res = await postForm(board, `/agencies/${ids.customs}/merge`, { ...event, date: '2025-07-01', successorId: String(ids.treasury) });
    expect(res.status).toBe(302);
    res = await postForm(board, `/agencies/${ids.treasury}/merge`, { ...event, date: '2025-08-01', successorId: String(ids.tax) });
    expect(res.status).toBe(302);

    const page = await board.get(`/provinces/${ids.tayninh}/units/${ids.treasury}/trend`);
    expect(page.status).toBe(200);
    expect(text(page.text.match(/data-testid="predecessors"[\s\S]*?<\/ul>/)![0])).toContain('Cục Hải quan Tây Ninh — hợp nhất ngày 01/07/2025');
    const customs2019 = await t.db.reviewResult.findFirstOrThrow({ where: { agencyId: ids.customs, review: { kind: 'YEAR_END', blocYear: { year: 2019 } } } });
    const r = row(page.text, `trend-row-2019-${ids.customs}`);
    expect(cell(r, 'predecessor')).toBe('Cục Hải quan Tây Ninh');
    expect(cell(r, 'end')).toBe(formatPoints(customs2019.totalCenti));
    expect(r).toContain('data-chart-label="2019 (Cục Hải quan Tây Ninh)"');
    row(page.text, `trend-row-2019-${ids.treasury}`); // its own year still there

    const tax = await board.get(`/provinces/${ids.tayninh}/units/${ids.tax}/trend`);
    for (const id of [ids.tax, ids.treasury, ids.customs]) row(tax.text, `trend-row-2019-${id}`);
    expect(text(tax.text.match(/data-testid="predecessors"[\s\S]*?<\/ul>/)![0])).toContain('tiền thân của đơn vị tiền thân');
    // the customs office itself does not inherit its successor's years
    const customs = await board.get(`/provinces/${ids.tayninh}/units/${ids.customs}/trend`);
    expect(customs.text).not.toContain(`trend-row-2019-${ids.treasury}"`);
  });
});

// ───────────────────────────── a fixed number of queries ─────────────────────────────

describe('queries', () => {
  it('the number of queries of each page does not grow with the number of blocs, units, years or predecessors', async () => {
    let n = 0;
    const counted = createDb(t.config.DATABASE_URL, () => n++);
    try {
      const app = createApp(counted, t.config, () => undefined);
      const agent = await loginAs(app, 'bantdkt.tayninh', DEMO_PASSWORD);
      const urls = [
        `/provinces/${ids.tayninh}/results?year=2019`,
        `/provinces/${ids.tayninh}/results?year=2019&q=don%20vi`,
        `/provinces/${ids.tayninh}/blocs/${ids.tnBloc}/trend`,
        `/provinces/${ids.tayninh}/units/${ids.tax}/trend`,
      ];
      const measure = async () => {
        const out: number[] = [];
        for (const url of urls) {
          await agent.get(url); // warm up
          n = 0;
          const res = await agent.get(url);
          expect(res.status, url).toBe(200);
          out.push(n);
        }
        return out;
      };
      const before = await measure();
      // more blocs and units (25 more units: the list now has two pages), another year of the bloc,
      // and a longer lineage for the tax office
      for (let i = 0; i < 5; i++) await addBloc(t.db, `Khối đo truy vấn ${i + 1}`, 2019, 5, { YEAR_END: [9000 + i, 8500, 8000, 7000, 6000], MID_YEAR: [9000, 8000, 7000, 6000, 5000] });
      const by = await t.db.blocYear.create({ data: { blocId: ids.tnBloc, year: 2018, phase: 'CLOSED' } });
      await t.db.review.create({ data: { blocYearId: by.id, kind: 'YEAR_END', frozenAt: new Date('2018-12-20T12:00:00Z') } });
      const extra = await addBloc(t.db, 'Khối đo truy vấn 6', 2018, 4, { YEAR_END: [9500, 9000, 8500, 8000] });
      for (const [i, id] of extra.agencyIds.entries()) {
        await t.db.agencyLineage.create({ data: { kind: 'MERGE', date: new Date(`2024-0${i + 1}-01T12:00:00Z`), predecessorId: id, successorId: ids.tax } });
      }
      const after = await measure();
      expect(before.every((x) => x > 3)).toBe(true); // the counter sees the pages' queries
      expect(after).toEqual(before);
    } finally {
      await counted.$disconnect();
    }
  });

  it('the list is paginated: two pages hold every unit of the year once', async () => {
    const expected = await t.db.membership.count({ where: { leftAt: null, blocYear: { year: 2019, bloc: { provinceId: ids.tayninh } } } });
    expect(expected).toBeGreaterThan(20);
    const p1 = await board.get(`/provinces/${ids.tayninh}/results?year=2019`);
    const next = /href="([^"]+)" data-testid="next-page"/.exec(p1.text)![1].replace(/&amp;/g, '&');
    expect(next).toContain('page=2');
    const p2 = await board.get(next);
    const rowsOf = (html: string) => [...html.matchAll(/data-testid="unit-row-(\d+)"/g)].map((m) => Number(m[1]));
    const all = [...rowsOf(p1.text), ...rowsOf(p2.text)];
    expect(rowsOf(p1.text)).toHaveLength(20);
    expect(new Set(all).size).toBe(expected);
    expect(all).toHaveLength(expected);
  });
});
