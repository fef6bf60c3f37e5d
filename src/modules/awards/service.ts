// Award proposals (đề nghị khen thưởng) of the year-end conference: the province's rules, every
// unit's eligibility with its reasons, proposals within quotas (checked on the server inside the
// transaction), sending them to the board and the board's decision.
import { Prisma, type Db, type Tx } from '../../db/client';
import { AWARD_KINDS, AWARD_LABELS, type AwardKind, type Band } from '../../domain/enums';
import {
  DEFAULT_AWARD_RULES,
  ineligibilityReasons,
  isAfterDue,
  proposalError,
  quotaFor,
  quotaText,
  type AwardRuleInput,
  type GeneralRules,
  type QuotaMode,
  type Rounding,
  type UnitFacts,
} from '../../domain/awards';
import { quorumNeeded } from '../../domain/ballots';
import { consequencesOf, consequenceText, type Consequence, type Hypothesis } from '../../domain/consequences';
import { canRegister } from '../../domain/phases';
import { ConflictError, NotFoundError } from '../../http/errors';
import { audit, type Actor } from '../audit';
import { requirePhase, type YearContext } from '../years/context';
import { lockYearIn, YEAR_CONFLICT } from '../years/lock';
import { syncRegister } from '../province-view/register';
import { ISSUING, issueProposalDossier, reserveNumber } from '../documents/issue';
import { raw } from '../../db/raw';

/** Proposals that count towards a quota: everything not withdrawn or rejected. */
export const LIVE_PROPOSAL = ['DRAFT', 'SENT', 'APPROVED'];

export type VoteRules = { quorumNumerator: number; quorumDenominator: number; thresholdPercent: number; method: 'SECRET' | 'OPEN' };

/** The province's rules of the year (one query each), falling back to DOMAIN.md defaults. */
export async function loadRules(db: Db | Tx, provinceId: number, year: number): Promise<Rules> {
  const [rows, set] = await Promise.all([
    db.awardRule.findMany({ where: { provinceId, year } }),
    db.provinceRuleSet.findUnique({ where: { provinceId_year: { provinceId, year } } }),
  ]);
  return rulesOf(rows, set);
}

type Rules = { awards: Record<AwardKind, AwardRuleInput>; general: GeneralRules; vote: VoteRules; basis: string };

/** The rules of several province-years at once (the home page): two queries whatever their number. */
export async function loadRulesFor(db: Db | Tx, pairs: { provinceId: number; year: number }[]): Promise<(provinceId: number, year: number) => Rules> {
  const [rows, sets] = pairs.length
    ? await Promise.all([db.awardRule.findMany({ where: { OR: pairs } }), db.provinceRuleSet.findMany({ where: { OR: pairs } })])
    : [[], []];
  return (provinceId, year) =>
    rulesOf(
      rows.filter((r) => r.provinceId === provinceId && r.year === year),
      sets.find((x) => x.provinceId === provinceId && x.year === year) ?? null,
    );
}

function rulesOf(
  rows: Awaited<ReturnType<Db['awardRule']['findMany']>>,
  set: Awaited<ReturnType<Db['provinceRuleSet']['findUnique']>>,
): Rules {
  const awards = { ...DEFAULT_AWARD_RULES };
  for (const r of rows) {
    if (!(AWARD_KINDS as readonly string[]).includes(r.awardKind)) continue;
    awards[r.awardKind as AwardKind] = {
      awardKind: r.awardKind as AwardKind,
      quotaMode: r.quotaMode as QuotaMode,
      quotaValue: r.quotaValue,
      quotaRounding: r.quotaRounding as Rounding,
      quotaMin: r.quotaMin,
      minBand: r.minBand as Band | '',
      maxRank: r.maxRank,
      requiresAward: r.requiresAward as AwardKind | '',
      requireAim: r.requireAim,
      needsBallot: r.needsBallot,
      minLdttPercent: r.minLdttPercent,
      minCstdcs: r.minCstdcs,
      legalBasis: r.legalBasis,
    };
  }
  return {
    awards,
    basis: set?.legalBasis ?? '',
    general: { requireRegistration: set?.requireRegistration ?? true, requirePledge: set?.requirePledge ?? true },
    vote: {
      quorumNumerator: set?.quorumNumerator ?? 2,
      quorumDenominator: set?.quorumDenominator ?? 3,
      thresholdPercent: set?.electThresholdPercent ?? 50,
      method: set?.voteMethod === 'OPEN' ? 'OPEN' : 'SECRET',
    },
  };
}

export function quorumOf(vote: VoteRules, membersTotal: number): number {
  return quorumNeeded(membersTotal, vote.quorumNumerator, vote.quorumDenominator);
}

/** What a registration aimed at: its award aims and its collective title (aiming at xuất sắc covers tiên tiến). */
function aimsOf(reg: { awardAims: string; collectiveTitle: string }): string[] {
  const titles = reg.collectiveTitle === 'TTLDXS' ? ['TTLDXS', 'TTLDTT'] : reg.collectiveTitle ? [reg.collectiveTitle] : [];
  return [...reg.awardAims.split(',').filter(Boolean), ...titles];
}

