// Confidentiality (hardening issue, items 9–12), through real HTTP on the demo data:
// - the scoreboard workbook follows the sheet pages' rule (a member sees its own criteria only);
// - other units' flags are not named on the awards and ballot pages;
// - a ballot closes only with the quorum of papers;
// - while a ballot is open its papers exist only as unreadable seals, opened and shuffled at the close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type request from 'supertest';
import ExcelJS from 'exceljs';
import { startTestApp, loginAs, postForm, type Agent, type TestApp } from '../support/app';
import { openSeal } from '../../src/modules/ballots/seal';

let t: TestApp;
const A: Record<string, Agent> = {};

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function agencyOf(username: string): Promise<number> {
  const a = await t.db.roleAssignment.findFirstOrThrow({ where: { user: { username }, agencyId: { not: null } } });
  return a.agencyId!;
}

async function yearOf(blocName: string, year: number) {
  const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: blocName } });
  const y = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: bloc.blocId, year } } });
  const members = await t.db.membership.findMany({ where: { blocYearId: y.id, leftAt: null }, include: { agencyVersion: { select: { name: true } } } });
  return { id: y.id, base: `/blocs/${bloc.blocId}/years/${year}`, nameOf: new Map(members.map((m) => [m.agencyId, m.agencyVersion.name])) };
}

/**
 * The scoreboard's unit rows: name → the criterion cells of both score sheets (the points that count,
 * then the self scores) and the total. Criterion columns are those whose header (row 4) is
 * "<code>\n(<max>)"; the group subtotals ("Cộng …") and the sums are not criteria.
 */
async function scoreboardRows(agent: Agent, url: string) {
  const res = await agent.get(url).buffer(true).parse(binary);
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as unknown as ArrayBuffer);
  const rows = new Map<string, { cells: unknown[]; total: unknown }>();
  for (const ws of [wb.getWorksheet('Bảng tổng hợp điểm')!, wb.getWorksheet('Điểm tự chấm')!]) {
    const critCols = (ws.getRow(4).values as unknown[]).flatMap((v, c) => (c >= 3 && typeof v === 'string' && v.includes('\n(') && !v.startsWith('Cộng ') ? [c] : []));
    expect(critCols.length).toBeGreaterThan(0);
    const totalCol = (ws.getRow(3).values as unknown[]).indexOf('Tổng điểm');
    for (let r = 5; typeof ws.getCell(r, 1).value === 'number'; r++) {
      const name = String(ws.getCell(r, 2).value);
      const t = ws.getCell(r, totalCol).value;
      const total = t !== null && typeof t === 'object' && 'result' in t ? t.result : t;
      const seen = rows.get(name);
      const cells = critCols.map((c) => ws.getCell(r, c).value);
      rows.set(name, seen ? { cells: [...seen.cells, ...cells], total: seen.total } : { cells, total });
    }
  }
  const text: string[] = [];
  wb.worksheets[0].eachRow((row) => text.push(...(row.values as unknown[]).filter((v): v is string => typeof v === 'string')));
  return { rows, text: text.join('\n') };
}

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['thue.nghean', 'haiquan.nghean', 'bantdkt.nghean', 'thongke.tayninh', 'thue.tayninh', 'bhxh.tayninh', 'haiquan.tayninh', 'khobac.tayninh', 'nhnn.tayninh', 'qltt.tayninh', 'bantdkt.tayninh']) {
    A[u] = await loginAs(t.app, u);
  }
});
afterAll(async () => t.close());

