// Issued documents never change (issue 11). Tây Ninh 2020 is run through its conference over HTTP
// (freeze, ballot, proposals, sending, closing); every issued document is downloaded as DOCX and
// PDF; then everything changes (the board rejects a proposal, the board reopens the year, the bloc
// and a unit are renamed, the frozen scores and texts are edited in the database) and every
// document downloads again byte for byte the same. A reissue after the reopen takes the next number;
// both are listed and both still download. Numbers are unique per register; dates are the acts'.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type request from 'supertest';
import { docxText, pdfText } from '../support/documents';
import { startTestApp, loginAs, postForm, type Agent, type TestApp } from '../support/app';
import { formatPlaceDate } from '../../src/i18n/format';

let t: TestApp;
let base: string;
let blocId: number;
let yearId: number;
const A: Record<string, Agent> = {};
const ids: Record<string, number> = {};
const MEMBERS = ['thongke.tayninh', 'thue.tayninh', 'bhxh.tayninh', 'haiquan.tayninh', 'khobac.tayninh', 'nhnn.tayninh', 'qltt.tayninh'];
const NAMES: Record<string, string> = { bhxh: 'Bảo hiểm xã hội tỉnh Tây Ninh', thue: 'Cục Thuế tỉnh Tây Ninh', khobac: 'Kho bạc Nhà nước tỉnh Tây Ninh' };
const BLOC = 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh';
const BLOC_SLUG = 'khoi-thi-dua-cac-co-quan-trung-uong-tinh-tay-ninh';

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
async function download(agent: Agent, url: string): Promise<{ status: number; body: Buffer; disposition: string; text: string }> {
  const res = await agent.get(url).buffer(true).parse(binary);
  return { status: res.status, body: res.body as Buffer, disposition: String(res.headers['content-disposition'] ?? ''), text: res.status === 200 ? '' : (res.body as Buffer).toString('utf8') };
}
/** The document links of the documents page (issued ones: by key or by record). */
async function documentLinks(agent: Agent): Promise<string[]> {
  const page = await agent.get(`${base}/documents`);
  expect(page.status).toBe(200);
  return [...page.text.matchAll(/href="([^"]+\/documents\/(?:minutes|mid-year-minutes|tally\/\d+|proposal-letter|achievements\/\d+|pledge|issued\/\d+)\.(?:docx|pdf))"/g)].map((m) => m[1]);
}

const head = () => A['thongke.tayninh'];
const board = () => A['bantdkt.tayninh'];

beforeAll(async () => {
  t = await startTestApp();
  blocId = (await t.db.blocVersion.findFirstOrThrow({ where: { name: BLOC } })).blocId;
  yearId = (await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId, year: 2020 } } })).id;
  base = `/blocs/${blocId}/years/2020`;
  for (const u of [...MEMBERS, 'bantdkt.tayninh', 'admin']) A[u] = await loginAs(t.app, u);
  for (const [k, name] of Object.entries(NAMES)) ids[k] = (await t.db.agencyVersion.findFirstOrThrow({ where: { name } })).agencyId;
});
afterAll(async () => t?.close());

const issued = (key: string) => t.db.issuedDocument.findMany({ where: { blocYearId: yearId, key }, orderBy: { id: 'asc' } });

