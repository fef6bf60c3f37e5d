// Shares of a total for the statistics pages and their Excel copies. Everything is integer
// arithmetic on hundredths of a percent (6368 = 63,68%), rounded half-up from the exact fraction,
// so a share never depends on floating-point error and the page, the workbook and a recount agree.
import { formatPercent } from '../i18n/format';

/** Hundredths of a percent in 100%. */
export const WHOLE = 10_000;

/**
 * count/total as hundredths of a percent, rounded half-up: round(count·10000/total) computed as
 * floor((2·count·10000 + total) / (2·total)), exact for every count and total a register can hold.
 * A total of 0 gives 0 (there is no share of nothing).
 */
export function shareOf(count: number, total: number): number {
  if (!Number.isInteger(count) || !Number.isInteger(total) || count < 0 || total < 0) throw new RangeError(`shareOf: counts are whole numbers ≥ 0 (${count}/${total})`);
  if (total === 0) return 0;
  const numerator = 2 * count * WHOLE + total;
  if (!Number.isSafeInteger(numerator)) {
    // beyond 2^53 (never for a register, but exact anyway)
    return Number((2n * BigInt(count) * BigInt(WHOLE) + BigInt(total)) / (2n * BigInt(total)));
  }
  return Math.floor(numerator / (2 * total));
}

/** Each count's share of `total` (hundredths of a percent), each rounded on its own. */
export function percentages(counts: readonly number[], total: number): number[] {
  return counts.map((c) => shareOf(c, total));
}

/** "63,68%" from hundredths of a percent. */
export function shareText(hundredths: number): string {
  return formatPercent(hundredths / WHOLE);
}

/** The value of a percentage cell in Excel (a fraction: 0.6368 shown as 63,68% with numFmt '0.00%'). */
export function shareFraction(hundredths: number): number {
  return hundredths / WHOLE;
}

/** One line of a table of counts: its label, count and share of the table's total. */
export type ShareLine = { key: string; label: string; count: number; share: number };

/** Lines (label and count) with their shares of their own sum, and the total line's count and share (100,00% unless empty). */
export function shareTable(lines: readonly { key: string; label: string; count: number }[]): { lines: ShareLine[]; total: number; totalShare: number } {
  const total = lines.reduce((s, l) => s + l.count, 0);
  const shares = percentages(
    lines.map((l) => l.count),
    total,
  );
  return { lines: lines.map((l, i) => ({ ...l, share: shares[i] })), total, totalShare: total ? WHOLE : 0 };
}
