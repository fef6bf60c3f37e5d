// The board's proposals inbox: the proposals every bloc of the province sent for a year with their
// dossiers, filters, one decision for a selection (confirmed, all or nothing, audited), a
// correction with a reason that keeps the old value, the printable list, and who may do what.
// Tây Ninh 2020 is at its year-end conference; its proposals are put in place as the head would
// have sent them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, postForm, type Agent, type TestApp } from '../support/app';
import type { Request } from 'express';
import { DECISION_CORRECTED } from '../../src/modules/awards/service';
import { decideSelection } from '../../src/modules/province-view/inbox';
import { toPrincipal } from '../../src/auth/principal';
import type { Db } from '../../src/db/client';

let t: TestApp;
let tayNinh: number;
let base: string;
let yearId: number;
const A: Record<string, Agent> = {};
const P: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp();
  tayNinh = (await t.db.province.findFirstOrThrow({ where: { name: 'Tây Ninh' } })).id;
  const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh' } });
  const y = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: bloc.blocId, year: 2020 } } });
  yearId = y.id;
  base = `/blocs/${bloc.blocId}/years/2020`;
  const agency = async (name: string) => (await t.db.agencyVersion.findFirstOrThrow({ where: { name } })).agencyId;
  const sent = { blocYearId: yearId, status: 'SENT', sentAt: new Date('2020-12-20T03:00:00Z') };
  P.thue = (await t.db.awardProposal.create({ data: { ...sent, awardKind: 'BANG_KHEN_TINH', agencyId: await agency('Cục Thuế tỉnh Tây Ninh') } })).id;
  P.khobac = (await t.db.awardProposal.create({ data: { ...sent, awardKind: 'BANG_KHEN_TINH', agencyId: await agency('Kho bạc Nhà nước tỉnh Tây Ninh') } })).id;
  P.bhxh = (await t.db.awardProposal.create({ data: { ...sent, awardKind: 'CO_TINH', agencyId: await agency('Bảo hiểm xã hội tỉnh Tây Ninh') } })).id;
  // the bloc's own draft: not sent, so not the board's to see in its inbox
  P.draft = (await t.db.awardProposal.create({ data: { blocYearId: yearId, status: 'DRAFT', awardKind: 'TTLDTT', agencyId: await agency('Cục Thống kê tỉnh Tây Ninh') } })).id;
  // a proposal of another province (Nghệ An 2019)
  P.ngheAn = (await t.db.awardProposal.findFirstOrThrow({ where: { blocYear: { year: 2019, bloc: { province: { name: 'Nghệ An' } } } } })).id;
  await t.db.issuedDocument.create({ data: { blocYearId: yearId, kind: 'PROPOSAL_LETTER', number: '01/TTr-KTĐ', issuedById: (await t.db.user.findUniqueOrThrow({ where: { username: 'thongke.tayninh' } })).id } });
  for (const u of ['bantdkt.tayninh', 'bantdkt.nghean', 'thongke.tayninh', 'thue.tayninh', 'admin']) A[u] = await loginAs(t.app, u);
});
afterAll(async () => t.close());

const board = () => A['bantdkt.tayninh'];
const inbox = (query = '') => `/provinces/${tayNinh}/proposals?year=2020${query}`;
const decideUrl = () => `/provinces/${tayNinh}/proposals/decide`;
const proposal = (id: number) => t.db.awardProposal.findUniqueOrThrow({ where: { id } });
const auditCount = () => t.db.auditLog.count({ where: { entity: 'AwardProposal' } });
const rowIds = (html: string) => [...html.matchAll(/data-testid="proposal-row" data-proposal-id="(\d+)"/g)].map((m) => Number(m[1]));
const approve = { outcome: 'APPROVED', decisionNumber: '120/QĐ-UBND', decisionDate: '10/02/2021', signer: 'Nguyễn Thanh Ngọc, Chủ tịch UBND tỉnh', year: '2020', confirm: 'yes' };
/** A form with several proposals ticked: the same field name repeated. */
async function decideForm(agent: Agent, ids: number[], fields: Record<string, string>) {
  const page = await agent.get(inbox());
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const body = new URLSearchParams({ ...fields, _csrf: token });
  for (const id of ids) body.append('proposalIds', String(id));
  return agent.post(decideUrl()).type('form').send(body.toString());
}