describe('documents are issued at their acts, numbered and dated by the act', () => {
  let ballotId = 0;

  let seeded = 0;
  it('the year-end freeze issues nothing; the minutes are a marked draft without a number until the close', async () => {
    // what the seed issued for the year before its conference: the pledge and the mid-year minutes
    seeded = await t.db.issuedDocument.count({ where: { blocYearId: yearId, key: { not: '' } } });
    expect((await t.db.issuedDocument.findMany({ where: { blocYearId: yearId }, orderBy: { key: 'asc' } })).map((d) => `${d.key} ${d.number}`)).toEqual(['MINUTES_MID_YEAR 01/BBSK-KTĐ', 'PLEDGE 01/GƯ-KTĐ']);
    const freeze = await postForm(head(), `${base}/reviews/year-end/freeze`, {
      heldAt: '2020-12-18', place: 'Hội trường Cục Thống kê tỉnh Tây Ninh', chairName: 'Nguyễn Văn Chủ', secretaryName: 'Trần Thị Thư', membersPresent: '7', summary: 'Các đơn vị hoàn thành tốt nhiệm vụ chính trị năm 2020.',
    }, `${base}/reviews`);
    expect(freeze.status).toBe(302);
    expect(await t.db.issuedDocument.count({ where: { blocYearId: yearId, key: { not: '' } } })).toBe(seeded);
    const draft = await download(head(), `${base}/documents/minutes.docx`);
    expect(draft.status).toBe(200);
    const text = await docxText(draft.body);
    expect(text).toContain('DỰ THẢO');
    expect(text).toContain('Số: ……');
    expect(draft.disposition).toContain(`filename="du-thao-bien-ban-tong-ket-${BLOC_SLUG}-2020.docx"`);
    // nothing to draft for a tally: a ballot that does not exist is a 404 with the reason
    const none = await download(head(), `${base}/documents/tally/999999.pdf`);
    expect(none.status).toBe(404);
    expect(none.text).toContain('Biên bản kiểm phiếu chưa được ban hành');
  });

  it('closing a ballot issues its tally record, dated the close', async () => {
    const present = (await t.db.membership.findMany({ where: { blocYearId: yearId } })).map((m) => String(m.agencyId));
    const open = await postForm(head(), `${base}/ballots`, { purpose: 'AWARD', awardKind: 'CO_TINH', seats: '2', candidateIds: [ids.bhxh, ids.thue, ids.khobac].map(String), presentIds: present } as unknown as Record<string, string>, `${base}/ballots`);
    expect(open.status).toBe(302);
    ballotId = Number(open.headers.location.split('/').pop());
    const cands = await t.db.ballotCandidate.findMany({ where: { ballotId } });
    const cand = (a: number) => String(cands.find((c) => c.agencyId === a)!.id);
    for (const u of MEMBERS) expect((await postForm(A[u], `${base}/ballots/${ballotId}/vote`, { candidateIds: [cand(ids.bhxh), cand(ids.thue)] } as unknown as Record<string, string>, `${base}/ballots/${ballotId}`)).status, u).toBe(302);
    expect((await postForm(head(), `${base}/ballots/${ballotId}/close`, {}, `${base}/ballots/${ballotId}`)).status).toBe(302);
    const ballot = await t.db.ballot.findUniqueOrThrow({ where: { id: ballotId } });
    const [tally] = await issued(`TALLY:${ballotId}`);
    expect(tally).toMatchObject({ kind: 'TALLY', number: '01/BBKP-KTĐ', fileBase: `bien-ban-kiem-phieu-${BLOC_SLUG}-2020-so-01` });
    expect(tally.actDate!.getTime()).toBe(ballot.closedAt!.getTime());
    expect(tally.docx!.length).toBeGreaterThan(1000);
    expect(Buffer.from(tally.pdf!).subarray(0, 5).toString()).toBe('%PDF-');
    const text = await docxText((await download(head(), `${base}/documents/tally/${ballotId}.docx`)).body);
    expect(text).toContain('Số: 01/BBKP-KTĐ');
    expect(text).toContain(formatPlaceDate('Tây Ninh', ballot.closedAt!));
  });

  it('sending the proposals issues the letter and each unit\'s achievement report, dated the sending', async () => {
    for (const k of ['bhxh', 'thue']) expect((await postForm(head(), `${base}/awards/propose`, { awardKind: 'CO_TINH', agencyId: String(ids[k]) }, `${base}/awards`)).status, k).toBe(302);
    // before sending: the letter is a draft, nothing numbered
    const draft = await docxText((await download(head(), `${base}/documents/proposal-letter.docx`)).body);
    expect(draft).toContain('DỰ THẢO');
    expect(draft).not.toContain('TTr-KTĐ');
    expect((await postForm(head(), `${base}/awards/send`, {}, `${base}/awards`)).status).toBe(302);
    const sent = await t.db.awardProposal.findMany({ where: { blocYearId: yearId }, orderBy: { id: 'asc' } });
    const [letter] = await issued('PROPOSAL_LETTER');
    expect(letter).toMatchObject({ kind: 'PROPOSAL_LETTER', number: '01/TTr-KTĐ', supersededAt: null });
    expect(letter.actDate!.getTime()).toBe(sent[0].sentAt!.getTime());
    const reports = await t.db.issuedDocument.findMany({ where: { blocYearId: yearId, kind: 'ACHIEVEMENT' }, orderBy: { id: 'asc' } });
    expect(reports.map((r) => r.number)).toEqual(['01/BCTT-KTĐ', '02/BCTT-KTĐ']);
    expect(reports.map((r) => r.agencyId).sort()).toEqual([ids.bhxh, ids.thue].sort());
    const bhxh = sent.find((p) => p.agencyId === ids.bhxh)!;
    const res = await download(A['bhxh.tayninh'], `${base}/documents/achievements/${bhxh.id}.docx`);
    expect(res.status).toBe(200);
    // file names: the kind, the unit, the year in ASCII; the Vietnamese name in filename*
    expect(res.disposition).toContain('filename="bao-cao-thanh-tich-bao-hiem-xa-hoi-tinh-tay-ninh-co-tinh-2020.docx"');
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(res.disposition)![1])).toBe('Báo cáo thành tích Bảo hiểm xã hội tỉnh Tây Ninh năm 2020 (Cờ thi đua của UBND tỉnh).docx');
    const text = await docxText(res.body);
    expect(text).toMatch(/Số: 0[12]\/BCTT-KTĐ/);
    expect(text).toContain(formatPlaceDate('Tây Ninh', sent[0].sentAt!));
    // another member does not read a unit's report (it carries the unit's registration)
    expect((await download(A['khobac.tayninh'], `${base}/documents/achievements/${bhxh.id}.pdf`)).status).toBe(403);
    const letterRes = await download(head(), `${base}/documents/proposal-letter.pdf`);
    expect(letterRes.disposition).toContain(`filename="to-trinh-khen-thuong-${BLOC_SLUG}-2020.pdf"`);
    expect((await pdfText(letterRes.body)).text).toContain('01/TTr-KTĐ');
  });

  it('closing the year issues the minutes of the whole conference, dated the meeting', async () => {
    expect((await postForm(head(), `${base}/closing/handover`, { method: 'ROTATION' }, `${base}/closing`)).status).toBe(302);
    expect((await postForm(head(), `${base}/closing/close`, { confirm: 'yes' }, `${base}/closing`)).status).toBe(302);
    const [minutes] = await issued('MINUTES_YEAR_END');
    expect(minutes).toMatchObject({ kind: 'MINUTES', number: '01/BB-KTĐ' });
    expect(minutes.actDate!.toISOString().slice(0, 10)).toBe('2020-12-18');
    const text = await docxText((await download(head(), `${base}/documents/minutes.docx`)).body);
    for (const s of ['Số: 01/BB-KTĐ', NAMES.bhxh, NAMES.thue, 'Nguyễn Văn Chủ']) expect(text, s).toContain(s);
    expect(text).not.toContain('DỰ THẢO');
  });

  const before = new Map<string, Buffer>();

  it('every issued document downloads the same bytes twice, DOCX and PDF', async () => {
    const links = await documentLinks(head());
    // the seeded pledge and mid-year minutes, then the tally, the letter, two reports, the minutes: DOCX and PDF each
    expect(links).toHaveLength(2 * (seeded + 5));
    for (const url of links) {
      const a = await download(head(), url);
      const b = await download(head(), url);
      expect(a.status, url).toBe(200);
      expect(a.body.equals(b.body), url).toBe(true);
      before.set(url, a.body);
    }
  });

  it('after a rejection, a reopen, renames and edited data, every document is byte for byte the same', async () => {
    const thue = await t.db.awardProposal.findFirstOrThrow({ where: { blocYearId: yearId, agencyId: ids.thue } });
    expect((await postForm(board(), `${base}/awards/${thue.id}/decide`, { decisionNumber: '121/QĐ-UBND', decisionDate: '2021-02-10', outcome: 'REJECTED', confirm: 'yes' }, `${base}/awards`)).status).toBe(302);
    expect((await postForm(board(), `${base}/closing/reopen`, { reason: 'Đơn vị khiếu nại kết quả chấm điểm, cần xem xét lại.' }, `${base}/closing`)).status).toBe(302);
    const rename = await postForm(A.admin, `/blocs/${blocId}/rename`, { name: 'Khối thi đua Trung ương tại Tây Ninh', decision: 'QĐ 77/QĐ-UBND', validFrom: '2020-01-01' }, `/blocs/${blocId}/rename`);
    expect(rename.status, rename.text.slice(0, 300)).toBe(302);
    const agency = await postForm(A.admin, `/agencies/${ids.bhxh}/rename`, { legalBasis: 'Quyết định số 1/QĐ-BHXH', note: 'Đổi tên', date: '2020-03-01', name: 'Bảo hiểm xã hội khu vực Tây Ninh', shortName: 'BHXH' }, `/agencies/${ids.bhxh}`);
    expect(agency.status, agency.text.slice(0, 300)).toBe(302);
    await t.db.membership.updateMany({ where: { blocYearId: yearId, agencyId: ids.bhxh }, data: { agencyVersionId: (await t.db.agencyVersion.findFirstOrThrow({ where: { agencyId: ids.bhxh, name: 'Bảo hiểm xã hội khu vực Tây Ninh' } })).id } });
    // what no page lets anyone edit once frozen, edited underneath: scores, texts, votes
    const review = await t.db.review.findUniqueOrThrow({ where: { blocYearId_kind: { blocYearId: yearId, kind: 'YEAR_END' } } });
    await t.db.review.update({ where: { id: review.id }, data: { chairName: 'Người Khác', summary: 'Đã sửa', heldAt: new Date('2020-12-30') } });
    await t.db.reviewResult.updateMany({ where: { reviewId: review.id }, data: { totalCenti: 5000 } });
    await t.db.awardProposal.updateMany({ where: { blocYearId: yearId }, data: { achievements: 'Nội dung khác hẳn sau khi gửi.' } });
    await t.db.ballotCandidate.updateMany({ where: { ballot: { blocYearId: yearId } }, data: { votes: 1 } });

    // the live data did change: a draft made now would differ
    expect((await t.db.awardProposal.count({ where: { blocYearId: yearId, status: 'REJECTED' } }))).toBe(1);
    const links = await documentLinks(head());
    for (const [url, bytes] of before) {
      expect(links, url).toContain(url);
      const again = await download(head(), url);
      expect(again.status, url).toBe(200);
      expect(again.body.equals(bytes), `${url} changed`).toBe(true);
    }
    // the rejected unit's report and the letter listing both units are still there
    const letter = await docxText(before.get(`${base}/documents/proposal-letter.docx`)!);
    expect(letter).toContain(NAMES.thue);
    expect(letter).toContain(NAMES.bhxh);
    // the decision is in its own list, not in the documents
    const page = await head().get(`${base}/documents`);
    expect(page.text).toContain('data-testid="decisions"');
    expect(page.text).toContain('121/QĐ-UBND');
    expect(t.errors).toEqual([]);
  });

  it('a reissue after the reopen takes the next number; the old one is superseded, both listed, both download', async () => {
    expect((await postForm(head(), `${base}/awards/propose`, { awardKind: 'BANG_KHEN_TINH', agencyId: String(ids.khobac) }, `${base}/awards`)).status).toBe(302);
    const page0 = await head().get(`${base}/documents`);
    expect(page0.text).toContain('proposal-letter.docx?draft=1');
    expect((await postForm(head(), `${base}/awards/send`, {}, `${base}/awards`)).status).toBe(302);
    const letters = await issued('PROPOSAL_LETTER');
    expect(letters.map((l) => l.number)).toEqual(['01/TTr-KTĐ', '02/TTr-KTĐ']);
    expect(letters[0].supersededById).toBe(letters[1].id);
    expect(letters[0].supersededAt).not.toBeNull();
    expect(letters[1].supersededAt).toBeNull();
    expect(letters[1].fileBase).toBe(`to-trinh-khen-thuong-${BLOC_SLUG.replace('khoi-thi-dua-cac-co-quan-trung-uong-tinh-tay-ninh', 'khoi-thi-dua-trung-uong-tai-tay-ninh')}-2020-so-02`);
    // close again: the minutes are reissued too
    expect((await postForm(head(), `${base}/closing/close`, { confirm: 'yes' }, `${base}/closing`)).status).toBe(302);
    const minutes = await issued('MINUTES_YEAR_END');
    expect(minutes.map((m) => m.number)).toEqual(['01/BB-KTĐ', '02/BB-KTĐ']);
    expect(minutes[0].supersededById).toBe(minutes[1].id);

    const page = await head().get(`${base}/documents`);
    for (const n of ['01/TTr-KTĐ', '02/TTr-KTĐ', '01/BB-KTĐ', '02/BB-KTĐ', '01/BBKP-KTĐ', '03/BCTT-KTĐ']) expect(page.text, n).toContain(n);
    expect(page.text.match(/data-testid="superseded"/g)).toHaveLength(2);
    expect(page.text).toContain('Đã được thay thế bởi số 02/TTr-KTĐ');
    // the old letter still downloads, by its record, byte for byte what was sent first
    const old = await download(head(), `${base}/documents/issued/${letters[0].id}.docx`);
    expect(old.body.equals(before.get(`${base}/documents/proposal-letter.docx`)!)).toBe(true);
    const current = await docxText((await download(head(), `${base}/documents/proposal-letter.docx`)).body);
    expect(current).toContain('02/TTr-KTĐ');
    expect(current).toContain(NAMES.khobac);
    // a record of another year is not found from this one
    const other = await t.db.blocYear.findFirstOrThrow({ where: { NOT: { id: yearId }, documents: { some: { key: { not: '' } } } }, include: { documents: true, bloc: true } });
    expect((await download(A.admin, `${base}/documents/issued/${other.documents[0].id}.pdf`)).status).toBe(404);
  });

  it('numbers are unique per year and register, consecutive from 01', async () => {
    const all = await t.db.issuedDocument.findMany({ where: { blocYearId: yearId }, select: { kind: true, number: true } });
    const byKind = new Map<string, number[]>();
    for (const d of all) byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), Number.parseInt(d.number, 10)]);
    for (const [kind, ns] of byKind) expect(ns.sort((a, b) => a - b), kind).toEqual(ns.map((_, i) => i + 1));
  });
});

