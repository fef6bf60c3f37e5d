// Documents a bloc files at its year-end conference: build each administrative document once
// (admin.ts), then render it as editable DOCX or as PDF; the score tables go out as XLSX. The
// functions are async so that bad data rejects the promise instead of throwing.
import { achievementReportDoc, midYearMinutesDoc, minutesDoc, pledgeDoc, proposalLetterDoc, tallyDoc, type AdminDoc } from './admin';
import { renderDocx } from './docx';
import { renderPdf } from './pdf';
import type { AchievementReportData, MinutesData, PledgeDocData, ProposalLetterData, TallyData } from './types';

export type * from './types';
export { scoreboardXlsx, rankingXlsx } from './xlsx';

export const MIME = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** file name extensions, with the dot */
export const EXT = { docx: '.docx', pdf: '.pdf', xlsx: '.xlsx' } as const;

export type DocFormat = keyof typeof MIME;

export { achievementReportDoc, midYearMinutesDoc, minutesDoc, pledgeDoc, proposalLetterDoc, tallyDoc, type AdminDoc } from './admin';
/** the font the PDFs are set in on this machine (Liberation Serif 2 when installed, else DejaVu Serif Condensed) */
export { pdfFont, type PdfFont } from './pdf';

/** An administrative document as editable DOCX or printable PDF; the same model gives the same bytes. */
export const renderAdminDoc = async (doc: AdminDoc, format: 'docx' | 'pdf'): Promise<Buffer> => (format === 'docx' ? renderDocx(doc) : renderPdf(doc));

/** Biên bản hội nghị tổng kết */
export const minutesDocx = async (d: MinutesData): Promise<Buffer> => renderDocx(minutesDoc(d));
export const minutesPdf = async (d: MinutesData): Promise<Buffer> => renderPdf(minutesDoc(d));

/** Biên bản hội nghị sơ kết 6 tháng */
export const midYearMinutesDocx = async (d: MinutesData): Promise<Buffer> => renderDocx(midYearMinutesDoc(d));
export const midYearMinutesPdf = async (d: MinutesData): Promise<Buffer> => renderPdf(midYearMinutesDoc(d));

/** Biên bản kiểm phiếu */
export const tallyDocx = async (d: TallyData): Promise<Buffer> => renderDocx(tallyDoc(d));
export const tallyPdf = async (d: TallyData): Promise<Buffer> => renderPdf(tallyDoc(d));

/** Tờ trình đề nghị khen thưởng, with its lists */
export const proposalLetterDocx = async (d: ProposalLetterData): Promise<Buffer> => renderDocx(proposalLetterDoc(d));
export const proposalLetterPdf = async (d: ProposalLetterData): Promise<Buffer> => renderPdf(proposalLetterDoc(d));

/** Giao ước thi đua with one signature row per member */
export const pledgeDocx = async (d: PledgeDocData): Promise<Buffer> => renderDocx(pledgeDoc(d));
export const pledgePdf = async (d: PledgeDocData): Promise<Buffer> => renderPdf(pledgeDoc(d));

/** Báo cáo thành tích of one proposed unit */
export const achievementReportDocx = async (d: AchievementReportData): Promise<Buffer> => renderDocx(achievementReportDoc(d));
export const achievementReportPdf = async (d: AchievementReportData): Promise<Buffer> => renderPdf(achievementReportDoc(d));
