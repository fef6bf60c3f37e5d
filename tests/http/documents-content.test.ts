// Every document of a closed demo year (Nghệ An 2019), downloaded as the board would and read back:
// numbers, dates, names, the order of the awards, the signers and the "Căn cứ" lines of the
// document's date. The downloads are the documents stored when they were issued (in the seed), so
// what this test's copy of the database adds afterwards — a Bằng khen proposal (sorted after the
// flag), honourees at the freeze, an award of 2018 in the register, mid-year reviews moved to 2024
// and 2025 — is read through the same data builders the issuing calls, rendered the same way.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPrincipal } from '../../src/auth/principal';
import { achievementReportDoc, midYearMinutesDoc, minutesDoc, pdfFont, proposalLetterDoc, renderAdminDoc, type AdminDoc } from '../../src/documents';
import { formatPoints } from '../../src/i18n/format';
import { achievementData, midYearMinutesData, minutesData, proposalLetterData } from '../../src/modules/documents/service';
import { loadYear } from '../../src/modules/years/context';
import { loginAs, startTestApp, type Agent, type TestApp } from '../support/app';
import { docxParagraphs, lastPageOf, pageOf, pdfLines, pdfText } from '../support/documents';

let t: TestApp;
let board: Agent;
let base: string;
let blocId: number;
let yearId: number;
let ids: Record<string, number> = {};

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function download(path: string): Promise<Buffer> {
  const res = await board.get(`${base}/documents/${path}`).buffer(true).parse(binary);
  expect(res.status, path).toBe(200);
  return res.body as Buffer;
}

/** DOCX paragraphs and PDF text, lines and pages of one document. */
async function both(name: string) {
  const [docx, pdf] = await Promise.all([download(`${name}.docx`), download(`${name}.pdf`)]);
  const paras = await docxParagraphs(docx);
  const { text, pages } = await pdfText(pdf);
  return { paras, docx: paras.join('\n'), pdf: text, pages, lines: await pdfLines(pdf) };
}

/** The same, for a document rendered from the data of now. */
async function rendered(doc: AdminDoc) {
  const [docx, pdf] = await Promise.all([renderAdminDoc(doc, 'docx'), renderAdminDoc(doc, 'pdf')]);
  const paras = await docxParagraphs(docx);
  const { text, pages } = await pdfText(pdf);
  return { paras, docx: paras.join('\n'), pdf: text, pages, lines: await pdfLines(pdf) };
}

async function yearContext() {
  const user = await t.db.user.findFirstOrThrow({ where: { username: 'bantdkt.nghean' }, include: { assignments: true } });
  return loadYear(t.db, { user: toPrincipal(user), params: { blocId: String(blocId), year: '2019' } } as never);
}

const OLD_LAW = 'Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013;';
const ND91 = 'Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017';

function expectBasis2019(text: string) {
  expect(text).toContain(OLD_LAW);
  expect(text).toContain(ND91);
  // the demo province's rules list today's texts: a 2019 document cites none of them
  for (const later of ['06/2022/QH15', '98/2023/NĐ-CP', '152/2025/NĐ-CP']) expect(text).not.toContain(later);
}

beforeAll(async () => {
  t = await startTestApp();
  console.info(`PDF font for this run: ${pdfFont().family}`);
  const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' } });
  blocId = bloc.blocId;
  base = `/blocs/${blocId}/years/2019`;
  const y = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId, year: 2019 } } });
  yearId = y.id;
  for (const [k, name] of Object.entries({ thue: 'Cục Thuế Nghệ An', haiquan: 'Cục Hải quan Nghệ An' })) ids[k] = (await t.db.agencyVersion.findFirstOrThrow({ where: { name } })).agencyId;
  const end = await t.db.review.findUniqueOrThrow({ where: { blocYearId_kind: { blocYearId: yearId, kind: 'YEAR_END' } } });
  const officer = await t.db.user.findFirstOrThrow({ where: { username: 'bantdkt.nghean' } });
  const province = (await t.db.bloc.findUniqueOrThrow({ where: { id: blocId } })).provinceId;
  // What the demo year lacks, as a real year would have it.
  await t.db.awardProposal.create({ data: { blocYearId: yearId, awardKind: 'BANG_KHEN_TINH', agencyId: ids.haiquan, status: 'SENT', sentAt: new Date('2019-11-20T03:00:00Z'), sentById: officer.id } });
  await t.db.reviewHonoree.createMany({
    data: [
      { reviewId: end.id, agencyId: ids.thue, note: 'Đơn vị tiêu biểu' },
      { reviewId: end.id, agencyId: null, personName: 'Lê Thị Hồng Nhung', note: 'Cục Thuế Nghệ An, sáng kiến hóa đơn điện tử' },
    ],
  });
  await t.db.awardRecord.create({
    data: { provinceId: province, year: 2018, awardKind: 'BANG_KHEN_TINH', awardTitle: 'Bằng khen của Chủ tịch UBND tỉnh', level: 'TINH', agencyId: ids.thue, subjectName: 'Cục Thuế Nghệ An', decisionNumber: '118/QĐ-UBND', decisionDate: new Date('2019-01-20T03:00:00Z'), source: 'IMPORT' },
  });
  board = await loginAs(t.app, 'bantdkt.nghean');
}, 120_000);
afterAll(async () => t.close());

