// Ranking and classification: pure functions used by every page and export.
// Ties follow a documented, configurable order (default from DOMAIN.md): higher final score →
// higher reviewed score in the core-tasks group → fewer deduction points → more bonus points →
// still tied: the same rank, to be settled by a vote. Never database order.
import type { Band } from './enums';

export type RankInput = { agencyId: number; totalCenti: number; coreGroupCenti: number; deductionCenti: number; bonusCenti: number };
export type Ranked<T extends RankInput> = T & { rank: number; tiedWith: number[] };

export const TIE_KEYS = ['FINAL', 'CORE_GROUP', 'FEWER_DEDUCTIONS', 'MORE_BONUS'] as const;
export type TieKey = (typeof TIE_KEYS)[number];
export const DEFAULT_TIE_ORDER: TieKey[] = ['FINAL', 'CORE_GROUP', 'FEWER_DEDUCTIONS', 'MORE_BONUS'];

/** "FINAL,CORE_GROUP,FEWER_DEDUCTIONS,MORE_BONUS,VOTE" (the province setting) → the comparable keys. */
export function parseTieOrder(setting: string): TieKey[] {
  const keys = setting.split(',').map((s) => s.trim()).filter((s): s is TieKey => (TIE_KEYS as readonly string[]).includes(s));
  return keys.length ? keys : DEFAULT_TIE_ORDER;
}

function compare(a: RankInput, b: RankInput, order: readonly TieKey[]): number {
  for (const k of order) {
    const d =
      k === 'FINAL' ? b.totalCenti - a.totalCenti
      : k === 'CORE_GROUP' ? b.coreGroupCenti - a.coreGroupCenti
      : k === 'FEWER_DEDUCTIONS' ? a.deductionCenti - b.deductionCenti
      : b.bonusCenti - a.bonusCenti;
    if (d !== 0) return d;
  }
  return 0;
}

/** Ranks 1..n; units equal on every key share a rank (1, 2, 2, 4) and list each other in tiedWith. */
export function rankUnits<T extends RankInput>(rows: readonly T[], order: readonly TieKey[] = DEFAULT_TIE_ORDER): Ranked<T>[] {
  // agencyId only makes the output order stable for display; it never decides a rank.
  const sorted = [...rows].sort((a, b) => compare(a, b, order) || a.agencyId - b.agencyId);
  const out: Ranked<T>[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const prev = out[i - 1];
    const rank = prev && compare(prev, sorted[i], order) === 0 ? prev.rank : i + 1;
    out.push({ ...sorted[i], rank, tiedWith: [] });
  }
  for (const r of out) r.tiedWith = out.filter((o) => o.rank === r.rank && o.agencyId !== r.agencyId).map((o) => o.agencyId);
  return out;
}

export type Bands = { excellentCenti: number; goodCenti: number; fairCenti: number };
export const DEFAULT_BANDS: Bands = { excellentCenti: 9000, goodCenti: 8000, fairCenti: 6500 };

/** xuất sắc ≥ 90, tốt ≥ 80, khá ≥ 65, else trung bình (defaults; per province and year). */
export function bandOf(totalCenti: number, b: Bands = DEFAULT_BANDS): Band {
  if (totalCenti >= b.excellentCenti) return 'XUAT_SAC';
  if (totalCenti >= b.goodCenti) return 'TOT';
  if (totalCenti >= b.fairCenti) return 'KHA';
  return 'TRUNG_BINH';
}