/** The frozen year-end review (tổng kết) with its ranking, or null. */
export async function yearEndReview(db: Db | Tx, blocYearId: number) {
  return db.review.findUnique({
    where: { blocYearId_kind: { blocYearId, kind: 'YEAR_END' } },
    include: { results: { orderBy: [{ rank: 'asc' }, { agencyId: 'asc' }] } },
  });
}

/** Lineage after which a unit no longer exists: it is not considered for any award. */
const GONE_BY = ['DISSOLVE', 'MERGE'];

/**
 * What is known of every member at the conference, in a fixed number of queries. Conditions are
 * judged on the conference date (the year-end review), so a unit merged years later does not
 * lose an award it could have been proposed for then.
 */
export type MemberFacts = UnitFacts & { electedFor: string[] };

export async function unitFacts(db: Db | Tx, y: YearContext): Promise<{ facts: MemberFacts[]; checkDate: Date; frozen: boolean }> {
  const ids = y.members.map((m) => m.agencyId);
  const review = await yearEndReview(db, y.blocYear.id);
  const checkDate = review?.heldAt ?? new Date();
  const [regs, pledge, sheets, flags, lineage, elected, proposals] = await Promise.all([
    db.registration.findMany({ where: { blocYearId: y.blocYear.id }, select: { agencyId: true, status: true, submittedAt: true, awardAims: true, collectiveTitle: true, staffCount: true, countLdtt: true, countCstdcs: true } }),
    db.pledge.findUnique({ where: { blocYearId: y.blocYear.id }, select: { publishedAt: true, signatures: { select: { agencyId: true } } } }),
    db.scoreSheet.findMany({ where: { blocYearId: y.blocYear.id, period: 'YEAR_END' }, select: { agencyId: true, tasksCompleted: true } }),
    db.agencyFlag.findMany({ where: { agencyId: { in: ids }, fromDate: { lte: checkDate }, OR: [{ toDate: null }, { toDate: { gte: checkDate } }] }, select: { agencyId: true, kind: true } }),
    db.agencyLineage.findMany({ where: { predecessorId: { in: ids }, kind: { in: GONE_BY }, date: { lte: checkDate } }, select: { predecessorId: true } }),
    db.ballotCandidate.findMany({ where: { elected: true, ballot: { blocYearId: y.blocYear.id, purpose: 'AWARD', status: 'CLOSED' } }, select: { agencyId: true, ballot: { select: { awardKind: true } } } }),
    db.awardProposal.findMany({ where: { blocYearId: y.blocYear.id, status: { in: LIVE_PROPOSAL } }, select: { agencyId: true, awardKind: true } }),
  ]);
  const facts = factsOf(y, {
    results: new Map((review?.frozenAt ? review.results : []).map((r) => [r.agencyId, r])),
    regs,
    pledge,
    sheets,
    flags,
    gone: new Set(lineage.map((l) => l.predecessorId)),
    elected: elected.map((e) => ({ agencyId: e.agencyId, awardKind: e.ballot.awardKind })),
    proposals,
  });
  return { facts, checkDate, frozen: Boolean(review?.frozenAt) };
}

type RegistrationFacts = { agencyId: number; status: string; submittedAt: Date | null; awardAims: string; collectiveTitle: string; staffCount: number; countLdtt: number; countCstdcs: number };
type PledgeFacts = { publishedAt: Date | null; signatures: { agencyId: number }[] } | null;

/** The rows the members' facts are made of, as of the check date, however they were loaded. */
type FactRows = {
  /** the frozen year-end ranking; empty before the freeze */
  results: Map<number, { rank: number; band: string }>;
  regs: RegistrationFacts[];
  pledge: PledgeFacts;
  sheets: { agencyId: number; tasksCompleted: boolean }[];
  /** flags open on the check date */
  flags: { agencyId: number; kind: string }[];
  /** units dissolved or merged away by the check date */
  gone: Set<number>;
  /** units elected by a closed award ballot, with the ballot's award */
  elected: { agencyId: number; awardKind: string }[];
  /** the live proposals of the year */
  proposals: { agencyId: number | null; awardKind: string }[];
};

function factsOf(y: YearContext, rows: FactRows): MemberFacts[] {
  const { results, regs, pledge, sheets, flags, gone, elected, proposals } = rows;
  return y.members.map((m): MemberFacts => {
    const reg = regs.find((r) => r.agencyId === m.agencyId);
    const res = results.get(m.agencyId);
    return {
      agencyId: m.agencyId,
      name: m.name,
      rank: res?.rank ?? null,
      band: (res?.band as Band | undefined) ?? null,
      registration: reg
        ? { status: reg.status, submittedAt: reg.submittedAt, aims: aimsOf(reg), staffCount: reg.staffCount, countLdtt: reg.countLdtt, countCstdcs: reg.countCstdcs }
        : null,
      registrationDue: y.blocYear.registrationDue,
      signedPledge: pledge?.publishedAt ? pledge.signatures.some((s) => s.agencyId === m.agencyId) : null,
      tasksCompleted: sheets.find((s) => s.agencyId === m.agencyId)?.tasksCompleted ?? true,
      openFlags: flags.filter((f) => f.agencyId === m.agencyId).map((f) => f.kind),
      dissolved: gone.has(m.agencyId),
      elected: false,
      electedFor: elected.filter((e) => e.agencyId === m.agencyId).map((e) => e.awardKind),
      proposedFor: proposals.filter((p) => p.agencyId === m.agencyId).map((p) => p.awardKind),
    };
  });
}