describe('the documents of Nghệ An 2019, as filed', () => {
  it('year-end minutes: 2019 legal basis, the meeting, ranking with the pages’ decimals, awards in legal order, honourees, next year’s tasks, signers', async () => {
    const end = await t.db.review.findUniqueOrThrow({ where: { blocYearId_kind: { blocYearId: yearId, kind: 'YEAR_END' } }, include: { results: { orderBy: { rank: 'asc' } } } });
    const sig = await t.db.pledgeSignature.findFirst({ where: { pledge: { blocYearId: yearId }, signerName: end.chairName } });
    const issued = await both('minutes');
    const d = await rendered(minutesDoc(await minutesData(t.db, await yearContext())));
    for (const text of [issued.docx, issued.pdf, d.docx, d.pdf]) {
      expectBasis2019(text);
      expect(text).toContain('Nghệ An, ngày 15 tháng 11 năm 2019');
      expect(text).toContain('HỘI NGHỊ TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2019');
      expect(text).toContain('Thời gian: 15/11/2019');
      // the scores as the pages show them: up to two decimals, no trailing zero
      for (const r of end.results) expect(text, r.agencyName).toContain(formatPoints(r.totalCenti));
      expect(text).toContain('7. Phương hướng, nhiệm vụ năm tiếp theo');
      expect(text).toContain(end.tasksAhead.slice(0, 40));
    }
    // the honourees entered at the freeze
    for (const text of [d.docx, d.pdf]) {
      expect(text).toContain('Lê Thị Hồng Nhung');
      expect(text).toContain('sáng kiến hóa đơn điện tử');
    }
    // the flag before Bằng khen, whatever the codes' order
    const flag = d.paras.indexOf('Cờ thi đua của UBND tỉnh');
    expect(flag).toBeGreaterThan(0);
    expect(d.paras.indexOf('Bằng khen của Chủ tịch UBND tỉnh')).toBeGreaterThan(flag);
    // the chair signs with the name alone; the post (from the head unit's pledge) sits above it
    expect(d.paras).toContain(end.chairName);
    if (sig?.signerTitle) expect(d.docx).toContain(`Chủ trì: ${end.chairName} – ${sig.signerTitle}`);
    expect(d.paras.filter((p) => p.includes(end.chairName) && !p.startsWith('Chủ trì:') && p !== end.chairName)).toEqual([]);
    // PDF: the signatures on the page of the closing sentence, not alone on the last page
    for (const x of [issued, d]) {
      expect(x.pages).toBeGreaterThanOrEqual(2);
      expect(pageOf(x.lines, 'CHỦ TRÌ')).toBe(pageOf(x.lines, 'Biên bản được lập và thông qua'));
      expect(lastPageOf(x.lines, end.chairName)).toBe(pageOf(x.lines, 'CHỦ TRÌ'));
      expect(pageOf(x.lines, 'CHỦ TRÌ')).toBe(x.pages - 1);
    }
  }, 60_000);

  it('mid-year minutes (sơ kết): its own date, snapshot ranking and second-half tasks', async () => {
    const mid = await t.db.review.findUniqueOrThrow({ where: { blocYearId_kind: { blocYearId: yearId, kind: 'MID_YEAR' } }, include: { results: { orderBy: { rank: 'asc' } } } });
    const data = await midYearMinutesData(t.db, await yearContext());
    for (const buf of [await renderAdminDoc(midYearMinutesDoc(data), 'docx'), await renderAdminDoc(midYearMinutesDoc(data), 'pdf')]) {
      const text = buf.subarray(0, 4).toString('latin1') === '%PDF' ? (await pdfText(buf)).text : (await docxParagraphs(buf)).join('\n');
      expectBasis2019(text);
      expect(text).toContain('HỘI NGHỊ SƠ KẾT CÔNG TÁC THI ĐUA 6 THÁNG ĐẦU NĂM 2019');
      expect(text).toContain('Nghệ An, ngày 25 tháng 07 năm 2019');
      expect(text).toContain('Thời gian: 25/07/2019');
      expect(text).toContain('4. Nhiệm vụ trọng tâm 6 tháng cuối năm');
      expect(text).toContain(mid.tasksAhead.slice(0, 40));
      for (const r of mid.results) expect(text, r.agencyName).toContain(formatPoints(r.totalCenti));
      expect(text).not.toContain('Bầu Trưởng khối');
    }
  }, 60_000);

  it('proposal letter: 2019 basis, lists in legal order, the head’s signer', async () => {
    const issued = await both('proposal-letter');
    const d = await rendered(proposalLetterDoc(await proposalLetterData(t.db, await yearContext())));
    for (const text of [issued.docx, issued.pdf, d.docx, d.pdf]) {
      expectBasis2019(text);
      expect(text).toContain('1. Cờ thi đua của UBND tỉnh');
      expect(text).toContain('TRƯỞNG KHỐI');
      expect(text).toContain('Cục Thuế Nghệ An');
    }
    // Bằng khen (code BANG_KHEN_TINH) comes after the flag (CO_TINH)
    for (const text of [d.docx, d.pdf]) expect(text).toContain('2. Bằng khen của Chủ tịch UBND tỉnh');
    for (const x of [issued, d]) expect(pageOf(x.lines, 'TRƯỞNG KHỐI')).toBe(pageOf(x.lines, 'Kính trình'));
  }, 60_000);

  it('pledge: a signature box per member with unit, post, date and name, on as few pages as the text needs', async () => {
    const sigs = await t.db.pledgeSignature.findMany({ where: { pledge: { blocYearId: yearId } }, include: { agency: { include: { versions: true } } } });
    const members = await t.db.membership.count({ where: { blocYearId: yearId, leftAt: null } });
    const d = await both('pledge');
    for (const text of [d.docx, d.pdf]) {
      expectBasis2019(text);
      expect(text).toContain('GIAO ƯỚC THI ĐUA');
      expect(text).toContain(`(${sigs.length}/${members} đơn vị đã ký)`);
      for (const s of sigs) {
        expect(text, s.signerName).toContain(s.signerName);
        if (s.signerTitle) expect(text).toContain(s.signerTitle.toLocaleUpperCase('vi-VN'));
      }
    }
    expect((d.docx.match(/ĐẠI DIỆN /g) ?? []).length).toBe(members);
    expect(d.docx).toContain('(Khối trưởng)');
    // each signer's name on the page of its box's date line
    for (const s of sigs) expect(lastPageOf(d.lines, s.signerName), s.signerName).toBeGreaterThanOrEqual(0);
    expect(d.pages).toBeLessThanOrEqual(3);
  }, 60_000);

  it('achievement report: signed by the unit’s head, with the unit’s earlier awards from the register', async () => {
    const p = await t.db.awardProposal.findFirstOrThrow({ where: { blocYearId: yearId, agencyId: ids.thue, awardKind: 'CO_TINH' } });
    const sig = await t.db.pledgeSignature.findFirstOrThrow({ where: { pledge: { blocYearId: yearId }, agencyId: ids.thue } });
    const issued = await both(`achievements/${p.id}`);
    const d = await rendered(achievementReportDoc(await achievementData(t.db, await yearContext(), p.id)));
    for (const text of [issued.docx, issued.pdf, d.docx, d.pdf]) {
      expect(text).toContain('BÁO CÁO THÀNH TÍCH');
      expect(text).toContain('III. Các hình thức khen thưởng đã được ghi nhận');
      expect(text).toContain('THỦ TRƯỞNG ĐƠN VỊ');
      expect(text).toContain(sig.signerName);
    }
    for (const text of [d.docx, d.pdf]) expect(text).toContain('Quyết định số 118/QĐ-UBND ngày 20/01/2019');
    // the 2019 flag itself is not an earlier award
    expect(d.docx).not.toContain('215/QĐ-UBND');
    expect(d.paras).toContain(sig.signerName);
    expect(pageOf(d.lines, 'THỦ TRƯỞNG ĐƠN VỊ')).toBe(lastPageOf(d.lines, sig.signerName));
  }, 60_000);
});