describe('who may open the inbox', () => {
  it('the board and the admin read it; another province board, the head and a unit officer get 403', async () => {
    expect((await board().get(inbox())).status).toBe(200);
    const admin = await A.admin.get(inbox());
    expect(admin.status).toBe(200);
    expect(admin.text).not.toContain('data-testid="bulk-decide-form"'); // the admin reads, the board decides
    for (const u of ['bantdkt.nghean', 'thongke.tayninh', 'thue.tayninh']) {
      expect((await A[u].get(inbox())).status).toBe(403);
      expect((await A[u].get(`/provinces/${tayNinh}/proposals/print?year=2020`)).status).toBe(403);
    }
  });

  it('nobody but the province board records a decision', async () => {
    for (const u of ['admin', 'bantdkt.nghean', 'thongke.tayninh']) {
      const res = await postForm(A[u], decideUrl(), { ...approve, proposalIds: String(P.thue) }, '/account/password');
      expect(res.status).toBe(403);
    }
    expect((await proposal(P.thue)).status).toBe('SENT');
  });
});

describe('the list', () => {
  it('every sent proposal of the year with its dossier; the bloc’s draft is not there', async () => {
    const res = await board().get(inbox());
    expect(res.status).toBe(200);
    const ids = rowIds(res.text);
    expect(ids).toEqual(expect.arrayContaining([P.thue, P.khobac, P.bhxh]));
    expect(ids).not.toContain(P.draft);
    expect(ids).not.toContain(P.ngheAn);
    expect(res.text).toContain(`href="${base}/documents/proposal-letter.pdf">Tờ trình số 01/TTr-KTĐ</a>`);
    expect(res.text).toContain(`href="${base}/documents/achievements/${P.thue}.pdf">Báo cáo thành tích</a>`);
    expect(res.text).toContain('Cục Thuế tỉnh Tây Ninh');
  });

  it('filters by award and by status', async () => {
    expect(rowIds((await board().get(inbox('&award=CO_TINH'))).text)).toEqual([P.bhxh]);
    const bk = rowIds((await board().get(inbox('&award=BANG_KHEN_TINH'))).text);
    expect(bk.sort()).toEqual([P.thue, P.khobac].sort());
    expect(rowIds((await board().get(inbox('&status=APPROVED'))).text)).toEqual([]);
    expect((await board().get(inbox('&status=DRAFT'))).status).toBe(422);
  });
});