/** The facts of one unit for one award (elected by that award's ballot). */
export function factsFor(all: MemberFacts[], agencyId: number, kind: AwardKind): UnitFacts | null {
  const u = all.find((f) => f.agencyId === agencyId);
  return u ? { ...u, elected: u.electedFor.includes(kind) } : null;
}

/**
 * Who may read a unit's flags (discipline, inspection, investigation, complaint): those who oversee
 * the year and the unit itself, as on the agency page.
 */
export function seesFlagsOf(y: YearContext, agencyId: number): boolean {
  return y.oversees || y.p.agencyIds.includes(agencyId);
}

/**
 * The reasons shown to this reader. Another unit's flags become one neutral line, and only when
 * nothing else already makes the unit ineligible, so a flag is never named nor singled out.
 */
export function visibleReasons(y: YearContext, rule: AwardRuleInput, u: UnitFacts, general: GeneralRules): string[] {
  if (seesFlagsOf(y, u.agencyId) || !u.openFlags.length) return ineligibilityReasons(rule, u, general);
  const reasons = ineligibilityReasons(rule, { ...u, openFlags: [] }, general);
  return reasons.length ? reasons : ['Không đủ điều kiện khen thưởng theo quy định.'];
}

export type UnitConsequence = { kind: Hypothesis['kind']; text: string; awards: AwardKind[] };

/**
 * What each member stands to lose, from what is known before the conference: a registration sent
 * (or still to be sent) after its deadline, a published pledge not signed, a flag open today; and
 * what sending the score sheet late would do. Flags only for the unit itself and those who oversee
 * the year. Five queries whatever the bloc's size.
 */
export async function consequencesFor(db: Db, y: YearContext, now = new Date()): Promise<{ byUnit: Map<number, UnitConsequence[]>; lateSheet: UnitConsequence | null }> {
  const ids = y.members.map((m) => m.agencyId);
  const blocYearId = y.blocYear.id;
  const [rules, rows, flags] = await Promise.all([
    loadRules(db, y.provinceId, y.blocYear.year),
    // one row per member: its registration, the pledge's publication and whether it signed
    ids.length
      ? db.$queryRaw<{ agencyId: unknown; regStatus: string | null; submittedAt: unknown; pledgedOn: unknown; signed: unknown }[]>`
          SELECT a."id" AS "agencyId", r."status" AS "regStatus", r."submittedAt" AS "submittedAt",
                 (SELECT p."publishedAt" FROM "Pledge" p WHERE p."blocYearId" = ${blocYearId}) AS "pledgedOn",
                 EXISTS (SELECT 1 FROM "PledgeSignature" ps JOIN "Pledge" p ON p."id" = ps."pledgeId" WHERE p."blocYearId" = ${blocYearId} AND ps."agencyId" = a."id") AS "signed"
          FROM "Agency" a
          LEFT JOIN "Registration" r ON r."blocYearId" = ${blocYearId} AND r."agencyId" = a."id"
          WHERE a."id" IN (${Prisma.join(ids)})`
      : Promise.resolve([]),
    db.agencyFlag.findMany({ where: { agencyId: { in: ids }, fromDate: { lte: now }, OR: [{ toDate: null }, { toDate: { gte: now } }] }, select: { agencyId: true, kind: true } }),
  ]);
  const regs = rows
    .filter((r) => r.regStatus !== null)
    .map((r) => ({ agencyId: raw.int(r.agencyId), status: r.regStatus as string, submittedAt: raw.dateOrNull(r.submittedAt) }));
  const publishedAt = raw.dateOrNull(rows[0]?.pledgedOn ?? null);
  const pledge: PledgeFacts = publishedAt ? { publishedAt, signatures: rows.filter((r) => raw.bool(r.signed)).map((r) => ({ agencyId: raw.int(r.agencyId) })) } : null;
  return consequencesOfYear(y, rules, { regs, pledge, flags }, now);
}