describe('the legal basis follows the document date', () => {
  it('a mid-year review held in 2024 cites Nghị định 98/2023, one held in 2025 after 1/7 cites Nghị định 152/2025', async () => {
    const y = await yearContext();
    const mid = await t.db.review.findUniqueOrThrow({ where: { blocYearId_kind: { blocYearId: yearId, kind: 'MID_YEAR' } } });
    const cases: [string, string, string[]][] = [
      ['2024-07-25T03:00:00Z', 'Căn cứ Nghị định số 98/2023/NĐ-CP', ['91/2017', '152/2025', 'năm 2003']],
      ['2025-07-25T03:00:00Z', 'Căn cứ Nghị định số 152/2025/NĐ-CP', ['91/2017', '98/2023', 'năm 2003']],
    ];
    for (const [at, decree, absent] of cases) {
      await t.db.review.update({ where: { id: mid.id }, data: { heldAt: new Date(at) } });
      const data = await midYearMinutesData(t.db, y);
      const text = (await docxParagraphs(await renderAdminDoc(midYearMinutesDoc(data), 'docx'))).join('\n');
      expect(text, at).toContain('Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;');
      expect(text, at).toContain(decree);
      for (const a of absent) expect(text, `${at}: ${a}`).not.toContain(a);
      expect(text.match(/06\/2022\/QH15/g) ?? []).toHaveLength(1);
    }
    await t.db.review.update({ where: { id: mid.id }, data: { heldAt: mid.heldAt } });
    expect(t.errors).toEqual([]);
  }, 60_000);
});
