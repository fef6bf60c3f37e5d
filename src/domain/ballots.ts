// Secret ballot (bỏ phiếu kín, suy tôn) and the head's handover by rotation. Pure rules, unit-tested.
// Defaults (DOMAIN.md): quorum 2/3 of member units present; elected with MORE than 50% of the
// member units' votes; more passing than seats → more votes first, then the ranking; a tie at the
// seat line goes to a second round among the tied.
import { formatPercent } from '../i18n/format';

/** Member units that must be present: ⌈total × num / den⌉. */
export function quorumNeeded(membersTotal: number, num: number, den: number): number {
  return Math.floor((membersTotal * num + den - 1) / den);
}

/** More than threshold% of the member units (not of those present). */
export function passesThreshold(votes: number, membersTotal: number, thresholdPercent: number): boolean {
  return votes * 100 > thresholdPercent * membersTotal;
}

/**
 * Why the head may not close a ballot yet, or null when it may. Counting fewer papers than the
 * quorum would publish what the few units that voted chose (one paper = one unit's choice), so a
 * ballot closes only once the returned papers reach the quorum, or every present unit has voted.
 */
export function closeRefusal(b: { returned: number; issued: number; quorumNeeded: number }): string | null {
  if (b.returned >= Math.max(1, b.quorumNeeded) || (b.issued > 0 && b.returned >= b.issued)) return null;
  return `Chưa thể kết thúc bỏ phiếu: mới thu về ${b.returned}/${b.issued} phiếu, cần ít nhất ${b.quorumNeeded} phiếu (số đơn vị tối thiểu theo quy định) hoặc tất cả đơn vị có mặt đã bỏ phiếu, để kết quả không để lộ lựa chọn của từng đơn vị.`;
}

export type Paper = { candidateIds: number[] };
export type TallyCandidateIn = { id: number; name: string; rank: number | null };

export type TallyInput = {
  membersTotal: number;
  /** papers issued = member units present */
  issued: number;
  quorumNeeded: number;
  seats: number;
  thresholdPercent: number;
  candidates: TallyCandidateIn[];
  papers: Paper[];
};

export type TallyCandidateOut = TallyCandidateIn & { votes: number; ratio: number; passed: boolean; elected: boolean; tiedAtLine: boolean };

export type TallyResult = {
  returned: number;
  valid: number;
  invalid: number;
  quorumMet: boolean;
  candidates: TallyCandidateOut[];
  elected: number[];
  /** tied at the seat line (same votes, same rank): a second round among them */
  tiedAtLine: number[];
  seatsLeft: number;
  /** the outcome in words, one line per fact (for the page and the tally record) */
  lines: string[];
};

/**
 * A paper is valid when it names only candidates of this ballot, each once, and no more than the
 * seats; an empty paper is a valid abstention.
 */
export function isValidPaper(p: Paper, candidateIds: ReadonlySet<number>, seats: number): boolean {
  return p.candidateIds.length <= seats && new Set(p.candidateIds).size === p.candidateIds.length && p.candidateIds.every((c) => candidateIds.has(c));
}

export type SeatInput = { membersTotal: number; seats: number; thresholdPercent: number; quorumMet: boolean; candidates: (TallyCandidateIn & { votes: number })[] };
export type Seats = { candidates: TallyCandidateOut[]; elected: number[]; tiedAtLine: number[]; seatsLeft: number };

/**
 * Who is elected from the votes per candidate: those passing the threshold, more votes first, then
 * the better rank; equal on both at the seat line = tied for a second round (never list order).
 * Also used on the stored votes of a closed ballot to find who stands in the next round.
 */