/** The consequences, from the registrations, the pledge and the flags open `now`. */
function consequencesOfYear(
  y: YearContext,
  rules: Rules,
  known: { regs: Pick<RegistrationFacts, 'agencyId' | 'status' | 'submittedAt'>[]; pledge: PledgeFacts; flags: { agencyId: number; kind: string }[] },
  now: Date,
): { byUnit: Map<number, UnitConsequence[]>; lateSheet: UnitConsequence | null } {
  const { regs, pledge, flags } = known;
  const item = (c: Consequence, sent = false): UnitConsequence => ({ kind: c.hypothesis.kind, text: consequenceText(c, { sent }), awards: c.awards });
  const due = y.blocYear.registrationDue;
  const lateReg = due ? consequencesOf(rules, { kind: 'LATE_REGISTRATION', due }) : null;
  const unsigned = consequencesOf(rules, { kind: 'UNSIGNED_PLEDGE' });
  const byUnit = new Map<number, UnitConsequence[]>();
  for (const m of y.members) {
    const list: UnitConsequence[] = [];
    const reg = regs.find((r) => r.agencyId === m.agencyId);
    if (lateReg?.awards.length) {
      const sent = reg?.status === 'SUBMITTED' || reg?.status === 'ACCEPTED';
      if (sent && reg?.submittedAt && isAfterDue(reg.submittedAt, due)) list.push(item(lateReg, true));
      else if (!sent && canRegister(y.state) && isAfterDue(now, due)) list.push(item(lateReg));
    }
    if (pledge?.publishedAt && !pledge.signatures.some((s) => s.agencyId === m.agencyId) && unsigned.awards.length) list.push(item(unsigned));
    if (seesFlagsOf(y, m.agencyId)) {
      for (const f of flags.filter((x) => x.agencyId === m.agencyId)) {
        const c = consequencesOf(rules, { kind: 'FLAG', flag: f.kind });
        if (c.awards.length) list.push(item(c));
      }
    }
    byUnit.set(m.agencyId, list);
  }
  const sheetDue = y.blocYear.selfScoreDue;
  const lateSheet = sheetDue && isAfterDue(now, sheetDue) ? item(consequencesOf(rules, { kind: 'LATE_SHEET', due: sheetDue })) : null;
  return { byUnit, lateSheet };
}

/** One member's row of the awards page's query (SQLite and PostgreSQL spell types differently). */
type RawMember = {
  agencyId: unknown;
  regId: unknown;
  regStatus: string | null;
  submittedAt: Date | string | null;
  awardAims: string | null;
  collectiveTitle: string | null;
  staffCount: unknown;
  countLdtt: unknown;
  countCstdcs: unknown;
  tasksCompleted: unknown;
  pledgedOn: Date | string | null;
  signed: unknown;
  goneOn: Date | string | null;
  rank: unknown;
  band: string | null;
};

const openOn = (f: { fromDate: Date; toDate: Date | null }, d: Date) => f.fromDate <= d && (f.toDate === null || f.toDate >= d);

/**
 * What the awards page needs to know of the members, in five queries whatever the bloc's size: the
 * year-end review, then one row per member (registration, year-end sheet, pledge signature, the
 * day it was dissolved or merged, its year-end rank), the flags open at the conference or today,
 * the units elected by the closed award ballots and the year's proposals. The same facts as
 * unitFacts and consequencesFor, which write paths and other pages use.
 */
