// The year-end conference of Tây Ninh 2020 (demo: every sheet reviewed, ranking not frozen), run
// through real HTTP in order: freeze the ranking, eligibility and quotas, the secret ballot, the
// proposals within quota, the handover, closing (next year created), the board's decision and
// reopen. Every rule is checked from the wrong roles too, and that nothing was written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import ExcelJS from 'exceljs';
import { docxText as docText } from '../support/documents';
import { startTestApp, loginAs, postForm, csrf, type Agent, type TestApp } from '../support/app';

let t: TestApp;
let base: string;
let blocId: number;
let yearId: number;
const A: Record<string, Agent> = {};
const ids: Record<string, number> = {};
const MEMBERS = ['thongke.tayninh', 'thue.tayninh', 'bhxh.tayninh', 'haiquan.tayninh', 'khobac.tayninh', 'nhnn.tayninh', 'qltt.tayninh'];
const NAMES: Record<string, string> = {
  bhxh: 'Bảo hiểm xã hội tỉnh Tây Ninh',
  thue: 'Cục Thuế tỉnh Tây Ninh',
  khobac: 'Kho bạc Nhà nước tỉnh Tây Ninh',
  thongke: 'Cục Thống kê tỉnh Tây Ninh',
};

const meeting = (extra: Record<string, string> = {}) => ({
  heldAt: '2020-12-18',
  place: 'Hội trường Cục Thống kê tỉnh Tây Ninh',
  chairName: 'Nguyễn Văn Chủ',
  secretaryName: 'Trần Thị Thư',
  membersPresent: '7',
  summary: 'Các đơn vị hoàn thành tốt nhiệm vụ chính trị năm 2020.',
  ...extra,
});

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

beforeAll(async () => {
  t = await startTestApp();
  const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh' } });
  blocId = bloc.blocId;
  const y = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId, year: 2020 } } });
  yearId = y.id;
  base = `/blocs/${blocId}/years/2020`;
  for (const u of [...MEMBERS, 'bantdkt.tayninh', 'bantdkt.nghean', 'haiquan.nghean', 'admin']) A[u] = await loginAs(t.app, u);
  for (const [k, name] of Object.entries(NAMES)) ids[k] = (await t.db.agencyVersion.findFirstOrThrow({ where: { name } })).agencyId;
});
afterAll(async () => t.close());

const head = () => A['thongke.tayninh'];
const board = () => A['bantdkt.tayninh'];

describe('permission table of the conference pages (GET)', () => {
  const rows: [string, Record<string, number>][] = [
    ['/ballots', { 'thongke.tayninh': 200, 'thue.tayninh': 200, 'bantdkt.tayninh': 200, admin: 200, 'haiquan.nghean': 403, 'bantdkt.nghean': 403 }],
    ['/awards', { 'thongke.tayninh': 200, 'thue.tayninh': 200, 'bantdkt.tayninh': 200, admin: 200, 'haiquan.nghean': 403, 'bantdkt.nghean': 403 }],
    ['/closing', { 'thongke.tayninh': 200, 'thue.tayninh': 200, 'bantdkt.tayninh': 200, admin: 200, 'haiquan.nghean': 403, 'bantdkt.nghean': 403 }],
    ['/documents', { 'thongke.tayninh': 200, 'thue.tayninh': 200, 'bantdkt.tayninh': 200, admin: 200, 'haiquan.nghean': 403, 'bantdkt.nghean': 403 }],
    ['/documents/ranking.xlsx', { 'thongke.tayninh': 200, 'thue.tayninh': 200, 'bantdkt.tayninh': 200, admin: 200, 'haiquan.nghean': 403, 'bantdkt.nghean': 403 }],
  ];
  for (const [path, expected] of rows) {
    for (const [who, status] of Object.entries(expected)) {
      it(`${who} GET ${path} → ${status}`, async () => {
        expect((await A[who].get(base + path)).status).toBe(status);
      });
    }
    it(`anonymous GET ${path} → login`, async () => {
      const res = await request(t.app).get(base + path);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/login');
    });
  }
});