describe('scoreboard.xlsx follows the sheet pages (item 9)', () => {
  it('a member gets its own criteria only; other units: no self or reviewed score, no draft — the head gets all', async () => {
    const y = await yearOf('Khối các cơ quan Trung ương tỉnh Nghệ An', 2020);
    const own = await agencyOf('thue.nghean');
    // another member with self scores in the year-end sheets (sent or draft): the demo is in scoring
    const other = await t.db.scoreSheet.findFirstOrThrow({
      where: { blocYearId: y.id, period: 'YEAR_END', agencyId: { not: own }, entries: { some: { selfCenti: { not: null } } } },
      select: { agencyId: true, status: true },
    });
    const otherName = y.nameOf.get(other.agencyId)!;
    // the page forbids it…
    expect((await A['thue.nghean'].get(`${y.base}/scores/${other.agencyId}?period=YEAR_END`)).status).toBe(403);
    // …and so does the download
    const mine = await scoreboardRows(A['thue.nghean'], `${y.base}/documents/scoreboard.xlsx?period=YEAR_END`);
    expect(mine.rows.get(otherName)!.cells.every((v) => v === null)).toBe(true);
    expect(mine.text).toContain('Điểm từng tiêu chí của đơn vị khác chỉ đơn vị đó');
    const ownSheet = await t.db.scoreSheet.findFirst({ where: { blocYearId: y.id, period: 'YEAR_END', agencyId: own, entries: { some: { selfCenti: { not: null } } } } });
    if (ownSheet) expect(mine.rows.get(y.nameOf.get(own)!)!.cells.some((v) => typeof v === 'number')).toBe(true);
    // every member row of another unit is empty of criteria, whatever its sheet's status
    for (const [agencyId, name] of y.nameOf) if (agencyId !== own) expect(mine.rows.get(name)!.cells.every((v) => v === null), name).toBe(true);
    const head = await scoreboardRows(A['haiquan.nghean'], `${y.base}/documents/scoreboard.xlsx?period=YEAR_END`);
    expect(head.rows.get(otherName)!.cells.some((v) => typeof v === 'number')).toBe(true);
    expect(head.text).not.toContain('Điểm từng tiêu chí của đơn vị khác');
    const board = await scoreboardRows(A['bantdkt.nghean'], `${y.base}/documents/scoreboard.xlsx?period=YEAR_END`);
    expect(board.rows.get(otherName)!.cells).toEqual(head.rows.get(otherName)!.cells);
  });

  it('the mid-year scoreboard: other units keep the frozen ranking total (as on the reviews page), not their criteria', async () => {
    const y = await yearOf('Khối các cơ quan Trung ương tỉnh Nghệ An', 2020);
    const own = await agencyOf('thue.nghean');
    const review = await t.db.review.findUniqueOrThrow({ where: { blocYearId_kind: { blocYearId: y.id, kind: 'MID_YEAR' } }, include: { results: true } });
    const other = review.results.find((r) => r.agencyId !== own)!;
    const mine = await scoreboardRows(A['thue.nghean'], `${y.base}/documents/scoreboard.xlsx?period=MID_YEAR`);
    const row = mine.rows.get(y.nameOf.get(other.agencyId)!)!;
    expect(row.cells.every((v) => v === null)).toBe(true);
    expect(row.total).toBe(other.totalCenti / 100);
  });

  it('ranking.xlsx holds only ranked (reviewed and accepted) totals, the same for a member as for the head', async () => {
    const y = await yearOf('Khối các cơ quan Trung ương tỉnh Nghệ An', 2020);
    const read = async (agent: Agent) => {
      const res = await agent.get(`${y.base}/documents/ranking.xlsx?period=YEAR_END`).buffer(true).parse(binary);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as unknown as ArrayBuffer);
      const names: string[] = [];
      wb.worksheets[0].eachRow((row, n) => {
        if (n >= 4) names.push(String(row.getCell(2).value));
      });
      return names;
    };
    const accepted = await t.db.scoreSheet.findMany({ where: { blocYearId: y.id, period: 'YEAR_END', status: 'ACCEPTED' }, select: { agencyId: true } });
    const member = await read(A['thue.nghean']);
    expect(member.sort()).toEqual(accepted.map((s) => y.nameOf.get(s.agencyId)!).sort());
    expect(await read(A['haiquan.nghean'])).toEqual(expect.arrayContaining(member));
  });
});