async function awardsPageFacts(db: Db, y: YearContext, now: Date) {
  const blocYearId = y.blocYear.id;
  const ids = y.members.map((m) => m.agencyId);
  const review = await db.review.findUnique({ where: { blocYearId_kind: { blocYearId, kind: 'YEAR_END' } }, select: { heldAt: true, frozenAt: true } });
  const checkDate = review?.heldAt ?? now;
  const [earliest, latest] = checkDate < now ? [checkDate, now] : [now, checkDate];
  const [members, flagRows, elected, proposals] = await Promise.all([
    // "goneOn": MIN of the dates is the earliest on SQLite's text too, all written by Prisma in one format
    ids.length
      ? db.$queryRaw<RawMember[]>`
          SELECT a."id" AS "agencyId",
                 r."id" AS "regId", r."status" AS "regStatus", r."submittedAt" AS "submittedAt", r."awardAims" AS "awardAims",
                 r."collectiveTitle" AS "collectiveTitle", r."staffCount" AS "staffCount", r."countLdtt" AS "countLdtt", r."countCstdcs" AS "countCstdcs",
                 s."tasksCompleted" AS "tasksCompleted",
                 (SELECT p."publishedAt" FROM "Pledge" p WHERE p."blocYearId" = ${blocYearId}) AS "pledgedOn",
                 EXISTS (SELECT 1 FROM "PledgeSignature" ps JOIN "Pledge" p ON p."id" = ps."pledgeId" WHERE p."blocYearId" = ${blocYearId} AND ps."agencyId" = a."id") AS "signed",
                 (SELECT MIN(l."date") FROM "AgencyLineage" l WHERE l."predecessorId" = a."id" AND l."kind" IN (${Prisma.join(GONE_BY)})) AS "goneOn",
                 rr."rank" AS "rank", rr."band" AS "band"
          FROM "Agency" a
          LEFT JOIN "Registration" r ON r."blocYearId" = ${blocYearId} AND r."agencyId" = a."id"
          LEFT JOIN "ScoreSheet" s ON s."blocYearId" = ${blocYearId} AND s."agencyId" = a."id" AND s."period" = ${'YEAR_END'}
          LEFT JOIN "Review" v ON v."blocYearId" = ${blocYearId} AND v."kind" = ${'YEAR_END'}
          LEFT JOIN "ReviewResult" rr ON rr."reviewId" = v."id" AND rr."agencyId" = a."id"
          WHERE a."id" IN (${Prisma.join(ids)})`
      : Promise.resolve([]),
    // open at the conference or today: both are read from the same rows
    db.agencyFlag.findMany({
      where: { agencyId: { in: ids }, fromDate: { lte: latest }, OR: [{ toDate: null }, { toDate: { gte: earliest } }] },
      orderBy: { id: 'asc' },
      select: { agencyId: true, kind: true, fromDate: true, toDate: true },
    }),
    db.$queryRaw<{ agencyId: unknown; awardKind: string }[]>`
      SELECT c."agencyId" AS "agencyId", b."awardKind" AS "awardKind"
      FROM "BallotCandidate" c JOIN "Ballot" b ON b."id" = c."ballotId"
      WHERE c."elected" = ${true} AND b."blocYearId" = ${blocYearId} AND b."purpose" = ${'AWARD'} AND b."status" = ${'CLOSED'}`,
    db.awardProposal.findMany({ where: { blocYearId }, orderBy: [{ awardKind: 'asc' }, { id: 'asc' }] }),
  ]);
  const rows = members.map((r) => ({ ...r, agencyId: Number(r.agencyId) }));
  const regs: RegistrationFacts[] = rows
    .filter((r) => r.regId !== null)
    .map((r) => ({
      agencyId: r.agencyId,
      status: r.regStatus ?? '',
      submittedAt: raw.dateOrNull(r.submittedAt),
      awardAims: r.awardAims ?? '',
      collectiveTitle: r.collectiveTitle ?? '',
      staffCount: Number(r.staffCount),
      countLdtt: Number(r.countLdtt),
      countCstdcs: Number(r.countCstdcs),
    }));
  const publishedAt = raw.dateOrNull(rows[0]?.pledgedOn ?? null);
  const pledge: PledgeFacts = publishedAt ? { publishedAt, signatures: rows.filter((r) => raw.bool(r.signed)).map((r) => ({ agencyId: r.agencyId })) } : null;
  const facts = factsOf(y, {
    results: new Map(review?.frozenAt ? rows.filter((r) => r.rank !== null).map((r) => [r.agencyId, { rank: Number(r.rank), band: r.band ?? '' }]) : []),
    regs,
    pledge,
    sheets: rows.filter((r) => r.tasksCompleted !== null).map((r) => ({ agencyId: r.agencyId, tasksCompleted: raw.bool(r.tasksCompleted) })),
    flags: flagRows.filter((f) => openOn(f, checkDate)),
    gone: new Set(rows.filter((r) => (raw.dateOrNull(r.goneOn)?.getTime() ?? Infinity) <= checkDate.getTime()).map((r) => r.agencyId)),
    elected: elected.map((e) => ({ agencyId: Number(e.agencyId), awardKind: e.awardKind })),
    proposals: proposals.filter((p) => LIVE_PROPOSAL.includes(p.status)),
  });
  return { facts, checkDate, frozen: Boolean(review?.frozenAt), proposals, known: { regs, pledge, flags: flagRows.filter((f) => openOn(f, now)) } };
}

/** The awards page: per award its quota and every unit's eligibility; the proposals with decisions. Eight queries. */
export async function awardsPage(db: Db, y: YearContext) {
  const now = new Date();
  const [rules, corrections, { facts, checkDate, frozen, proposals, known }] = await Promise.all([
    loadRules(db, y.provinceId, y.blocYear.year),
    decisionCorrections(db, y.blocYear.id),
    awardsPageFacts(db, y, now),
  ]);
  const { byUnit } = consequencesOfYear(y, rules, known, now);
  const n = y.members.length;
  const awards = AWARD_KINDS.map((kind) => {
    const rule = rules.awards[kind];
    const live = proposals.filter((p) => p.awardKind === kind && LIVE_PROPOSAL.includes(p.status));
    return {
      kind,
      label: AWARD_LABELS[kind],
      rule,
      quota: quotaFor(rule, n),
      quotaText: quotaText(rule, n),
      proposed: live.length,
      units: [...facts].sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER)).map((f) => {
        const u = factsFor(facts, f.agencyId, kind)!;
        return { agencyId: f.agencyId, name: f.name, rank: f.rank, band: f.band, reasons: visibleReasons(y, rule, u, rules.general), proposed: live.some((p) => p.agencyId === f.agencyId) };
      }),
    };
  });
  const nameOf = (id: number | null) => y.members.find((m) => m.agencyId === id)?.name ?? '';
  return {
    awards,
    frozen,
    checkDate,
    proposals: proposals.map((p) => ({ ...p, name: p.agencyId ? nameOf(p.agencyId) : p.personName, correction: corrections.get(p.id) ?? null })),
    general: rules.general,
    vote: rules.vote,
    // before the conference: what each unit has already lost, and why
    consequences: y.members.map((m) => ({ agencyId: m.agencyId, name: m.name, items: byUnit.get(m.agencyId) ?? [] })).filter((u) => u.items.length),
  };
}