export function allocateSeats(input: SeatInput): Seats {
  const rows: TallyCandidateOut[] = input.candidates.map((c) => ({
    ...c,
    ratio: input.membersTotal ? c.votes / input.membersTotal : 0,
    passed: input.quorumMet && passesThreshold(c.votes, input.membersTotal, input.thresholdPercent),
    elected: false,
    tiedAtLine: false,
  }));
  const passers = rows.filter((r) => r.passed).sort(byVotesThenRank);
  let elected: TallyCandidateOut[] = passers.slice(0, input.seats);
  let tied: TallyCandidateOut[] = [];
  if (passers.length > input.seats && input.seats > 0) {
    const last = passers[input.seats - 1];
    const atLine = passers.filter((r) => byVotesThenRank(r, last) === 0);
    if (atLine.length > 1) {
      elected = passers.filter((r) => byVotesThenRank(r, last) < 0);
      tied = atLine;
    }
  }
  for (const r of elected) r.elected = true;
  for (const r of tied) r.tiedAtLine = true;
  return { candidates: rows, elected: elected.map((r) => r.id), tiedAtLine: tied.map((r) => r.id), seatsLeft: input.seats - elected.length };
}

const rankKey = (r: { rank: number | null }) => r.rank ?? Number.MAX_SAFE_INTEGER;
const byVotesThenRank = (a: TallyCandidateIn & { votes: number }, b: TallyCandidateIn & { votes: number }) => b.votes - a.votes || rankKey(a) - rankKey(b);

export function tallyBallot(input: TallyInput): TallyResult {
  const ids = new Set(input.candidates.map((c) => c.id));
  const votes = new Map<number, number>(input.candidates.map((c) => [c.id, 0]));
  let valid = 0;
  for (const p of input.papers) {
    if (!isValidPaper(p, ids, input.seats)) continue;
    valid++;
    for (const c of p.candidateIds) votes.set(c, (votes.get(c) ?? 0) + 1);
  }
  const returned = input.papers.length;
  const quorumMet = input.issued >= input.quorumNeeded;
  const seats = allocateSeats({
    membersTotal: input.membersTotal,
    seats: input.seats,
    thresholdPercent: input.thresholdPercent,
    quorumMet,
    candidates: input.candidates.map((c) => ({ ...c, votes: votes.get(c.id) ?? 0 })),
  });
  const lines: string[] = [];
  if (!quorumMet) lines.push(`Không đủ số đơn vị dự họp theo quy định (${input.issued}/${input.membersTotal}, cần ít nhất ${input.quorumNeeded}): kết quả không có giá trị.`);
  const fmt = (r: TallyCandidateOut) => `${r.votes}/${input.membersTotal} phiếu, ${formatPercent(r.ratio)}`;
  for (const r of [...seats.candidates].sort(byVotesThenRank)) {
    const status = r.elected ? 'trúng cử' : r.tiedAtLine ? 'bằng phiếu tại vị trí cuối, bỏ phiếu vòng 2' : r.passed ? 'đạt trên ngưỡng nhưng hết chỉ tiêu' : 'không đạt ngưỡng';
    lines.push(`${r.name}: ${status} (${fmt(r)}).`);
  }
  if (quorumMet && seats.seatsLeft > 0) lines.push(`Còn ${seats.seatsLeft} chỉ tiêu chưa có đơn vị trúng cử: có thể tổ chức bỏ phiếu vòng tiếp theo.`);
  return { returned, valid, invalid: returned - valid, quorumMet, ...seats, lines };
}

/** Who stands in the next round: the tied at the line, else everyone not elected. */
export function nextRoundCandidates(r: Seats): number[] {
  if (r.tiedAtLine.length) return r.tiedAtLine;
  return r.candidates.filter((c) => !c.elected).map((c) => c.id);
}

export type RotationMember = { agencyId: number; rotationOrder: number | null; sortOrder: number };

/**
 * Agreed rotation (luân phiên): next year's head is the member after this year's head in the
 * rotation order (wrapping round), the deputy the one after that. Members without a place in the
 * rotation follow in list order.
 */
export function rotationSuccessors(members: readonly RotationMember[], currentHeadId: number | null): { headId: number; deputyId: number } | null {
  if (members.length < 2) return null;
  const order = [...members].sort((a, b) => (a.rotationOrder ?? Number.MAX_SAFE_INTEGER) - (b.rotationOrder ?? Number.MAX_SAFE_INTEGER) || a.sortOrder - b.sortOrder || a.agencyId - b.agencyId);
  const i = order.findIndex((m) => m.agencyId === currentHeadId);
  const head = order[(i + 1) % order.length];
  const deputy = order[(i + 2) % order.length];
  return { headId: head.agencyId, deputyId: deputy.agencyId };
}
