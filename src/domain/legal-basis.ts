// The texts a document cites in its "Căn cứ" lines, as data with their dates of validity
// (DOMAIN.md, "Which texts a document cites"). A document cites the texts in force on its own
// date: a 2019 minutes cites the 2003 law and Nghị định 91/2017, never a text of 2022 or 2025.
// The province's own texts (its bloc regulation, the year's plan) come from its rules of the year.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { AwardKind } from './enums';

dayjs.extend(utc);
dayjs.extend(timezone);

export type LegalText = {
  kind: 'LAW' | 'DECREE';
  /** what follows "Căn cứ " in the document, without the closing ";" */
  cite: string;
  /** the numbers of the texts the citation names, to recognise them in a province's own list */
  numbers: string[];
  /** first and last day in force (Vietnam's calendar, YYYY-MM-DD); null = open */
  from: string | null;
  to: string | null;
};

/** The national texts. Dates of entry into force are the ones published with each text. */
export const NATIONAL_TEXTS: readonly LegalText[] = [
  {
    kind: 'LAW',
    cite: 'Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng ngày 14 tháng 6 năm 2005',
    numbers: ['15/2003/QH11', '47/2005/QH11'],
    from: null,
    // the 2013 amendments came into force on 1/6/2014
    to: '2014-05-31',
  },
  {
    kind: 'LAW',
    cite: 'Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013',
    numbers: ['15/2003/QH11', '47/2005/QH11', '39/2013/QH13'],
    from: '2014-06-01',
    to: '2023-12-31',
  },
  {
    kind: 'LAW',
    cite: 'Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022',
    numbers: ['06/2022/QH15'],
    from: '2024-01-01',
    to: null,
  },
  {
    kind: 'DECREE',
    cite: 'Nghị định số 42/2010/NĐ-CP ngày 15 tháng 4 năm 2010 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, Khen thưởng và Luật sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng',
    numbers: ['42/2010/NĐ-CP'],
    from: null,
    to: '2017-09-30',
  },
  {
    kind: 'DECREE',
    cite: 'Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng',
    numbers: ['91/2017/NĐ-CP'],
    from: '2017-10-01',
    to: '2023-12-31',
  },
  {
    kind: 'DECREE',
    cite: 'Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng',
    numbers: ['98/2023/NĐ-CP'],
    from: '2024-01-01',
    to: '2025-06-30',
  },
  {
    kind: 'DECREE',
    cite: 'Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng',
    numbers: ['152/2025/NĐ-CP'],
    from: '2025-07-01',
    to: null,
  },
];

/** The document's day in Vietnam, YYYY-MM-DD: a document dated 1/1/2024 00:30 in Hà Nội is of 2024. */
export function dayOf(date: Date): string {
  return dayjs(date).tz('Asia/Ho_Chi_Minh').format('YYYY-MM-DD');
}

export function inForce(t: Pick<LegalText, 'from' | 'to'>, day: string): boolean {
  return (t.from === null || t.from <= day) && (t.to === null || day <= t.to);
}

/** The national texts in force on the date: the law, then the decree. */
export function nationalTextsOn(date: Date, texts: readonly LegalText[] = NATIONAL_TEXTS): LegalText[] {
  const day = dayOf(date);
  return (['LAW', 'DECREE'] as const).flatMap((k) => texts.filter((t) => t.kind === k && inForce(t, day)));
}

/** "152/2025/NĐ-CP", "06/2022/QH15", "12/2019/QĐ-UBND" — every number a text names. */
export function textNumbers(text: string): string[] {
  return [...text.matchAll(/\d+\/(\d{4})\/[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*/gu)].map((m) => m[0]);
}

const yearOfNumber = (n: string) => Number(n.split('/')[1]);

/**
 * The "Căn cứ" lines of a document dated `date`: the law and decree in force that day, then each of
 * the province's own texts (split on ";"), once each. A province text that names a national text is
 * left to the table (cited only when in force), and a text numbered after the document's year
 * cannot be cited by it.
 */
export function basisFor(date: Date, provinceTexts: string[], texts: readonly LegalText[] = NATIONAL_TEXTS): string[] {
  const national = nationalTextsOn(date, texts);
  const year = Number(dayOf(date).slice(0, 4));
  const known = new Set(texts.flatMap((t) => t.numbers));
  const seen = new Set<string>();
  const out = national.map((t) => `Căn cứ ${t.cite};`);
  for (const part of provinceTexts.flatMap((e) => e.split(';')).map((p) => p.trim().replace(/^căn cứ\s+/iu, '').replace(/[.;,]+$/, '').trim()).filter(Boolean)) {
    const numbers = textNumbers(part);
    if (numbers.some((n) => known.has(n))) continue;
    if (numbers.some((n) => yearOfNumber(n) > year)) continue;
    const key = numbers[0] ?? part.toLocaleLowerCase('vi-VN');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(`Căn cứ ${part};`);
  }
  return out;
}

/**
 * The order in which documents list awards: flags (the Government's, then the province's), then
 * Bằng khen, then the collective titles — the order of the law, not of the codes.
 */
export const AWARD_LEGAL_ORDER: readonly AwardKind[] = ['CO_CHINH_PHU', 'CO_TINH', 'BANG_KHEN_TINH', 'TTLDXS', 'TTLDTT'];

/** Sort key of an award kind; unknown kinds (imported "OTHER"…) go last, in a stable order. */
export function awardRank(kind: string): number {
  const i = AWARD_LEGAL_ORDER.indexOf(kind as AwardKind);
  return i === -1 ? AWARD_LEGAL_ORDER.length : i;
}

export const byAwardOrder = <T extends { awardKind: string }>(a: T, b: T): number => awardRank(a.awardKind) - awardRank(b.awardKind);