/** Only one conference write at a time per year: bumps the year's version or reports a conflict. */
export async function lockYear(tx: Tx, y: YearContext): Promise<void> {
  await lockYearIn(tx, y, [y.blocYear.phase], YEAR_CONFLICT, { bumpVersion: true });
}

export const CONFERENCE_ONLY = 'Chỉ thực hiện khi năm thi đua đang ở giai đoạn tổng kết năm.';

export function requireConference(y: YearContext, frozen: boolean): void {
  requirePhase(y.state.phase === 'YEAR_END_REVIEW', CONFERENCE_ONLY);
  requirePhase(frozen, 'Cần chốt kết quả tổng kết (xếp hạng cả năm) trước.');
}

/** The head proposes one unit for one award: quota and conditions checked inside the transaction. */
export async function propose(db: Db, y: YearContext, actor: Actor, input: { awardKind: AwardKind; agencyId: number; achievements: string }): Promise<string> {
  y.authorize('proposal.send');
  if (!y.members.some((m) => m.agencyId === input.agencyId)) throw new NotFoundError('Đơn vị không phải thành viên của khối trong năm này.');
  return db.$transaction(async (tx) => {
    await lockYear(tx, y);
    const [rules, { facts, frozen }] = await Promise.all([loadRules(tx, y.provinceId, y.blocYear.year), unitFacts(tx, y)]);
    requireConference(y, frozen);
    const rule = rules.awards[input.awardKind];
    const u = factsFor(facts, input.agencyId, input.awardKind)!;
    if (u.proposedFor.includes(input.awardKind)) throw new ConflictError(`${u.name} đã có trong danh sách đề nghị ${AWARD_LABELS[input.awardKind]}.`);
    const already = facts.reduce((s, f) => s + f.proposedFor.filter((k) => k === input.awardKind).length, 0);
    const err = proposalError(rule, u, rules.general, y.members.length, already);
    if (err) throw new ConflictError(err);
    const ballot = rule.needsBallot
      ? await tx.ballotCandidate.findFirst({
          where: { agencyId: input.agencyId, elected: true, ballot: { blocYearId: y.blocYear.id, purpose: 'AWARD', awardKind: input.awardKind, status: 'CLOSED' } },
          orderBy: { id: 'desc' },
          select: { ballotId: true },
        })
      : null;
    const data = { status: 'DRAFT', achievements: input.achievements, ballotId: ballot?.ballotId ?? null, sentAt: null, sentById: null };
    const existing = await tx.awardProposal.findUnique({ where: { blocYearId_awardKind_agencyId: { blocYearId: y.blocYear.id, awardKind: input.awardKind, agencyId: input.agencyId } } });
    const row = existing
      ? await tx.awardProposal.update({ where: { id: existing.id }, data })
      : await tx.awardProposal.create({ data: { blocYearId: y.blocYear.id, awardKind: input.awardKind, agencyId: input.agencyId, ...data } });
    await audit(tx, actor, 'proposal.create', 'AwardProposal', row.id, { blocYearId: y.blocYear.id, old: existing ? { status: existing.status } : undefined, new: { awardKind: input.awardKind, agencyId: input.agencyId } });
    return `Đã đưa ${u.name} vào danh sách đề nghị ${AWARD_LABELS[input.awardKind]}.`;
  });
}

/** The head takes a proposal back before the year is closed (a decided one cannot be withdrawn). */
export async function withdraw(db: Db, y: YearContext, actor: Actor, proposalId: number): Promise<string> {
  y.authorize('proposal.send');
  requirePhase(y.state.phase === 'YEAR_END_REVIEW', 'Chỉ rút đề nghị khi năm thi đua đang ở giai đoạn tổng kết năm.');
  return db.$transaction(async (tx) => {
    await lockYear(tx, y);
    const p = await proposalOfYear(tx, y, proposalId);
    if (!['DRAFT', 'SENT'].includes(p.status)) throw new ConflictError('Đề nghị đã có quyết định hoặc đã rút, không rút được nữa.');
    // A unit proposed for the Government flag needs its provincial flag proposal: withdraw both.
    const dependants = p.awardKind === 'CO_TINH' ? await tx.awardProposal.findMany({ where: { blocYearId: y.blocYear.id, agencyId: p.agencyId, awardKind: 'CO_CHINH_PHU', status: { in: ['DRAFT', 'SENT'] } } }) : [];
    const ids = [p.id, ...dependants.map((d) => d.id)];
    await tx.awardProposal.updateMany({ where: { id: { in: ids } }, data: { status: 'WITHDRAWN' } });
    await audit(tx, actor, 'proposal.withdraw', 'AwardProposal', p.id, { blocYearId: y.blocYear.id, old: { status: p.status }, new: { status: 'WITHDRAWN', also: dependants.map((d) => d.id) } });
    return dependants.length ? 'Đã rút đề nghị (kèm đề nghị Cờ thi đua của Chính phủ của đơn vị này).' : 'Đã rút đề nghị.';
  });
}

