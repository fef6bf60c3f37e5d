// The province's award register (sổ khen thưởng): the closed sets its rows use — award kinds (the
// five a bloc proposes plus the titles and forms decided outside the portal), levels and subjects —
// with their Vietnamese labels, and how the words of an imported list map onto them.
import { AWARD_LABELS, type AwardKind } from './enums';
import { foldForSearch } from './search';

export const REGISTER_KINDS = [
  'CO_TINH',
  'CO_CHINH_PHU',
  'BANG_KHEN_TINH',
  'TTLDXS',
  'TTLDTT',
  'LDTT',
  'CSTDCS',
  'CSTD_TINH',
  'CSTD_TOAN_QUOC',
  'BANG_KHEN_BO',
  'BANG_KHEN_TTG',
  'HUAN_CHUONG_LD',
  'OTHER',
] as const;
export type RegisterKind = (typeof REGISTER_KINDS)[number];

export const REGISTER_KIND_LABELS: Record<RegisterKind, string> = {
  ...(AWARD_LABELS as Record<AwardKind, string>),
  LDTT: 'Lao động tiên tiến',
  CSTDCS: 'Chiến sĩ thi đua cơ sở',
  CSTD_TINH: 'Chiến sĩ thi đua cấp tỉnh',
  CSTD_TOAN_QUOC: 'Chiến sĩ thi đua toàn quốc',
  BANG_KHEN_BO: 'Bằng khen của Bộ, ban, ngành, đoàn thể Trung ương',
  BANG_KHEN_TTG: 'Bằng khen của Thủ tướng Chính phủ',
  HUAN_CHUONG_LD: 'Huân chương Lao động',
  OTHER: 'Hình thức khác',
};

export const AWARD_LEVELS = ['TINH', 'BO_NGANH', 'CHINH_PHU', 'NHA_NUOC'] as const;
export type AwardLevel = (typeof AWARD_LEVELS)[number];
export const AWARD_LEVEL_LABELS: Record<AwardLevel, string> = { TINH: 'Tỉnh', BO_NGANH: 'Bộ, ngành', CHINH_PHU: 'Chính phủ', NHA_NUOC: 'Nhà nước' };

/** Who decides each kind, for the rows the board's decisions write (a Government flag is the Government's). */
export const KIND_LEVEL: Record<RegisterKind, AwardLevel> = {
  CO_TINH: 'TINH',
  CO_CHINH_PHU: 'CHINH_PHU',
  BANG_KHEN_TINH: 'TINH',
  TTLDXS: 'TINH',
  TTLDTT: 'TINH',
  LDTT: 'TINH',
  CSTDCS: 'TINH',
  CSTD_TINH: 'TINH',
  CSTD_TOAN_QUOC: 'CHINH_PHU',
  BANG_KHEN_BO: 'BO_NGANH',
  BANG_KHEN_TTG: 'CHINH_PHU',
  HUAN_CHUONG_LD: 'NHA_NUOC',
  OTHER: 'TINH',
};

export const SUBJECT_KINDS = ['UNIT', 'PERSON'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];
export const SUBJECT_KIND_LABELS: Record<SubjectKind, string> = { UNIT: 'Tập thể', PERSON: 'Cá nhân' };

export const RECORD_SOURCES = ['PORTAL', 'IMPORT'] as const;
export type RecordSource = (typeof RECORD_SOURCES)[number];
export const RECORD_SOURCE_LABELS: Record<RecordSource, string> = { PORTAL: 'Từ đề nghị của khối', IMPORT: 'Nhập từ danh sách' };

export function registerKindLabel(kind: string): string {
  return (REGISTER_KIND_LABELS as Record<string, string>)[kind] ?? REGISTER_KIND_LABELS.OTHER;
}

export function levelLabel(level: string): string {
  return (AWARD_LEVEL_LABELS as Record<string, string>)[level] ?? level;
}