describe('deciding a selection', () => {
  it('not approved without a reason: 422 next to the field, nothing written', async () => {
    const before = await auditCount();
    const res = await decideForm(board(), [P.thue, P.khobac], { ...approve, outcome: 'REJECTED' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('data-testid="reason-error">Cần ghi lý do không khen thưởng.');
    expect(res.text).toContain('value="Nguyễn Thanh Ngọc, Chủ tịch UBND tỉnh"'); // what was typed stays
    expect((await proposal(P.thue)).status).toBe('SENT');
    expect((await proposal(P.khobac)).status).toBe('SENT');
    expect(await auditCount()).toBe(before);
  });

  it('without the confirmation, a bad date or no selection: 422, nothing written', async () => {
    const before = await auditCount();
    const { confirm: _c, ...unconfirmed } = approve;
    const r1 = await decideForm(board(), [P.thue], unconfirmed);
    expect(r1.status).toBe(422);
    expect(r1.text).toContain('data-testid="confirm-error"');
    const r2 = await decideForm(board(), [P.thue], { ...approve, decisionDate: '31/02/2021' });
    expect(r2.status).toBe(422);
    expect(r2.text).toContain('Cần nhập ngày quyết định hợp lệ');
    const r3 = await decideForm(board(), [], approve);
    expect(r3.status).toBe(422);
    expect(r3.text).toContain('data-testid="proposalIds-error">Chọn ít nhất một đề nghị');
    expect(await auditCount()).toBe(before);
    expect((await proposal(P.thue)).status).toBe('SENT');
  });

  it('a proposal of another province in the selection: refused, nothing written', async () => {
    const before = await auditCount();
    const res = await decideForm(board(), [P.thue, P.ngheAn], approve);
    expect(res.status).toBe(422);
    expect((await proposal(P.thue)).status).toBe('SENT');
    expect(await auditCount()).toBe(before);
  });

  it('two proposals approved at once, with the confirmation: both decided, each audited', async () => {
    const before = await t.db.auditLog.count({ where: { action: 'proposal.decide' } });
    const res = await decideForm(board(), [P.thue, P.khobac], approve);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/provinces/${tayNinh}/proposals?year=2020`);
    for (const id of [P.thue, P.khobac]) {
      const p = await proposal(id);
      expect(p).toMatchObject({ status: 'APPROVED', decisionOutcome: 'APPROVED', decisionNumber: '120/QĐ-UBND' });
      expect(p.decisionDate?.toISOString().slice(0, 10)).toBe('2021-02-10');
      expect(p.decisionSigner).toBe('Nguyễn Thanh Ngọc, Chủ tịch UBND tỉnh');
      expect(await t.db.auditLog.count({ where: { action: 'proposal.decide', entity: 'AwardProposal', entityId: String(id) } })).toBe(1);
    }
    expect(await t.db.auditLog.count({ where: { action: 'proposal.decide' } })).toBe(before + 2);
    const page = await board().get(res.headers.location);
    expect(page.text).toContain('Đã ghi quyết định số 120/QĐ-UBND (được khen thưởng) cho 2 đề nghị.');
  });

  it('all or nothing: a selection with one already decided writes none', async () => {
    const before = await auditCount();
    const res = await decideForm(board(), [P.bhxh, P.thue], { ...approve, decisionNumber: '121/QĐ-UBND' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Chỉ ghi quyết định cho đề nghị đã gửi và chưa có quyết định');
    expect((await proposal(P.bhxh)).status).toBe('SENT');
    expect((await proposal(P.thue)).decisionNumber).toBe('120/QĐ-UBND');
    expect(await auditCount()).toBe(before);
  });

  it('all or nothing inside the transaction: when a later decision fails, the earlier one is rolled back', async () => {
    // Another board member decides P.extra between this selection's check and its write: the check
    // (a read outside the transaction) still says SENT, the decision inside it finds it decided.
    const agencyId = (await t.db.agencyVersion.findFirstOrThrow({ where: { name: 'Cục Thống kê tỉnh Tây Ninh' } })).agencyId;
    const first = (await t.db.awardProposal.create({ data: { blocYearId: yearId, status: 'SENT', sentAt: new Date(), awardKind: 'BANG_KHEN_TINH', agencyId } })).id;
    const raced = (await t.db.awardProposal.create({ data: { blocYearId: yearId, status: 'APPROVED', decisionOutcome: 'APPROVED', decisionNumber: '99/QĐ-UBND', sentAt: new Date(), awardKind: 'TTLDXS', agencyId } })).id;
    const staleCheck = new Proxy(t.db, {
      get(target, key) {
        const v = Reflect.get(target, key) as unknown;
        if (key !== 'awardProposal') return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        return new Proxy(v as object, {
          get(d, k) {
            const f = Reflect.get(d, k) as (...a: unknown[]) => Promise<{ status: string }[]>;
            if (k !== 'findMany') return typeof f === 'function' ? f.bind(d) : f;
            return async (...a: unknown[]) => (await f.apply(d, a)).map((r) => ({ ...r, status: 'SENT' }));
          },
        });
      },
    }) as Db;
    const user = await t.db.user.findUniqueOrThrow({ where: { username: 'bantdkt.tayninh' }, include: { assignments: true } });
    const req = { user: toPrincipal(user) } as unknown as Request;
    const before = await auditCount();
    const input = { proposalIds: [first, raced], outcome: 'APPROVED' as const, decisionNumber: '130/QĐ-UBND', decisionDate: new Date('2021-03-01T12:00:00Z'), signer: 'Chủ tịch UBND tỉnh', reason: '', confirm: 'yes' as const };
    await expect(decideSelection(staleCheck, req, tayNinh, { userId: user.id, ip: '' }, input)).rejects.toThrow('Chỉ ghi quyết định cho đề nghị đã gửi');
    expect(await proposal(first)).toMatchObject({ status: 'SENT', decisionNumber: '' });
    expect((await proposal(raced)).decisionNumber).toBe('99/QĐ-UBND');
    expect(await auditCount()).toBe(before);
    await t.db.awardProposal.deleteMany({ where: { id: { in: [first, raced] } } });
  });

  it('one not approved, with its reason', async () => {
    const res = await decideForm(board(), [P.bhxh], { ...approve, outcome: 'REJECTED', decisionNumber: '122/QĐ-UBND', reason: 'Chưa đủ 2 năm liên tục hoàn thành xuất sắc nhiệm vụ.' });
    expect(res.status).toBe(302);
    const p = await proposal(P.bhxh);
    expect(p).toMatchObject({ status: 'REJECTED', decisionOutcome: 'REJECTED', decisionNumber: '122/QĐ-UBND' });
    expect(p.decisionNote).toContain('Lý do không khen thưởng: Chưa đủ 2 năm liên tục hoàn thành xuất sắc nhiệm vụ.');
  });
});

describe('correcting a decision', () => {
  const url = () => `/provinces/${tayNinh}/proposals/${P.khobac}/correct`;
  const fix = { outcome: 'REJECTED', decisionNumber: '16/QĐ-UBND', decisionDate: '16/01/2021', reason: 'Nhập nhầm số và kết quả của quyết định khác.', confirm: 'yes', year: '2020' };

  it('without a reason: 422 next to the field, the decision unchanged', async () => {
    const before = await auditCount();
    const res = await postForm(board(), url(), { ...fix, reason: 'sai' }, inbox());
    expect(res.status).toBe(422);
    expect(res.text).toContain('data-testid="correct-reason-error">Cần ghi lý do đính chính');
    expect((await proposal(P.khobac)).decisionNumber).toBe('120/QĐ-UBND');
    expect(await auditCount()).toBe(before);
  });

  it('with a reason: corrected, the old value kept in the audit log and shown', async () => {
    const res = await postForm(board(), url(), fix, inbox());
    expect(res.status).toBe(302);
    const p = await proposal(P.khobac);
    expect(p).toMatchObject({ status: 'REJECTED', decisionOutcome: 'REJECTED', decisionNumber: '16/QĐ-UBND' });
    const log = await t.db.auditLog.findFirstOrThrow({ where: { action: DECISION_CORRECTED, entityId: String(P.khobac) } });
    expect(JSON.parse(log.oldValue)).toMatchObject({ outcome: 'APPROVED', decisionNumber: '120/QĐ-UBND' });
    expect(JSON.parse(log.newValue)).toMatchObject({ outcome: 'REJECTED', decisionNumber: '16/QĐ-UBND', reason: fix.reason });
    const page = await board().get(inbox());
    expect(page.text).toContain(`Đã đính chính ngày`);
    expect(page.text).toContain(`${fix.reason}. Trước đó: số 120/QĐ-UBND ngày 10/02/2021, được khen thưởng.`);
  });

  it('a proposal of another province cannot be corrected from here', async () => {
    const res = await postForm(board(), `/provinces/${tayNinh}/proposals/${P.ngheAn}/correct`, fix, inbox());
    expect(res.status).toBe(422);
  });
});

describe('what the bloc and the unit see, and the printable list', () => {
  it('the head’s awards page shows the decisions and the correction', async () => {
    const res = await A['thongke.tayninh'].get(`${base}/awards`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Số 120/QĐ-UBND ngày 10/02/2021');
    expect(res.text).toContain('Số 122/QĐ-UBND ngày 10/02/2021');
    expect(res.text).toContain('Lý do không khen thưởng: Chưa đủ 2 năm liên tục hoàn thành xuất sắc nhiệm vụ.');
    expect(res.text).toContain('data-testid="decision-corrected"');
  });

  it('the unit sees the decision on its proposal', async () => {
    const res = await A['thue.tayninh'].get(`${base}/awards`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Số 120/QĐ-UBND ngày 10/02/2021');
  });

  it('the printable list of the year’s decisions per award', async () => {
    const res = await board().get(`/provinces/${tayNinh}/proposals/print?year=2020`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('DANH SÁCH QUYẾT ĐỊNH KHEN THƯỞNG NĂM 2020');
    expect(res.text).toContain('/css/print.css');
    expect(res.text).toMatch(/data-award="CO_TINH"[\s\S]*Không được khen thưởng \(1\)[\s\S]*Bảo hiểm xã hội tỉnh Tây Ninh[\s\S]*122\/QĐ-UBND[\s\S]*10\/02\/2021/);
    expect(res.text).toMatch(/data-award="BANG_KHEN_TINH"[\s\S]*Được khen thưởng \(1\)[\s\S]*Cục Thuế tỉnh Tây Ninh/);
    expect(res.text).toMatch(/Tây Ninh, ngày \d{2} tháng \d{2} năm \d{4}/);
    expect(res.text).not.toContain(`data-proposal-id="${P.draft}"`);
  });
});