describe('the year-end conference, in order', () => {
  it('before the ranking is frozen: no ballot, no proposal (409), nothing written', async () => {
    const res = await postForm(head(), `${base}/awards/propose`, { awardKind: 'CO_TINH', agencyId: String(ids.bhxh) }, `${base}/awards`);
    expect(res.status).toBe(409);
    expect(res.text).toContain('Cần chốt kết quả tổng kết');
    const b = await postForm(head(), `${base}/ballots`, { purpose: 'AWARD', awardKind: 'CO_TINH', seats: '2', candidateIds: String(ids.bhxh), presentIds: String(ids.bhxh) }, `${base}/ballots`);
    expect(b.status).toBe(409);
    expect(await t.db.awardProposal.count({ where: { blocYearId: yearId } })).toBe(0);
    expect(await t.db.ballot.count({ where: { blocYearId: yearId } })).toBe(0);
  });

  it('only the head freezes the year-end ranking; bad input → 422; then frozen with the minutes number', async () => {
    for (const u of ['thue.tayninh', 'bantdkt.tayninh', 'haiquan.nghean']) {
      expect((await postForm(A[u], `${base}/reviews/year-end/freeze`, meeting())).status, u).toBe(403);
    }
    const bad = await postForm(head(), `${base}/reviews/year-end/freeze`, meeting({ place: '', membersPresent: 'bảy' }), `${base}/reviews`);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Cần nhập địa điểm họp.');
    expect(await t.db.review.count({ where: { blocYearId: yearId, kind: 'YEAR_END' } })).toBe(0);
    const ok = await postForm(head(), `${base}/reviews/year-end/freeze`, meeting(), `${base}/reviews`);
    expect(ok.status).toBe(302);
    const review = await t.db.review.findUniqueOrThrow({ where: { blocYearId_kind: { blocYearId: yearId, kind: 'YEAR_END' } }, include: { results: true } });
    expect(review.frozenAt).not.toBeNull();
    expect(review.results).toHaveLength(7);
    // the minutes record the whole conference (votes, proposals, handover): issued when the year is closed
    expect(await t.db.issuedDocument.count({ where: { blocYearId: yearId, kind: 'MINUTES' } })).toBe(0);
    const page = await head().get(`${base}/reviews`);
    expect(page.text).toContain('data-testid="end-frozen"');
    const again = await postForm(head(), `${base}/reviews/year-end/freeze`, meeting(), `${base}/reviews`);
    expect(again.status).toBe(409);
  });

  it('the awards page shows the quota (20% of 7 rounded up = 2) and the reasons a unit is not eligible', async () => {
    const res = await A['thue.tayninh'].get(`${base}/awards`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('tối đa 2 đơn vị (20% của 7 thành viên, làm tròn lên, ít nhất 1)');
    expect(res.text).toContain('Chưa được hội nghị suy tôn (bỏ phiếu).');
  });

  it('a flag proposal needs the vote first (409 with the reason), nothing written', async () => {
    const res = await postForm(head(), `${base}/awards/propose`, { awardKind: 'CO_TINH', agencyId: String(ids.bhxh) }, `${base}/awards`);
    expect(res.status).toBe(409);
    expect(res.text).toContain('Chưa được hội nghị suy tôn');
    expect(await t.db.awardProposal.count({ where: { blocYearId: yearId } })).toBe(0);
  });

  let ballotId = 0;
  const candidates = () => [ids.bhxh, ids.thue, ids.khobac].map(String);
  const allPresent = async () => (await t.db.membership.findMany({ where: { blocYearId: yearId } })).map((m) => String(m.agencyId));

  it('opening a ballot: only the head; quorum 2/3 (5 of 7) enforced; seats within the quota', async () => {
    const present = await allPresent();
    const body = { purpose: 'AWARD', awardKind: 'CO_TINH', seats: '2', candidateIds: candidates(), presentIds: present } as unknown as Record<string, string>;
    for (const u of ['thue.tayninh', 'bantdkt.tayninh', 'haiquan.nghean']) {
      expect((await postForm(A[u], `${base}/ballots`, body)).status, u).toBe(403);
    }
    const few = await postForm(head(), `${base}/ballots`, { ...body, presentIds: present.slice(0, 4) } as unknown as Record<string, string>, `${base}/ballots`);
    expect(few.status).toBe(422);
    expect(few.text).toContain('Không đủ số đơn vị dự họp để bỏ phiếu: 4/7, cần ít nhất 5.');
    const tooMany = await postForm(head(), `${base}/ballots`, { ...body, seats: '3' } as unknown as Record<string, string>, `${base}/ballots`);
    expect(tooMany.status).toBe(422);
    expect(tooMany.text).toContain('Số chỉ tiêu suy tôn tối đa còn lại là 2.');
    expect(await t.db.ballot.count({ where: { blocYearId: yearId } })).toBe(0);
    const ok = await postForm(head(), `${base}/ballots`, body, `${base}/ballots`);
    expect(ok.status).toBe(302);
    ballotId = Number(ok.headers.location.split('/').pop());
    const b = await t.db.ballot.findUniqueOrThrow({ where: { id: ballotId }, include: { candidates: true, participations: true } });
    expect(b.issued).toBe(7);
    expect(b.quorumNeeded).toBe(5);
    expect(b.candidates).toHaveLength(3);
    expect(b.participations.every((p) => p.votedAt === null)).toBe(true);
    // every present member's home page asks for its paper
    const home = await A['khobac.tayninh'].get('/');
    expect(home.text).toContain('Bỏ phiếu: Suy tôn đơn vị đề nghị tặng Cờ thi đua của UBND tỉnh năm 2020');
  });

  it('votes: once per member unit, papers not linked to voters, no result before the close', async () => {
    const b = await t.db.ballot.findUniqueOrThrow({ where: { id: ballotId }, include: { candidates: true } });
    const cand = (agencyId: number) => String(b.candidates.find((c) => c.agencyId === agencyId)!.id);
    const page = () => `${base}/ballots/${ballotId}`;
    // a paper naming 3 candidates for 2 seats is refused (422), nothing written
    const over = await postForm(A['thue.tayninh'], `${page()}/vote`, { candidateIds: [cand(ids.bhxh), cand(ids.thue), cand(ids.khobac)] } as unknown as Record<string, string>, page());
    expect(over.status).toBe(422);
    expect(await t.db.ballotPaper.count({ where: { ballotId } })).toBe(0);
    // the board and another bloc cannot vote
    for (const u of ['bantdkt.tayninh', 'haiquan.nghean', 'admin']) expect((await postForm(A[u], `${page()}/vote`, { candidateIds: cand(ids.bhxh) })).status, u).toBe(403);
    // every member unit votes for BHXH and Thuế
    const paper = { candidateIds: [cand(ids.bhxh), cand(ids.thue)] } as unknown as Record<string, string>;
    for (const [i, u] of MEMBERS.entries()) {
      if (u === 'qltt.tayninh') continue;
      const res = await postForm(A[u], `${page()}/vote`, paper, page());
      expect(res.status, u).toBe(302);
      if (i === 0) {
        // while open: turnout only; no vote counts anywhere on the page or in the database
        const open = await A['bantdkt.tayninh'].get(page());
        expect(open.text).toContain('data-testid="turnout"');
        expect(open.text).not.toContain('data-testid="tally"');
        expect((await t.db.ballotCandidate.findMany({ where: { ballotId } })).every((c) => c.votes === 0)).toBe(true);
      }
    }
    // the same unit sending its paper twice at once: one counts, the other is refused
    const token = await csrf(A['qltt.tayninh'], page());
    const send = () => A['qltt.tayninh'].post(`${page()}/vote`).type('form').send({ ...paper, _csrf: token });
    const both = await Promise.all([send(), send()]);
    expect(both.map((r) => r.status).sort()).toEqual([302, 409]);
    const twice = await postForm(A['thue.tayninh'], `${page()}/vote`, { candidateIds: cand(ids.khobac) }, page());
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('đã bỏ phiếu');
    // who voted is known, what they voted is not: while open a paper is only a sealed row with a random id
    // (papers exist only from the close on: tests/http/confidentiality.test.ts)
    expect(await t.db.ballotSeal.count({ where: { ballotId } })).toBe(7);
    expect(await t.db.ballotPaper.count({ where: { ballotId } })).toBe(0);
    const parts = await t.db.ballotParticipation.findMany({ where: { ballotId } });
    expect(parts.filter((p) => p.votedAt)).toHaveLength(7);
    const stored = await t.db.ballotSeal.findFirstOrThrow({ where: { ballotId } });
    expect(Object.keys(stored).sort()).toEqual(['ballotId', 'id', 'sealed']);
    expect(stored.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('only the head closes; the tally is computed; a closed ballot takes no more votes', async () => {
    expect((await postForm(A['thue.tayninh'], `${base}/ballots/${ballotId}/close`, {})).status).toBe(403);
    const castIds = (await t.db.ballotSeal.findMany({ where: { ballotId } })).map((p) => p.id);
    const res = await postForm(head(), `${base}/ballots/${ballotId}/close`, {}, `${base}/ballots/${ballotId}`);
    expect(res.status).toBe(302);
    // the seals become papers in a random order under new ids (no trace of the voting order)
    expect(await t.db.ballotSeal.count({ where: { ballotId } })).toBe(0);
    const kept = await t.db.ballotPaper.findMany({ where: { ballotId }, include: { choices: true } });
    expect(kept).toHaveLength(7);
    expect(kept.some((p) => castIds.includes(p.id))).toBe(false);
    expect(kept.reduce((n, p) => n + p.choices.length, 0)).toBe(14);
    const b = await t.db.ballot.findUniqueOrThrow({ where: { id: ballotId }, include: { candidates: true } });
    expect([b.status, b.issued, b.returned, b.valid, b.invalid, b.quorumMet]).toEqual(['CLOSED', 7, 7, 7, 0, true]);
    const byAgency = new Map(b.candidates.map((c) => [c.agencyId, c]));
    expect(byAgency.get(ids.bhxh)).toMatchObject({ votes: 7, elected: true });
    expect(byAgency.get(ids.thue)).toMatchObject({ votes: 7, elected: true });
    expect(byAgency.get(ids.khobac)).toMatchObject({ votes: 0, elected: false });
    const page = await A['khobac.tayninh'].get(`${base}/ballots/${ballotId}`);
    expect(page.text).toContain('data-testid="tally"');
    expect(page.text).toContain('100,00%');
    expect((await postForm(head(), `${base}/ballots/${ballotId}/close`, {}, `${base}/ballots/${ballotId}`)).status).toBe(409);
    const c = b.candidates.find((x) => x.agencyId === ids.khobac)!;
    expect((await postForm(A['thue.tayninh'], `${base}/ballots/${ballotId}/vote`, { candidateIds: String(c.id) }, `${base}/ballots/${ballotId}`)).status).toBe(409);
  });

  it('two elected units are proposed for the provincial flag; a third is blocked by the quota with the reason', async () => {
    for (const k of ['bhxh', 'thue']) {
      const res = await postForm(head(), `${base}/awards/propose`, { awardKind: 'CO_TINH', agencyId: String(ids[k]) }, `${base}/awards`);
      expect(res.status, k).toBe(302);
    }
    const third = await postForm(head(), `${base}/awards/propose`, { awardKind: 'CO_TINH', agencyId: String(ids.khobac) }, `${base}/awards`);
    expect(third.status).toBe(409);
    expect(third.text).toContain('Vượt chỉ tiêu Cờ thi đua của UBND tỉnh: khối được đề nghị tối đa 2 đơn vị');
    expect(third.text).toContain('đã đề nghị 2');
    expect(await t.db.awardProposal.count({ where: { blocYearId: yearId, awardKind: 'CO_TINH' } })).toBe(2);
    // a member cannot propose; the same unit twice is refused
    expect((await postForm(A['thue.tayninh'], `${base}/awards/propose`, { awardKind: 'BANG_KHEN_TINH', agencyId: String(ids.thue) })).status).toBe(403);
    expect((await postForm(head(), `${base}/awards/propose`, { awardKind: 'CO_TINH', agencyId: String(ids.bhxh) }, `${base}/awards`)).status).toBe(409);
    // bad input → 422, never a 500
    expect((await postForm(head(), `${base}/awards/propose`, { awardKind: 'HUY_CHUONG', agencyId: 'x' }, `${base}/awards`)).status).toBe(422);
  });

  it('the unit writes its achievement report for the dossier; not another unit\'s', async () => {
    const p = await t.db.awardProposal.findFirstOrThrow({ where: { blocYearId: yearId, agencyId: ids.thue } });
    const url = `${base}/awards/${p.id}/achievements`;
    const text = 'Thu ngân sách đạt 112% dự toán; cải cách hành chính dẫn đầu tỉnh.';
    for (const u of ['khobac.tayninh', 'bantdkt.tayninh', 'haiquan.nghean']) expect((await postForm(A[u], url, { achievements: text })).status, u).toBe(403);
    const short = await postForm(A['thue.tayninh'], url, { achievements: 'ngắn' }, `${base}/awards`);
    expect(short.status).toBe(422);
    expect(short.text).toContain('Báo cáo thành tích cần ít nhất 20 ký tự.');
    expect((await postForm(A['thue.tayninh'], url, { achievements: text }, `${base}/awards`)).status).toBe(302);
    expect((await t.db.awardProposal.findUniqueOrThrow({ where: { id: p.id } })).achievements).toBe(text);
  });

  it('sending the proposals issues the proposal letter number; the letter lists the two units', async () => {
    expect((await postForm(A['thue.tayninh'], `${base}/awards/send`, {})).status).toBe(403);
    const res = await postForm(head(), `${base}/awards/send`, {}, `${base}/awards`);
    expect(res.status).toBe(302);
    const sent = await t.db.awardProposal.findMany({ where: { blocYearId: yearId } });
    expect(sent.every((p) => p.status === 'SENT' && p.sentAt)).toBe(true);
    const letter = await head().get(`${base}/documents/proposal-letter.docx`).buffer(true).parse(binary);
    expect(letter.status).toBe(200);
    expect(letter.headers['content-type']).toContain('wordprocessingml');
    const text = await docText(letter.body as Buffer);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('01/TTr-KTĐ');
    expect(text).toContain(NAMES.bhxh);
    expect(text).toContain(NAMES.thue);
    expect(text).not.toContain(NAMES.khobac);
    expect(text).toContain('Tây Ninh, ngày');
    expect(text).toContain('Thu ngân sách đạt 112% dự toán');
    // once sent, the report is part of the letter: 409, unchanged
    const thue = sent.find((p) => p.agencyId === ids.thue)!;
    expect((await postForm(A['thue.tayninh'], `${base}/awards/${thue.id}/achievements`, { achievements: 'Một nội dung khác sau khi đã gửi đề nghị.' }, `${base}/awards`)).status).toBe(409);
    // each proposal's dossier has the unit's achievement report
    const bhxh = sent.find((p) => p.agencyId === ids.bhxh)!;
    const report = await A['bhxh.tayninh'].get(`${base}/documents/achievements/${bhxh.id}.docx`).buffer(true).parse(binary);
    expect(report.status).toBe(200);
    const reportText = await docText(report.body as Buffer);
    for (const s of ['BÁO CÁO THÀNH TÍCH', 'Đề nghị tặng Cờ thi đua của UBND tỉnh năm 2020', NAMES.bhxh.toLocaleUpperCase('vi-VN'), '7/7 phiếu (100,00%)', 'Xuất sắc']) expect(reportText, s).toContain(s);
    expect((await head().get(`${base}/documents/achievements/999999.pdf`)).status).toBe(404);
  });

  it('only the head withdraws a proposal, once; a withdrawn proposal leaves the quota and the documents', async () => {
    expect((await postForm(head(), `${base}/awards/propose`, { awardKind: 'BANG_KHEN_TINH', agencyId: String(ids.khobac) }, `${base}/awards`)).status).toBe(302);
    const p = await t.db.awardProposal.findFirstOrThrow({ where: { blocYearId: yearId, agencyId: ids.khobac, awardKind: 'BANG_KHEN_TINH' } });
    const url = `${base}/awards/${p.id}/withdraw`;
    for (const u of ['khobac.tayninh', 'bantdkt.tayninh', 'haiquan.nghean']) expect((await postForm(A[u], url, {})).status, u).toBe(403);
    expect((await t.db.awardProposal.findUniqueOrThrow({ where: { id: p.id } })).status).toBe('DRAFT');
    expect((await postForm(head(), url, {}, `${base}/awards`)).status).toBe(302);
    expect((await t.db.awardProposal.findUniqueOrThrow({ where: { id: p.id } })).status).toBe('WITHDRAWN');
    expect((await postForm(head(), url, {}, `${base}/awards`)).status).toBe(409);
    expect((await postForm(head(), `${base}/awards/999999/withdraw`, {}, `${base}/awards`)).status).toBe(404);
  });

  it('a ballot where nobody passes the threshold goes to a second round among the candidates', async () => {
    const present = await allPresent();
    const open = await postForm(head(), `${base}/ballots`, { purpose: 'NEXT_HEAD', seats: '1', candidateIds: [String(ids.khobac), String(ids.bhxh)], presentIds: present } as unknown as Record<string, string>, `${base}/ballots`);
    expect(open.status).toBe(302);
    const first = Number(open.headers.location.split('/').pop());
    const cands = await t.db.ballotCandidate.findMany({ where: { ballotId: first } });
    const candOf = (agencyId: number) => String(cands.find((c) => c.agencyId === agencyId)!.id);
    // 3 for Kho bạc, 3 for BHXH, 1 blank: nobody has more than half of the 7 members
    for (const [i, u] of MEMBERS.entries()) {
      const choice: Record<string, string> = i === 6 ? {} : { candidateIds: candOf(i < 3 ? ids.khobac : ids.bhxh) };
      expect((await postForm(A[u], `${base}/ballots/${first}/vote`, choice, `${base}/ballots/${first}`)).status, u).toBe(302);
    }
    expect((await postForm(head(), `${base}/ballots/${first}/close`, {}, `${base}/ballots/${first}`)).status).toBe(302);
    const closed = await t.db.ballot.findUniqueOrThrow({ where: { id: first }, include: { candidates: true } });
    expect(closed.candidates.every((c) => !c.elected)).toBe(true);
    expect(closed.resultNote).toContain('Còn 1 chỉ tiêu');
    expect((await t.db.blocYear.findUniqueOrThrow({ where: { id: yearId } })).nextHeadAgencyId).toBeNull();
    const next = await postForm(head(), `${base}/ballots/${first}/next-round`, { presentIds: present } as unknown as Record<string, string>, `${base}/ballots/${first}`);
    expect(next.status).toBe(302);
    const second = await t.db.ballot.findFirstOrThrow({ where: { parentBallotId: first }, include: { candidates: true } });
    expect([second.round, second.seats, second.candidates.length]).toEqual([2, 1, 2]);
    expect(second.title).toContain('vòng 2');
    // only one next round per ballot
    expect((await postForm(head(), `${base}/ballots/${first}/next-round`, { presentIds: present } as unknown as Record<string, string>, `${base}/ballots/${first}`)).status).toBe(409);
    const c2 = String(second.candidates.find((c) => c.agencyId === ids.khobac)!.id);
    for (const u of MEMBERS) expect((await postForm(A[u], `${base}/ballots/${second.id}/vote`, { candidateIds: c2 }, `${base}/ballots/${second.id}`)).status, u).toBe(302);
    expect((await postForm(head(), `${base}/ballots/${second.id}/close`, {}, `${base}/ballots/${second.id}`)).status).toBe(302);
    const y = await t.db.blocYear.findUniqueOrThrow({ where: { id: yearId } });
    expect([y.nextHeadAgencyId, y.handoverMethod]).toEqual([ids.khobac, 'BALLOT']);
  });

  it('closing is blocked until next year\'s head and deputy are chosen; the confirmation is required', async () => {
    const page = await head().get(`${base}/closing`);
    expect(page.text).toContain('Chưa bầu Khối trưởng, Khối phó năm 2021.');
    const blocked = await postForm(head(), `${base}/closing/close`, { confirm: 'yes' }, `${base}/closing`);
    expect(blocked.status).toBe(409);
    expect((await t.db.blocYear.findUniqueOrThrow({ where: { id: yearId } })).phase).toBe('YEAR_END_REVIEW');
    // handover by the agreed rotation: after Thống kê (6th) come QLTT (7th) and Thuế (1st)
    expect((await postForm(A['thue.tayninh'], `${base}/closing/handover`, { method: 'ROTATION' })).status).toBe(403);
    const same = await postForm(head(), `${base}/closing/handover`, { method: 'AGREED', headId: String(ids.thue), deputyId: String(ids.thue) }, `${base}/closing`);
    expect(same.status).toBe(422);
    const rot = await postForm(head(), `${base}/closing/handover`, { method: 'ROTATION' }, `${base}/closing`);
    expect(rot.status).toBe(302);
    const y = await t.db.blocYear.findUniqueOrThrow({ where: { id: yearId } });
    expect(y.handoverMethod).toBe('ROTATION');
    expect(y.nextDeputyAgencyId).toBe(ids.thue);
    const noConfirm = await postForm(head(), `${base}/closing/close`, {}, `${base}/closing`);
    expect(noConfirm.status).toBe(422);
    expect(noConfirm.text).toContain('Đánh dấu xác nhận khóa sổ');
    for (const u of ['thue.tayninh', 'bantdkt.tayninh']) expect((await postForm(A[u], `${base}/closing/close`, { confirm: 'yes' })).status, u).toBe(403);
  });

  it('closing locks the year and creates 2021 with the new head and deputy, the members and a draft criteria table', async () => {
    const res = await postForm(head(), `${base}/closing/close`, { confirm: 'yes' }, `${base}/closing`);
    expect(res.status).toBe(302);
    const y = await t.db.blocYear.findUniqueOrThrow({ where: { id: yearId } });
    expect(y.phase).toBe('CLOSED');
    expect((await t.db.issuedDocument.findFirstOrThrow({ where: { blocYearId: yearId, kind: 'MINUTES' } })).number).toBe('01/BB-KTĐ');
    const next = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId, year: 2021 } }, include: { memberships: true, criteria: { include: { criteria: true } } } });
    expect(next.phase).toBe('SETUP');
    expect(next.headAgencyId).toBe(y.nextHeadAgencyId);
    expect(next.deputyAgencyId).toBe(ids.thue);
    expect(next.memberships).toHaveLength(7);
    expect(next.criteria).toHaveLength(1);
    expect(next.criteria[0].lockedAt).toBeNull();
    expect(next.criteria[0].criteria.length).toBeGreaterThan(5);
    expect(await t.db.auditLog.count({ where: { action: 'year.close', blocYearId: yearId } })).toBe(1);
  });

  it('a closed year is read-only for everyone: votes, ballots, proposals, scores, handover → 403', async () => {
    const ballot = await t.db.ballotCandidate.findFirstOrThrow({ where: { ballotId } });
    const attempts: [string, string, Record<string, string>][] = [
      ['thongke.tayninh', `${base}/ballots`, { purpose: 'AWARD', awardKind: 'BANG_KHEN_TINH', seats: '1', candidateIds: String(ids.khobac), presentIds: String(ids.khobac) }],
      ['thongke.tayninh', `${base}/ballots/${ballotId}/close`, {}],
      ['thue.tayninh', `${base}/ballots/${ballotId}/vote`, { candidateIds: String(ballot.id) }],
      ['thongke.tayninh', `${base}/awards/propose`, { awardKind: 'BANG_KHEN_TINH', agencyId: String(ids.khobac) }],
      ['thongke.tayninh', `${base}/awards/send`, {}],
      ['thongke.tayninh', `${base}/closing/handover`, { method: 'ROTATION' }],
      ['thongke.tayninh', `${base}/closing/close`, { confirm: 'yes' }],
      ['admin', `${base}/closing/close`, { confirm: 'yes' }],
      ['thue.tayninh', `${base}/scores/${ids.thue}`, { period: 'YEAR_END', action: 'save', version: '1' }],
      ['thongke.tayninh', `${base}/scores/${ids.thue}/review`, { period: 'YEAR_END', action: 'accept', version: '1' }],
    ];
    const before = await Promise.all([t.db.ballot.count(), t.db.awardProposal.count(), t.db.ballotPaper.count()]);
    for (const [u, url, body] of attempts) expect((await postForm(A[u], url, body)).status, `${u} ${url}`).toBe(403);
    expect(await Promise.all([t.db.ballot.count(), t.db.awardProposal.count(), t.db.ballotPaper.count()])).toEqual(before);
    // the old head still reads its year
    expect((await head().get(`${base}/closing`)).status).toBe(200);
    expect((await head().get(`${base}/awards`)).status).toBe(200);
  });

  it('the head\'s powers moved: the new head runs 2021, the old head no longer does', async () => {
    const next = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId, year: 2021 } }, include: { head: { include: { assignments: { include: { user: true } } } } } });
    const newHeadUser = next.head!.assignments[0].user.username;
    expect(newHeadUser).not.toBe('thongke.tayninh');
    const newHead = A[newHeadUser] ?? (await loginAs(t.app, newHeadUser));
    const base21 = `/blocs/${blocId}/years/2021`;
    const setup = await newHead.get(`${base21}/setup`);
    expect(setup.status).toBe(200);
    const oldHead = await head().get(`${base21}/setup`);
    expect(oldHead.status).toBe(403);
    const home = await newHead.get('/');
    expect(home.text).toContain('Mở năm thi đua');
  });

  it('the board records the decision after closing; the bloc sees it', async () => {
    const p = await t.db.awardProposal.findFirstOrThrow({ where: { blocYearId: yearId, agencyId: ids.bhxh } });
    const url = `${base}/awards/${p.id}/decide`;
    const body = { decisionNumber: '120/QĐ-UBND', decisionDate: '2021-02-10', outcome: 'APPROVED', confirm: 'yes' };
    for (const u of ['thongke.tayninh', 'bantdkt.nghean']) expect((await postForm(A[u], url, body)).status, u).toBe(403);
    const bad = await postForm(board(), url, { ...body, decisionDate: '10/02/2021' }, `${base}/awards`);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Cần nhập ngày quyết định hợp lệ.');
    // the board's home lists the bloc-years waiting for its decisions
    const home = await board().get('/');
    expect(home.text).toContain('data-testid="waiting-proposals"');
    expect(home.text).toContain(`${base}/awards`);
    const ok = await postForm(board(), url, body, `${base}/awards`);
    expect(ok.status).toBe(302);
    expect((await t.db.awardProposal.findUniqueOrThrow({ where: { id: p.id } })).status).toBe('APPROVED');
    const seen = await A['bhxh.tayninh'].get(`${base}/awards`);
    expect(seen.text).toContain('120/QĐ-UBND');
    expect((await postForm(board(), url, body, `${base}/awards`)).status).toBe(409);
  });

  it('the documents download and contain the right names and numbers', async () => {
    const minutes = await head().get(`${base}/documents/minutes.docx`).buffer(true).parse(binary);
    expect(minutes.status).toBe(200);
    const text = await docText(minutes.body as Buffer);
    for (const s of ['Độc lập - Tự do - Hạnh phúc', '01/BB-KTĐ', 'Nguyễn Văn Chủ', 'Trần Thị Thư', NAMES.bhxh, 'Cờ thi đua của UBND tỉnh', '7/7']) expect(text, s).toContain(s);
    const tally = await head().get(`${base}/documents/tally/${ballotId}.docx`).buffer(true).parse(binary);
    const tallyText = await docText(tally.body as Buffer);
    expect(tallyText).toContain('100,00%');
    expect(tallyText).toContain(NAMES.khobac);
    const pdf = await head().get(`${base}/documents/minutes.pdf`).buffer(true).parse(binary);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const xlsx = await head().get(`${base}/documents/ranking.xlsx`).buffer(true).parse(binary);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((xlsx.body as Buffer) as unknown as ArrayBuffer);
    const values: unknown[] = [];
    wb.worksheets[0].eachRow((row) => values.push(...(row.values as unknown[])));
    expect(values).toContain(NAMES.bhxh);
    expect(values.some((v) => typeof v === 'number' && v > 80 && v < 120)).toBe(true);
    expect((await head().get(`${base}/documents/minutes.odt`)).status).toBe(422);
    expect((await head().get(`${base}/documents/tally/999999.pdf`)).status).toBe(404);
    expect((await A['haiquan.nghean'].get(`${base}/documents/minutes.pdf`)).status).toBe(403);
  });

  it('reopening: only the board, with a reason (audit-logged); the year returns to the year-end review', async () => {
    expect((await postForm(head(), `${base}/closing/reopen`, { reason: 'Cần sửa biên bản hội nghị' })).status).toBe(403);
    expect((await postForm(A['bantdkt.nghean'], `${base}/closing/reopen`, { reason: 'Cần sửa biên bản hội nghị' })).status).toBe(403);
    const short = await postForm(board(), `${base}/closing/reopen`, { reason: 'sửa' }, `${base}/closing`);
    expect(short.status).toBe(422);
    expect((await t.db.blocYear.findUniqueOrThrow({ where: { id: yearId } })).phase).toBe('CLOSED');
    const ok = await postForm(board(), `${base}/closing/reopen`, { reason: 'Đơn vị khiếu nại kết quả chấm điểm, cần xem xét lại.' }, `${base}/closing`);
    expect(ok.status).toBe(302);
    const y = await t.db.blocYear.findUniqueOrThrow({ where: { id: yearId } });
    expect(y.phase).toBe('YEAR_END_REVIEW');
    expect(y.reopenReason).toContain('khiếu nại');
    const log = await t.db.auditLog.findFirstOrThrow({ where: { action: 'year.reopen', blocYearId: yearId } });
    expect(log.newValue).toContain('khiếu nại');
    expect(t.errors).toEqual([]);
  });

  it('closed again after a reopen: next year is not created twice; a new deputy agreed meanwhile takes over', async () => {
    const agreed = await postForm(head(), `${base}/closing/handover`, { method: 'AGREED', headId: String((await t.db.blocYear.findUniqueOrThrow({ where: { id: yearId } })).nextHeadAgencyId), deputyId: String(ids.bhxh) }, `${base}/closing`);
    expect(agreed.status).toBe(302);
    expect((await postForm(head(), `${base}/closing/close`, { confirm: 'yes' }, `${base}/closing`)).status).toBe(302);
    const years = await t.db.blocYear.findMany({ where: { blocId, year: 2021 } });
    expect(years).toHaveLength(1);
    expect(years[0].deputyAgencyId).toBe(ids.bhxh);
    expect((await t.db.blocYear.findUniqueOrThrow({ where: { id: yearId } })).phase).toBe('CLOSED');
  });
});

describe('the documents of a closed demo year (Nghệ An 2019)', () => {
  it('minutes, proposal letter, pledge, scoreboard and ranking download for the board', async () => {
    const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' } });
    const b19 = `/blocs/${bloc.blocId}/years/2019`;
    const agent = A['bantdkt.nghean'];
    const list = await agent.get(`${b19}/documents`);
    expect(list.status).toBe(200);
    for (const path of ['minutes.pdf', 'minutes.docx', 'proposal-letter.docx', 'pledge.pdf', 'scoreboard.xlsx', 'ranking.xlsx?period=MID_YEAR']) {
      const res = await agent.get(`${b19}/documents/${path}`).buffer(true).parse(binary);
      expect(res.status, path).toBe(200);
      expect((res.body as Buffer).length, path).toBeGreaterThan(1000);
    }
    const letter = await docText((await agent.get(`${b19}/documents/proposal-letter.docx`).buffer(true).parse(binary)).body as Buffer);
    expect(letter).toContain('Cục Thuế Nghệ An');
    expect(letter).toContain('Nghệ An, ngày');
    expect(t.errors).toEqual([]);
  });
});