/** Other ways the lists boards keep write the same titles (folded: no case, no diacritics). */
const ALIASES: [string, RegisterKind][] = [
  ['co thi dua ubnd tinh', 'CO_TINH'],
  ['co thi dua cua uy ban nhan dan tinh', 'CO_TINH'],
  ['co thi dua cap tinh', 'CO_TINH'],
  ['co thi dua chinh phu', 'CO_CHINH_PHU'],
  ['bang khen ubnd tinh', 'BANG_KHEN_TINH'],
  ['bang khen cua ubnd tinh', 'BANG_KHEN_TINH'],
  ['bang khen chu tich ubnd tinh', 'BANG_KHEN_TINH'],
  ['bang khen cua chu tich uy ban nhan dan tinh', 'BANG_KHEN_TINH'],
  ['bang khen thu tuong chinh phu', 'BANG_KHEN_TTG'],
  ['bang khen cua bo', 'BANG_KHEN_BO'],
  ['bang khen bo nganh', 'BANG_KHEN_BO'],
  ['bang khen cua bo, nganh', 'BANG_KHEN_BO'],
  ['tap the lao dong xuat sac', 'TTLDXS'],
  ['tap the lao dong tien tien', 'TTLDTT'],
  ['chien si thi dua co so', 'CSTDCS'],
  ['chien si thi dua tinh', 'CSTD_TINH'],
  ['huan chuong lao dong hang nhat', 'HUAN_CHUONG_LD'],
  ['huan chuong lao dong hang nhi', 'HUAN_CHUONG_LD'],
  ['huan chuong lao dong hang ba', 'HUAN_CHUONG_LD'],
];

const BY_FOLDED = new Map<string, RegisterKind>([
  ...REGISTER_KINDS.filter((k) => k !== 'OTHER').map((k) => [foldForSearch(REGISTER_KIND_LABELS[k]), k] as const),
  ...ALIASES,
]);

/**
 * The kind of a title as typed in a list, and the title the register keeps: a known title becomes
 * its kind with the portal's own wording (so "Cờ thi đua UBND tỉnh" and "Cờ thi đua của UBND tỉnh"
 * are one award); anything else is OTHER with the title as typed. Huân chương keeps its class.
 */
export function kindOfTitle(title: string): { kind: RegisterKind; title: string } {
  const folded = foldForSearch(title).replace(/\s*[.;]+$/, '');
  const kind = BY_FOLDED.get(folded);
  if (!kind) return { kind: 'OTHER', title };
  return { kind, title: kind === 'HUAN_CHUONG_LD' ? title : REGISTER_KIND_LABELS[kind] };
}

const LEVEL_BY_FOLDED = new Map<string, AwardLevel>([
  ['tinh', 'TINH'],
  ['cap tinh', 'TINH'],
  ['bo, nganh', 'BO_NGANH'],
  ['bo nganh', 'BO_NGANH'],
  ['bo', 'BO_NGANH'],
  ['nganh', 'BO_NGANH'],
  ['cap bo', 'BO_NGANH'],
  ['chinh phu', 'CHINH_PHU'],
  ['cap chinh phu', 'CHINH_PHU'],
  ['nha nuoc', 'NHA_NUOC'],
  ['cap nha nuoc', 'NHA_NUOC'],
  ...AWARD_LEVELS.map((l) => [foldForSearch(l), l] as const),
]);

export function levelOf(text: string): AwardLevel | null {
  return LEVEL_BY_FOLDED.get(foldForSearch(text)) ?? null;
}

const SUBJECT_BY_FOLDED = new Map<string, SubjectKind>([
  ['tap the', 'UNIT'],
  ['don vi', 'UNIT'],
  ['ca nhan', 'PERSON'],
  ['unit', 'UNIT'],
  ['person', 'PERSON'],
]);

export function subjectKindOf(text: string): SubjectKind | null {
  return SUBJECT_BY_FOLDED.get(foldForSearch(text)) ?? null;
}