describe('flags are named only to those who oversee the year and the unit itself (item 10)', () => {
  it('awards and ballot pages: a fellow member does not see "Đang điều tra"; the unit, the head and the board do', async () => {
    const y = await yearOf('Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh', 2020);
    const flagged = await agencyOf('nhnn.tayninh');
    await t.db.agencyFlag.create({ data: { agencyId: flagged, kind: 'INVESTIGATION', fromDate: new Date('2020-03-01'), note: 'Cơ quan điều tra đang xác minh' } });
    for (const u of ['thue.tayninh', 'bhxh.tayninh']) {
      for (const page of ['/awards', '/ballots']) {
        const res = await A[u].get(y.base + page);
        expect(res.status, `${u} ${page}`).toBe(200);
        expect(res.text, `${u} ${page}`).not.toContain('Đang điều tra');
      }
    }
    for (const u of ['nhnn.tayninh', 'thongke.tayninh', 'bantdkt.tayninh']) {
      const res = await A[u].get(`${y.base}/awards`);
      expect(res.text, u).toContain('Đang điều tra');
    }
    // the agency page hides it from fellow members the same way
    expect((await A['thue.tayninh'].get(`/agencies/${flagged}`)).text).not.toContain('Đang điều tra');
    await t.db.agencyFlag.deleteMany({ where: { agencyId: flagged } });
  });

  it('a unit ineligible only because of a flag shows a neutral line to the others', async () => {
    const { visibleReasons } = await import('../../src/modules/awards/service');
    const { DEFAULT_AWARD_RULES } = await import('../../src/domain/awards');
    const facts = { agencyId: 7, name: 'Đơn vị A', rank: 1, band: 'XUAT_SAC' as const, registration: { status: 'ACCEPTED', submittedAt: null, aims: ['BANG_KHEN_TINH'], staffCount: 10, countLdtt: 8, countCstdcs: 1 }, registrationDue: null, signedPledge: true, tasksCompleted: true, openFlags: ['DISCIPLINE'], dissolved: false, elected: false, proposedFor: [] };
    const general = { requireRegistration: true, requirePledge: true };
    const reader = (oversees: boolean, agencyIds: number[]) => ({ oversees, p: { agencyIds } }) as unknown as Parameters<typeof visibleReasons>[0];
    expect(visibleReasons(reader(false, [8]), DEFAULT_AWARD_RULES.BANG_KHEN_TINH, facts, general)).toEqual(['Không đủ điều kiện khen thưởng theo quy định.']);
    expect(visibleReasons(reader(false, [7]), DEFAULT_AWARD_RULES.BANG_KHEN_TINH, facts, general)).toEqual(['Đang xem xét kỷ luật.']);
    expect(visibleReasons(reader(true, []), DEFAULT_AWARD_RULES.BANG_KHEN_TINH, facts, general)).toEqual(['Đang xem xét kỷ luật.']);
    // other reasons already say "not eligible": no extra line that would single the flag out
    expect(visibleReasons(reader(false, [8]), DEFAULT_AWARD_RULES.BANG_KHEN_TINH, { ...facts, tasksCompleted: false }, general)).toEqual(['Chưa hoàn thành nhiệm vụ năm.']);
  });
});