describe('the demo\'s closed years come with their documents (Nghệ An 2019)', () => {
  it('the seeded acts issued them; the first download stores the files, later ones serve the same bytes', async () => {
    const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' } });
    const y = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: bloc.blocId, year: 2019 } } });
    const docs = await t.db.issuedDocument.findMany({ where: { blocYearId: y.id }, orderBy: { id: 'asc' } });
    const keys = docs.map((d) => d.key);
    for (const k of ['PLEDGE', 'PROPOSAL_LETTER', 'MINUTES_YEAR_END']) expect(keys, k).toContain(k);
    expect(keys.filter((k) => k.startsWith('ACHIEVEMENT:')).length).toBeGreaterThan(0);
    const agent = await loginAs(t.app, 'bantdkt.nghean');
    const b19 = `/blocs/${bloc.blocId}/years/2019`;
    const first = await download(agent, `${b19}/documents/pledge.pdf`);
    expect(first.status).toBe(200);
    expect((await t.db.issuedDocument.findFirstOrThrow({ where: { blocYearId: y.id, key: 'PLEDGE' } })).pdf).not.toBeNull();
    const second = await download(agent, `${b19}/documents/pledge.pdf`);
    expect(second.body.equals(first.body)).toBe(true);
    expect((await pdfText(first.body)).text).toContain('01/GƯ-KTĐ');
  });
});

