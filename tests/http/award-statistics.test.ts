// Award statistics: a few hundred register rows of every kind, level, bloc and agency kind are put
// in Tây Ninh's register, then every count of the page equals a recount of those rows done here,
// every share is the half-up rounding of the exact share, the lines add up to the total line's
// 100,00% within their rounding, the Excel workbook holds the same numbers as numbers and
// percentage cells, and the page's query count does not grow with the number of rows or blocs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDb, type Db } from '../../src/db/client';
import { quotaFor } from '../../src/domain/awards';
import { AGENCY_KINDS, AWARD_KINDS } from '../../src/domain/enums';
import { loadRules } from '../../src/modules/awards/service';
import { loginAs, type Agent } from '../support/app';
import { cloneTemplate } from '../support/testdb';

let db: Db;
let app: Express;
let close: () => Promise<void>;
let queries = 0;
const errors: string[] = [];
let board: Agent;
let tayninh: number;
let nghean: number;
const blocs: number[] = []; // Tây Ninh's blocs: the demo's and the ones added here
const YEAR = 2020;
const FROM = 2017;
const TO = 2021;

const KINDS: [string, string, string][] = [
  // kind, title, level
  ['CO_TINH', 'Cờ thi đua của UBND tỉnh', 'TINH'],
  ['CO_CHINH_PHU', 'Cờ thi đua của Chính phủ', 'CHINH_PHU'],
  ['BANG_KHEN_TINH', 'Bằng khen của Chủ tịch UBND tỉnh', 'TINH'],
  ['TTLDXS', 'Tập thể lao động xuất sắc', 'TINH'],
  ['TTLDTT', 'Tập thể lao động tiên tiến', 'TINH'],
  ['LDTT', 'Lao động tiên tiến', 'TINH'],
  ['CSTDCS', 'Chiến sĩ thi đua cơ sở', 'TINH'],
  ['BANG_KHEN_BO', 'Bằng khen của Bộ, ban, ngành, đoàn thể Trung ương', 'BO_NGANH'],
  ['BANG_KHEN_TTG', 'Bằng khen của Thủ tướng Chính phủ', 'CHINH_PHU'],
  ['HUAN_CHUONG_LD', 'Huân chương Lao động hạng Ba', 'NHA_NUOC'],
  ['HUAN_CHUONG_LD', 'Huân chương Lao động hạng Nhì', 'NHA_NUOC'],
  ['OTHER', 'Giấy khen của Giám đốc Sở', 'BO_NGANH'],
  ['OTHER', 'Kỷ niệm chương', 'BO_NGANH'],
];

// a small deterministic generator, so a failure can be replayed
let seed = 75;
const rand = (n: number) => {
  // mulberry32: 32-bit integer steps (Math.imul), no floating-point precision loss
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) % n;
};

/** `n` register rows of varied kinds, levels, blocs (or none), agency kinds and years around YEAR. */
function rows(n: number, provinceId: number, blocIds: (number | null)[]) {
  return Array.from({ length: n }, (_, i) => {
    const [awardKind, awardTitle, level] = KINDS[rand(KINDS.length)];
    const person = rand(2) === 0;
    return {
      provinceId,
      year: rand(4) === 0 ? FROM + rand(TO - FROM + 2) : YEAR, // a few outside the range (2022) too
      awardKind,
      awardTitle,
      level,
      subjectKind: person ? 'PERSON' : 'UNIT',
      subjectName: `${person ? 'Cá nhân' : 'Tập thể'} số ${i}`,
      agencyKind: AGENCY_KINDS[rand(AGENCY_KINDS.length)],
      blocId: blocIds[rand(blocIds.length)],
      decisionNumber: `${100 + rand(50)}/QĐ-UBND`,
      decisionDate: new Date(Date.UTC(YEAR + 1, rand(12), 1 + rand(28), 12)),
      source: rand(3) === 0 ? 'PORTAL' : 'IMPORT',
    };
  });
}

/** A bloc of Tây Ninh with its year YEAR, `members` of the province's agencies, and proposals of every status. */
async function addBloc(name: string, members: number) {
  const agencies = await db.agencyVersion.findMany({ where: { agency: { provinceId: tayninh } }, orderBy: { id: 'asc' }, take: members, select: { id: true, agencyId: true } });
  const bloc = await db.bloc.create({ data: { provinceId: tayninh, code: `test-${blocs.length}-${Date.now()}`, versions: { create: { name, validFrom: new Date('2000-01-01T00:00:00Z') } } } });
  const by = await db.blocYear.create({ data: { blocId: bloc.id, year: YEAR, phase: 'CLOSED' } });
  await db.membership.createMany({ data: agencies.map((a, i) => ({ blocYearId: by.id, agencyId: a.agencyId, agencyVersionId: a.id, sortOrder: i })) });
  const statuses = ['SENT', 'APPROVED', 'REJECTED', 'APPROVED', 'WITHDRAWN', 'DRAFT'];
  await db.awardProposal.createMany({
    data: agencies.flatMap((a, i) => AWARD_KINDS.slice(0, 3).map((awardKind, k) => ({ blocYearId: by.id, awardKind, agencyId: a.agencyId, status: statuses[(i + k) % statuses.length] }))),
  });
  blocs.push(bloc.id);
  return bloc.id;
}