describe('the secret ballot: sealed while open, closed only with the quorum (items 11, 12)', () => {
  let y: Awaited<ReturnType<typeof yearOf>>;
  let ballotId = 0;
  const cand: Record<string, string> = {};
  const page = () => `${y.base}/ballots/${ballotId}`;

  beforeAll(async () => {
    y = await yearOf('Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh', 2020);
    const meeting = { heldAt: '2020-12-18', place: 'Hội trường Cục Thống kê tỉnh Tây Ninh', chairName: 'Nguyễn Văn Chủ', secretaryName: 'Trần Thị Thư', membersPresent: '7', summary: 'Các đơn vị hoàn thành tốt nhiệm vụ chính trị năm 2020.' };
    expect((await postForm(A['thongke.tayninh'], `${y.base}/reviews/year-end/freeze`, meeting, `${y.base}/reviews`)).status).toBe(302);
    const ids = { bhxh: await agencyOf('bhxh.tayninh'), thue: await agencyOf('thue.tayninh'), khobac: await agencyOf('khobac.tayninh') };
    const present = [...y.nameOf.keys()].map(String);
    const open = await postForm(A['thongke.tayninh'], `${y.base}/ballots`, { purpose: 'AWARD', awardKind: 'CO_TINH', seats: '2', candidateIds: [ids.bhxh, ids.thue, ids.khobac].map(String), presentIds: present } as unknown as Record<string, string>, `${y.base}/ballots`);
    expect(open.status).toBe(302);
    ballotId = Number(open.headers.location.split('/').pop());
    for (const c of await t.db.ballotCandidate.findMany({ where: { ballotId } })) {
      for (const [k, id] of Object.entries(ids)) if (c.agencyId === id) cand[k] = String(c.id);
    }
  });

  it('one paper cast: only the participation and a seal exist; the seal holds no candidate id in clear', async () => {
    const vote = await postForm(A['thue.tayninh'], `${page()}/vote`, { candidateIds: [cand.bhxh, cand.thue] } as unknown as Record<string, string>, page());
    expect(vote.status).toBe(302);
    expect(await t.db.ballotPaper.count({ where: { ballotId } })).toBe(0);
    expect(await t.db.ballotChoice.count({ where: { paper: { ballotId } } })).toBe(0);
    const seals = await t.db.ballotSeal.findMany({ where: { ballotId } });
    expect(seals).toHaveLength(1);
    const raw = Buffer.from(seals[0].sealed, 'base64');
    for (const clear of [`[${cand.bhxh},${cand.thue}]`, `[${cand.thue},${cand.bhxh}]`, `"${cand.bhxh}"`]) {
      expect(raw.includes(Buffer.from(clear))).toBe(false);
      expect(seals[0].sealed).not.toContain(clear);
    }
    // readable only with the server's secret, and only for this ballot
    expect(openSeal(t.config.sessionSecret, ballotId, seals[0].sealed)!.map(String).sort()).toEqual([cand.bhxh, cand.thue].sort());
    expect(openSeal('another secret of at least thirty-two characters', ballotId, seals[0].sealed)).toBeNull();
    expect(openSeal(t.config.sessionSecret, ballotId + 1, seals[0].sealed)).toBeNull();
    expect(seals[0].id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an abstention seals to the same length as a full paper', async () => {
    expect((await postForm(A['bhxh.tayninh'], `${page()}/vote`, {}, page())).status).toBe(302);
    const lengths = new Set((await t.db.ballotSeal.findMany({ where: { ballotId } })).map((s) => s.sealed.length));
    expect(lengths.size).toBe(1);
  });

  it('closing with fewer papers than the quorum → 409 with the reason; nothing changes', async () => {
    const wait = await A['thongke.tayninh'].get(page());
    expect(wait.text).toContain('data-testid="close-wait"');
    const res = await postForm(A['thongke.tayninh'], `${page()}/close`, {}, page());
    expect(res.status).toBe(409);
    expect(res.text).toContain('Chưa thể kết thúc bỏ phiếu: mới thu về 2/7 phiếu, cần ít nhất 5 phiếu');
    const b = await t.db.ballot.findUniqueOrThrow({ where: { id: ballotId }, include: { candidates: true } });
    expect(b.status).toBe('OPEN');
    expect(b.candidates.every((c) => c.votes === 0)).toBe(true);
    expect(await t.db.ballotSeal.count({ where: { ballotId } })).toBe(2);
    expect(await t.db.ballotPaper.count({ where: { ballotId } })).toBe(0);
    expect(await t.db.issuedDocument.count({ where: { blocYearId: y.id, kind: 'TALLY' } })).toBe(0);
  });

  it('with the quorum reached the close opens the seals: right tally, papers shuffled under new ids, no seal left', async () => {
    const papers: [string, string[]][] = [
      ['haiquan.tayninh', [cand.bhxh, cand.khobac]],
      ['khobac.tayninh', [cand.khobac]],
      ['nhnn.tayninh', [cand.bhxh, cand.thue]],
    ];
    for (const [u, choice] of papers) expect((await postForm(A[u], `${page()}/vote`, { candidateIds: choice } as unknown as Record<string, string>, page())).status, u).toBe(302);
    const sealIds = (await t.db.ballotSeal.findMany({ where: { ballotId } })).map((s) => s.id);
    expect(sealIds).toHaveLength(5);
    const res = await postForm(A['thongke.tayninh'], `${page()}/close`, {}, page());
    expect(res.status).toBe(302);
    expect(await t.db.ballotSeal.count({ where: { ballotId } })).toBe(0);
    const kept = await t.db.ballotPaper.findMany({ where: { ballotId }, include: { choices: true } });
    expect(kept).toHaveLength(5);
    expect(kept.some((p) => sealIds.includes(p.id))).toBe(false);
    expect(kept.map((p) => p.choices.length).sort()).toEqual([0, 1, 2, 2, 2]);
    const b = await t.db.ballot.findUniqueOrThrow({ where: { id: ballotId }, include: { candidates: true } });
    expect([b.status, b.issued, b.returned, b.valid, b.invalid]).toEqual(['CLOSED', 7, 5, 5, 0]);
    const votes = Object.fromEntries(Object.entries(cand).map(([k, id]) => [k, b.candidates.find((c) => String(c.id) === id)!.votes]));
    // bhxh: thue, haiquan, nhnn; thue: thue, nhnn; khobac: haiquan, khobac; bhxh.tayninh abstained
    expect(votes).toEqual({ bhxh: 3, thue: 2, khobac: 2 });
    expect(b.candidates.every((c) => !c.elected)).toBe(true); // nobody has more than half of the 7 members
    expect(t.errors).toEqual([]);
  });
});