describe('the pledge is issued by the last member\'s signature (Nghệ An 2020)', () => {
  it('a draft while signatures are missing; the last signature issues it, dated that day', async () => {
    const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' } });
    const b20 = `/blocs/${bloc.blocId}/years/2020`;
    const y = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: bloc.blocId, year: 2020 } }, include: { pledge: { include: { signatures: true } }, memberships: true } });
    const unsigned = y.memberships.filter((m) => !y.pledge!.signatures.some((s) => s.agencyId === m.agencyId));
    expect(unsigned.length).toBeGreaterThan(0);
    const officers = await t.db.roleAssignment.findMany({ where: { role: 'UNIT_OFFICER', agencyId: { in: unsigned.map((m) => m.agencyId) } }, include: { user: true }, orderBy: { id: 'asc' } });
    const users = unsigned.map((m) => officers.find((o) => o.agencyId === m.agencyId)!);
    const draft = await download(A.admin, `${b20}/documents/pledge.docx`);
    expect(await docxText(draft.body)).toContain('DỰ THẢO');
    for (const [i, a] of users.entries()) {
      const agent = await loginAs(t.app, a.user.username);
      expect((await postForm(agent, `${b20}/pledge/sign`, { signerName: 'Nguyễn Văn Ký', signerTitle: 'Giám đốc' }, `${b20}/pledge`)).status).toBe(302);
      const count = await t.db.issuedDocument.count({ where: { blocYearId: y.id, key: 'PLEDGE' } });
      expect(count, `after ${i + 1} of ${users.length}`).toBe(i === users.length - 1 ? 1 : 0);
    }
    const doc = await t.db.issuedDocument.findFirstOrThrow({ where: { blocYearId: y.id, key: 'PLEDGE' } });
    const last = await t.db.pledgeSignature.findFirstOrThrow({ where: { pledgeId: y.pledge!.id }, orderBy: { signedAt: 'desc' } });
    expect(doc.number).toBe('01/GƯ-KTĐ');
    expect(doc.actDate!.getTime()).toBe(last.signedAt.getTime());
    expect(await docxText((await download(A.admin, `${b20}/documents/pledge.docx`)).body)).toContain('Số: 01/GƯ-KTĐ');
  });
});