beforeAll(async () => {
  const { url, drop } = await cloneTemplate();
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-cwd-'));
  db = createDb(url, () => queries++);
  app = createApp(db, loadConfig({ NODE_ENV: 'test', DATABASE_URL: url }, workdir), (m) => errors.push(m));
  close = async () => {
    await db.$disconnect();
    await drop();
    fs.rmSync(workdir, { recursive: true, force: true });
  };
  tayninh = (await db.province.findFirstOrThrow({ where: { name: 'Tây Ninh' } })).id;
  nghean = (await db.province.findFirstOrThrow({ where: { name: 'Nghệ An' } })).id;
  blocs.push((await db.blocVersion.findFirstOrThrow({ where: { name: 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh' } })).blocId);
  await addBloc('Khối thi đua thử nghiệm A', 5);
  await addBloc('Khối thi đua thử nghiệm B', 7);
  await db.awardRecord.createMany({ data: rows(400, tayninh, [...blocs, null]) });
  // another province's awards never count in Tây Ninh's statistics
  await db.awardRecord.createMany({ data: rows(50, nghean, [null]) });
  board = await loginAs(app, 'bantdkt.tayninh');
}, 120_000);
afterAll(async () => close());

const statsUrl = () => `/provinces/${tayninh}/awards/statistics?year=${YEAR}&from=${FROM}&to=${TO}`;

// ───────────────────────────── Reading the page, recounting the rows ─────────────────────────────

const vn = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
/** Hundredths of a percent as the page must show them, written independently of src/i18n: 6368 → "63,68%". */
const pct = (h: number) => `${vn(Math.floor(h / 100))},${String(h % 100).padStart(2, '0')}%`;
/** The exact share count/total in hundredths of a percent, half-up, with BigInt. */
function exactShare(count: number, total: number): number {
  if (total === 0) return 0;
  const num = BigInt(count) * 10000n;
  const q = num / BigInt(total);
  return Number(2n * (num % BigInt(total)) >= BigInt(total) ? q + 1n : q);
}
const decode = (s: string) => s.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const cells = (tr: string) => [...tr.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => decode(m[1].replace(/<[^>]+>/g, '').trim()));

type PageLine = { key: string; count: number; share: number; label: string; countText: string; shareText: string };

function tableOf(html: string, key: string): { lines: PageLine[]; total: { count: number; share: number; text: string[] } } {
  const start = html.indexOf(`data-table="${key}"`);
  expect(start, `table ${key}`).toBeGreaterThan(0);
  const table = html.slice(start, html.indexOf('</table>', start));
  const lines = [...table.matchAll(/<tr data-testid="stat-line" data-key="([^"]*)" data-count="(\d+)" data-share="(\d+)">([\s\S]*?)<\/tr>/g)].map((m) => {
    const c = cells(m[4]);
    return { key: decode(m[1]), count: Number(m[2]), share: Number(m[3]), label: c[1], countText: c[2], shareText: c[3] };
  });
  const t = /<tr class="fw-bold" data-testid="stat-total" data-count="(\d+)" data-share="(\d+)">([\s\S]*?)<\/tr>/.exec(table)!;
  return { lines, total: { count: Number(t[1]), share: Number(t[2]), text: cells(t[3]) } };
}

/** The recount: Tây Ninh's rows read back and counted here, per dimension. */
async function recount() {
  const all = await db.awardRecord.findMany({ where: { provinceId: tayninh }, select: { year: true, awardKind: true, awardTitle: true, level: true, blocId: true, agencyKind: true } });
  const ofYear = all.filter((r) => r.year === YEAR);
  const group = (list: typeof all, keyOf: (r: (typeof all)[number]) => string) => {
    const m = new Map<string, number>();
    for (const r of list) m.set(keyOf(r), (m.get(keyOf(r)) ?? 0) + 1);
    return m;
  };
  return {
    kind: group(ofYear, (r) => (r.awardKind === 'OTHER' || r.awardKind === 'HUAN_CHUONG_LD' ? `${r.awardKind}:${r.awardTitle}` : r.awardKind)),
    level: group(ofYear, (r) => r.level),
    year: group(
      all.filter((r) => r.year >= FROM && r.year <= TO),
      (r) => String(r.year),
    ),
    bloc: group(ofYear, (r) => (r.blocId === null ? 'none' : String(r.blocId))),
    agencyKind: group(ofYear, (r) => r.agencyKind),
    ofYear: ofYear.length,
  };
}

// ───────────────────────────── Tests ─────────────────────────────

describe('the statistics page', () => {
  it('every table\'s counts equal the recount, each share is the half-up exact share, shown as 63,68%; the total line is 100,00%', async () => {
    const res = await board.get(statsUrl());
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-testid="export-xlsx"');
    const expected = await recount();
    expect(expected.ofYear).toBeGreaterThan(250);
    for (const key of ['kind', 'level', 'year', 'bloc', 'agencyKind'] as const) {
      const { lines, total } = tableOf(res.text, key);
      const want = expected[key];
      const wantTotal = [...want.values()].reduce((s, n) => s + n, 0);
      // every counted value is a line with its count (levels and years show their zero lines too)
      for (const [k, n] of want) expect(lines.find((l) => l.key === k)?.count, `${key} ${k}`).toBe(n);
      for (const l of lines) expect(l.count, `${key} ${l.key}`).toBe(want.get(l.key) ?? 0);
      expect(total.count, key).toBe(wantTotal);
      expect(total.text[2]).toBe(vn(wantTotal));
      expect(total.share).toBe(10000);
      expect(total.text[3]).toBe('100,00%');
      for (const l of lines) {
        expect(l.share, `${key} ${l.key}`).toBe(exactShare(l.count, wantTotal));
        expect(l.shareText).toBe(pct(l.share));
        expect(l.countText).toBe(vn(l.count));
      }
      // the lines' shares add up to 100,00% within half a hundredth per line
      const sum = lines.reduce((s, l) => s + l.share, 0);
      expect(Math.abs(sum - 10000) * 2, `${key}: Σ = ${sum}`).toBeLessThanOrEqual(lines.length);
    }
    // labels: the portal's kinds by name, the others by their own title, blocs by name, no bloc last
    const kinds = tableOf(res.text, 'kind').lines;
    expect(kinds.find((l) => l.key === 'CO_TINH')?.label).toBe('Cờ thi đua của UBND tỉnh');
    expect(kinds.find((l) => l.key === 'OTHER:Kỷ niệm chương')?.label).toBe('Kỷ niệm chương');
    const byBloc = tableOf(res.text, 'bloc').lines;
    expect(byBloc.find((l) => l.key === String(blocs[1]))?.label).toBe('Khối thi đua thử nghiệm A');
    expect(byBloc[byBloc.length - 1]).toMatchObject({ key: 'none', label: 'Ngoài các khối thi đua' });
    expect(tableOf(res.text, 'year').lines.map((l) => l.key)).toEqual(['2017', '2018', '2019', '2020', '2021']);
  });

  it('proposals against decisions per bloc and award, and each bloc\'s quota use, equal a recount of the proposals', async () => {
    const res = await board.get(statsUrl());
    const years = await db.blocYear.findMany({ where: { year: YEAR, bloc: { provinceId: tayninh } }, select: { id: true, blocId: true } });
    const proposals = await db.awardProposal.findMany({ where: { blocYearId: { in: years.map((y) => y.id) } }, select: { blocYearId: true, awardKind: true, status: true } });
    const rules = await loadRules(db, tayninh, YEAR);
    const attrs = (html: string, testid: string) =>
      [...html.matchAll(new RegExp(`<tr[^>]*data-testid="${testid}"([^>]*)>`, 'g'))].map((m) => Object.fromEntries([...m[1].matchAll(/data-([a-z]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));
    const lines = attrs(res.text, 'proposal-line');
    let expectedLines = 0;
    for (const y of years) {
      for (const kind of AWARD_KINDS) {
        const of = (s: string[]) => proposals.filter((p) => p.blocYearId === y.id && p.awardKind === kind && s.includes(p.status)).length;
        const proposed = of(['SENT', 'APPROVED', 'REJECTED']);
        const line = lines.find((l) => l.bloc === String(y.blocId) && l.kind === kind);
        if (proposed === 0) {
          expect(line, `${y.blocId} ${kind}`).toBeUndefined();
          continue;
        }
        expectedLines++;
        expect(line, `${y.blocId} ${kind}`).toMatchObject({ proposed: String(proposed), approved: String(of(['APPROVED'])), rejected: String(of(['REJECTED'])), pending: String(of(['SENT'])) });
      }
    }
    expect(lines).toHaveLength(expectedLines);
    expect(expectedLines).toBeGreaterThan(3);

    const quotas = attrs(res.text, 'quota-line');
    let quotaLines = 0;
    for (const y of years) {
      const members = await db.membership.count({ where: { blocYearId: y.id, leftAt: null } });
      for (const kind of AWARD_KINDS) {
        const quota = quotaFor(rules.awards[kind], members);
        const line = quotas.find((l) => l.bloc === String(y.blocId) && l.kind === kind);
        if (quota === null) {
          expect(line).toBeUndefined();
          continue;
        }
        quotaLines++;
        const approved = proposals.filter((p) => p.blocYearId === y.id && p.awardKind === kind && p.status === 'APPROVED').length;
        expect(line, `${y.blocId} ${kind}`).toMatchObject({ quota: String(quota), approved: String(approved), use: String(exactShare(approved, quota)) });
      }
    }
    expect(quotas).toHaveLength(quotaLines);
    expect(quotaLines).toBeGreaterThan(0);
  });

  it('the workbook: one sheet per table, Vietnamese headers, counts as numbers and shares as percentage cells with the page\'s values', async () => {
    const page = await board.get(statsUrl());
    const res = await board
      .get(`/provinces/${tayninh}/awards/statistics.xlsx?year=${YEAR}&from=${FROM}&to=${TO}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`filename="thong-ke-khen-thuong-tay-ninh-${YEAR}.xlsx"`);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`Thống kê khen thưởng Tây Ninh ${YEAR}.xlsx`)}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Theo hình thức', 'Theo cấp', 'Theo năm', 'Theo khối', 'Theo loại cơ quan', 'Đề nghị và kết quả', 'Sử dụng chỉ tiêu']);
    const sheets: [string, string][] = [['Theo hình thức', 'kind'], ['Theo cấp', 'level'], ['Theo năm', 'year'], ['Theo khối', 'bloc'], ['Theo loại cơ quan', 'agencyKind']];
    for (const [name, key] of sheets) {
      const ws = wb.getWorksheet(name)!;
      const { lines, total } = tableOf(page.text, key);
      expect((ws.getRow(4).values as unknown[]).slice(1)).toEqual(['STT', expect.any(String), 'Số lượng', 'Tỷ lệ']);
      lines.forEach((l, i) => {
        const row = ws.getRow(5 + i);
        expect(row.getCell(1).value).toBe(i + 1);
        expect(row.getCell(2).value).toBe(l.label);
        expect(row.getCell(3).value, `${name} ${l.label}`).toBe(l.count);
        expect(typeof row.getCell(4).value).toBe('number');
        expect(row.getCell(4).numFmt).toBe('0.00%');
        // the fraction of the rounded share: Excel shows exactly what the page shows
        expect(Math.round((row.getCell(4).value as number) * 10000)).toBe(l.share);
      });
      const last = ws.getRow(5 + lines.length);
      expect(last.getCell(2).value).toBe('Tổng cộng');
      expect(last.getCell(3).value).toBe(total.count);
      expect(last.getCell(4).value).toBe(1);
      expect(last.getCell(4).numFmt).toBe('0.00%');
    }
    const proposals = wb.getWorksheet('Đề nghị và kết quả')!;
    expect((proposals.getRow(4).values as unknown[]).slice(1)).toEqual(['Khối thi đua', 'Hình thức khen thưởng', 'Đề nghị', 'Chờ quyết định', 'Được khen thưởng', 'Không được khen thưởng', 'Tỷ lệ được khen thưởng']);
    expect(typeof proposals.getRow(5).getCell(3).value).toBe('number');
    expect(proposals.getRow(5).getCell(7).numFmt).toBe('0.00%');
  });

  it('the number of queries does not grow with the number of awards or blocs', async () => {
    const measure = async () => {
      await board.get(statsUrl()); // warm up (session, caches)
      queries = 0;
      const res = await board.get(statsUrl());
      expect(res.status).toBe(200);
      return queries;
    };
    const before = await measure();
    await addBloc('Khối thi đua thử nghiệm C', 6);
    await addBloc('Khối thi đua thử nghiệm D', 4);
    await db.awardRecord.createMany({ data: rows(1500, tayninh, [...blocs, null]) });
    const after = await measure();
    expect(after).toBe(before);
    expect(before).toBeLessThan(25);
    const res = await board.get(statsUrl());
    expect(tableOf(res.text, 'kind').total.count).toBe((await recount()).ofYear);
  });

  it('bad years are a 422 on the page and the workbook, never a 500', async () => {
    for (const qs of ['year=abc', 'year=1990', 'from=2021&to=2017', 'from=2000&to=2100', 'to=x']) {
      expect((await board.get(`/provinces/${tayninh}/awards/statistics?${qs}`)).status, qs).toBe(422);
      expect((await board.get(`/provinces/${tayninh}/awards/statistics.xlsx?${qs}`)).status, qs).toBe(422);
    }
    const empty = await board.get(`/provinces/${tayninh}/awards/statistics?year=2010`);
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('data-testid="statistics-empty"');
    expect(errors).toEqual([]);
  });
});