/** The unit (or the head) writes the achievement report of a proposal before it is sent. */
export async function saveAchievements(db: Db, y: YearContext, actor: Actor, proposalId: number, text: string): Promise<string> {
  const p = await db.awardProposal.findFirst({ where: { id: proposalId, blocYearId: y.blocYear.id }, select: { id: true, agencyId: true, status: true, achievements: true } });
  if (!p?.agencyId) throw new NotFoundError('Không tìm thấy đề nghị khen thưởng.');
  y.authorize('proposal.report', p.agencyId);
  const phaseMessage = 'Chỉ sửa báo cáo thành tích khi năm thi đua đang ở giai đoạn tổng kết năm.';
  requirePhase(y.state.phase === 'YEAR_END_REVIEW', phaseMessage);
  await db.$transaction(async (tx) => {
    await lockYearIn(tx, y, ['YEAR_END_REVIEW'], phaseMessage);
    const { count } = await tx.awardProposal.updateMany({ where: { id: p.id, status: 'DRAFT' }, data: { achievements: text } });
    if (count === 0) throw new ConflictError('Đề nghị đã được gửi hoặc đã rút: báo cáo thành tích không sửa được nữa.');
    await audit(tx, actor, 'proposal.report', 'AwardProposal', p.id, { blocYearId: y.blocYear.id, old: { achievements: p.achievements }, new: { achievements: text } });
  });
  return 'Đã lưu báo cáo thành tích.';
}

export { NUMBER_TAKEN } from '../documents/issue';

/**
 * A number of a register without a document (the documents themselves are issued by
 * src/modules/documents/issue.ts at their acts): "01/TTr-KTĐ", under the year's lock.
 */
export async function issueNumber(tx: Tx, blocYearId: number, kind: 'PROPOSAL_LETTER' | 'MINUTES' | 'TALLY', issuedById: number): Promise<string> {
  return reserveNumber(tx, blocYearId, kind, issuedById);
}

/** The head sends every draft proposal to the board with one proposal letter (tờ trình). */
export async function sendProposals(db: Db, y: YearContext, actor: Actor): Promise<string> {
  y.authorize('proposal.send');
  requirePhase(y.state.phase === 'YEAR_END_REVIEW', 'Chỉ gửi đề nghị khi năm thi đua đang ở giai đoạn tổng kết năm.');
  return db.$transaction(async (tx) => {
    await lockYear(tx, y);
    const drafts = await tx.awardProposal.findMany({ where: { blocYearId: y.blocYear.id, status: 'DRAFT' }, select: { id: true } });
    if (!drafts.length) throw new ConflictError('Không có đề nghị nào chờ gửi.');
    const now = new Date();
    await tx.awardProposal.updateMany({ where: { id: { in: drafts.map((d) => d.id) } }, data: { status: 'SENT', sentAt: now, sentById: actor.userId } });
    // the letter and each unit's achievement report are issued with the sending, as sent
    const { number } = await issueProposalDossier(tx, y, actor.userId, now, drafts.map((d) => d.id));
    await audit(tx, actor, 'proposal.send', 'BlocYear', y.blocYear.id, { blocYearId: y.blocYear.id, new: { proposals: drafts.map((d) => d.id), number } });
    return `Đã gửi ${drafts.length} đề nghị khen thưởng tới Ban Thi đua – Khen thưởng tỉnh (Tờ trình số ${number}).`;
  }, ISSUING);
}

/** A proposal of this bloc-year, or 404: an id of another bloc's proposal finds nothing. */
async function proposalOfYear(tx: Tx, y: YearContext, proposalId: number) {
  const p = await tx.awardProposal.findFirst({ where: { id: proposalId, blocYearId: y.blocYear.id } });
  if (!p) throw new NotFoundError('Không tìm thấy đề nghị khen thưởng.');
  return p;
}

/**
 * Runs `fn` in the caller's transaction when one is given (a bulk decision deciding several
 * proposals all-or-nothing), else in a transaction of its own.
 */
function inTransaction<T>(db: Db, outer: Tx | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return outer ? fn(outer) : db.$transaction(fn);
}

/**
 * The board records the Chairman's decision on a sent proposal (also after the year is closed); an
 * approval writes the award into the province's register. `outer`: the caller's transaction, for
 * several decisions in one.
 */
