// The province's rules of a year (ProvinceRuleSet and one AwardRule per award), edited by its
// board. A year's rules are frozen once any bloc of the province has frozen its year-end ranking
// or closed that year: eligibility and quotas already decided must not move under the bloc.
import type { Db } from '../../db/client';
import { AWARD_KINDS, AWARD_LABELS, type AwardKind } from '../../domain/enums';
import { quotaText } from '../../domain/awards';
import { parseTieOrder } from '../../domain/ranking';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors';
import { can } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { audit, type Actor } from '../audit';
import { loadRules } from '../awards/service';
import type { AwardInput, GeneralInput } from './schemas';

export async function provinceFor(db: Db, p: Principal, provinceId: number) {
  const province = await db.province.findUnique({ where: { id: provinceId }, select: { id: true, name: true } });
  if (!province) throw new NotFoundError('Không tìm thấy tỉnh.');
  if (!can(p, 'province.rules', { provinceId })) throw new ForbiddenError('Chỉ Ban Thi đua – Khen thưởng của tỉnh mới sửa được quy định của tỉnh.');
  return province;
}

/** Why the year's rules can no longer change, or null. */
export async function frozenReason(db: Db, provinceId: number, year: number): Promise<string | null> {
  const [closed, frozen] = await Promise.all([
    db.blocYear.count({ where: { year, phase: 'CLOSED', bloc: { provinceId } } }),
    db.review.count({ where: { kind: 'YEAR_END', frozenAt: { not: null }, blocYear: { year, bloc: { provinceId } } } }),
  ]);
  if (closed || frozen) return `Đã có ${Math.max(closed, frozen)} khối chốt kết quả tổng kết hoặc khóa sổ năm ${year}: quy định của năm này không sửa được nữa.`;
  return null;
}

export async function rulesPage(db: Db, provinceId: number, year: number) {
  const [rules, set, years, frozen] = await Promise.all([
    loadRules(db, provinceId, year),
    db.provinceRuleSet.findUnique({ where: { provinceId_year: { provinceId, year } } }),
    db.blocYear.findMany({ where: { bloc: { provinceId } }, distinct: ['year'], select: { year: true }, orderBy: { year: 'desc' } }),
    frozenReason(db, provinceId, year),
  ]);
  return {
    rules,
    set,
    tieOrder: parseTieOrder(set?.tieBreakOrder ?? ''),
    years: [...new Set([year, ...years.map((y) => y.year)])].sort((a, b) => b - a),
    frozen,
    awards: AWARD_KINDS.map((kind) => ({ kind, label: AWARD_LABELS[kind], rule: rules.awards[kind], example: quotaText(rules.awards[kind], 10) })),
  };
}

export async function saveGeneral(db: Db, provinceId: number, actor: Actor, input: GeneralInput): Promise<void> {
  const reason = await frozenReason(db, provinceId, input.year);
  if (reason) throw new ConflictError(reason);
  const data = {
    legalBasis: input.legalBasis,
    bandExcellentCenti: input.bandExcellent,
    bandGoodCenti: input.bandGood,
    bandFairCenti: input.bandFair,
    quorumNumerator: input.quorumNumerator,
    quorumDenominator: input.quorumDenominator,
    electThresholdPercent: input.electThresholdPercent,
    tieBreakOrder: [input.tie1, input.tie2, input.tie3, input.tie4, 'VOTE'].join(','),
    requireRegistration: input.requireRegistration,
    requirePledge: input.requirePledge,
    appealWindowDays: input.appealWindowDays,
  };
  await db.$transaction(async (tx) => {
    const old = await tx.provinceRuleSet.findUnique({ where: { provinceId_year: { provinceId, year: input.year } } });
    const row = await tx.provinceRuleSet.upsert({ where: { provinceId_year: { provinceId, year: input.year } }, create: { provinceId, year: input.year, ...data }, update: data });
    await audit(tx, actor, 'province.rules', 'ProvinceRuleSet', row.id, { old: old ?? undefined, new: data, provinceId });
  });
}

export async function saveAward(db: Db, provinceId: number, actor: Actor, kind: AwardKind, input: AwardInput): Promise<void> {
  const reason = await frozenReason(db, provinceId, input.year);
  if (reason) throw new ConflictError(reason);
  const { year, ...data } = input;
  await db.$transaction(async (tx) => {
    const where = { provinceId_year_awardKind: { provinceId, year, awardKind: kind } };
    const old = await tx.awardRule.findUnique({ where });
    const row = await tx.awardRule.upsert({ where, create: { provinceId, year, awardKind: kind, ...data }, update: data });
    await audit(tx, actor, 'province.awardRule', 'AwardRule', row.id, { old: old ?? undefined, new: { awardKind: kind, ...data }, provinceId });
  });
}