export async function decide(
  db: Db,
  y: YearContext,
  actor: Actor,
  proposalId: number,
  input: { decisionNumber: string; decisionDate: Date; outcome: 'APPROVED' | 'REJECTED'; note: string; signer?: string },
  outer?: Tx,
): Promise<string> {
  y.authorize('proposal.decide');
  return inTransaction(db, outer, async (tx) => {
    // no phase rule: the board decides during the conference and after closing alike
    await lockYearIn(tx, y);
    const p = await proposalOfYear(tx, y, proposalId);
    const { count } = await tx.awardProposal.updateMany({
      where: { id: p.id, status: 'SENT' },
      data: { status: input.outcome, decisionOutcome: input.outcome, decisionNumber: input.decisionNumber, decisionDate: input.decisionDate, decisionNote: input.note, decisionSigner: input.signer ?? '', decidedById: actor.userId },
    });
    if (count === 0) throw new ConflictError('Chỉ ghi quyết định cho đề nghị đã gửi và chưa có quyết định.');
    // an approval enters the province's award register in the same transaction
    await syncRegister(tx, [p.id]);
    await audit(tx, actor, 'proposal.decide', 'AwardProposal', p.id, { blocYearId: y.blocYear.id, old: { status: p.status }, new: { status: input.outcome, decisionNumber: input.decisionNumber, signer: input.signer ?? '' } });
    return input.outcome === 'APPROVED' ? `Đã ghi quyết định khen thưởng số ${input.decisionNumber}.` : `Đã ghi quyết định không khen thưởng (số ${input.decisionNumber}).`;
  });
}

export const DECISION_CORRECTED = 'proposal.decision.correct';
export const NOT_DECIDED = 'Đề nghị này chưa có quyết định: dùng "Ghi quyết định" thay vì đính chính.';

/**
 * The board corrects a decision recorded by mistake (outcome, number, date) with a reason. The old
 * and new values and the reason go to the audit log, which is also where the awards page reads
 * that a decision was corrected (the proposal has no field for it). The register follows the
 * correction. `outer`: the caller's transaction, as for decide.
 */
export async function correctDecision(
  db: Db,
  y: YearContext,
  actor: Actor,
  proposalId: number,
  input: { decisionNumber: string; decisionDate: Date; outcome: 'APPROVED' | 'REJECTED'; reason: string },
  outer?: Tx,
): Promise<string> {
  y.authorize('proposal.decide');
  return inTransaction(db, outer, async (tx) => {
    await lockYearIn(tx, y);
    const p = await proposalOfYear(tx, y, proposalId);
    if (!['APPROVED', 'REJECTED'].includes(p.status) || !p.decisionOutcome) throw new ConflictError(NOT_DECIDED);
    const before = { outcome: p.decisionOutcome, decisionNumber: p.decisionNumber, decisionDate: p.decisionDate };
    if (before.outcome === input.outcome && before.decisionNumber === input.decisionNumber && before.decisionDate?.getTime() === input.decisionDate.getTime()) {
      throw new ConflictError('Quyết định đính chính giống hệt quyết định đã ghi: không có gì thay đổi.');
    }
    // the status guard makes a concurrent correction of the same row lose cleanly (409), not overwrite
    const { count } = await tx.awardProposal.updateMany({
      where: { id: p.id, status: p.status, decisionNumber: p.decisionNumber },
      data: { status: input.outcome, decisionOutcome: input.outcome, decisionNumber: input.decisionNumber, decisionDate: input.decisionDate, decidedById: actor.userId },
    });
    if (count === 0) throw new ConflictError(YEAR_CONFLICT);
    // the register follows: a correction to REJECTED removes the award, a new number or date updates it
    await syncRegister(tx, [p.id]);
    await audit(tx, actor, DECISION_CORRECTED, 'AwardProposal', p.id, {
      blocYearId: y.blocYear.id,
      old: before,
      new: { outcome: input.outcome, decisionNumber: input.decisionNumber, decisionDate: input.decisionDate, reason: input.reason },
    });
    return `Đã đính chính quyết định của đề nghị (nay: ${input.outcome === 'APPROVED' ? 'được khen thưởng' : 'không được khen thưởng'}, số ${input.decisionNumber}).`;
  });
}

export type Correction = { at: Date; reason: string; old: { outcome: string; decisionNumber: string }; count: number };

/** The latest correction of each proposal of the year, from the audit log: one query. */
export async function decisionCorrections(db: Db | Tx, blocYearId: number): Promise<Map<number, Correction>> {
  const rows = await db.auditLog.findMany({ where: { blocYearId, action: DECISION_CORRECTED, entity: 'AwardProposal' }, orderBy: { id: 'asc' }, select: { at: true, entityId: true, oldValue: true, newValue: true } });
  const out = new Map<number, Correction>();
  for (const r of rows) {
    const id = Number(r.entityId);
    const read = (s: string): Record<string, unknown> => {
      try {
        return (JSON.parse(s) as Record<string, unknown>) ?? {};
      } catch {
        return {};
      }
    };
    const o = read(r.oldValue);
    const n = read(r.newValue);
    out.set(id, { at: r.at, reason: String(n.reason ?? ''), old: { outcome: String(o.outcome ?? ''), decisionNumber: String(o.decisionNumber ?? '') }, count: (out.get(id)?.count ?? 0) + 1 });
  }
  return out;
}
