// Secret-ballot tally and the head rotation: pure rules.
import { describe, expect, it } from 'vitest';
import { closeRefusal, isValidPaper, nextRoundCandidates, passesThreshold, quorumNeeded, rotationSuccessors, tallyBallot, type TallyInput } from '../../src/domain/ballots';
import { openSeal, sealChoices } from '../../src/modules/ballots/seal';

const C = [
  { id: 1, name: 'Bảo hiểm xã hội tỉnh Tây Ninh', rank: 1 },
  { id: 2, name: 'Cục Thuế tỉnh Tây Ninh', rank: 2 },
  { id: 3, name: 'Kho bạc Nhà nước tỉnh Tây Ninh', rank: 3 },
];
const papers = (...lists: number[][]) => lists.map((candidateIds) => ({ candidateIds }));
const input = (over: Partial<TallyInput>): TallyInput => ({ membersTotal: 8, issued: 8, quorumNeeded: 6, seats: 2, thresholdPercent: 50, candidates: C, papers: [], ...over });

describe('quorum and threshold', () => {
  it('quorum is ⌈2/3⌉ of the members', () => {
    expect([4, 7, 8, 9, 14].map((n) => quorumNeeded(n, 2, 3))).toEqual([3, 5, 6, 6, 10]);
  });
  it('elected with MORE than 50% of the member units (not of those present)', () => {
    expect(passesThreshold(4, 8, 50)).toBe(false);
    expect(passesThreshold(5, 8, 50)).toBe(true);
    expect(passesThreshold(4, 7, 50)).toBe(true);
  });
});

describe('closeRefusal: a ballot closes only with the quorum of papers, or when every present unit voted', () => {
  it.each([
    // returned, issued, quorum → may close
    [1, 7, 5, false], // one paper would show what that unit chose
    [4, 7, 5, false],
    [5, 7, 5, true],
    [7, 7, 5, true],
    [3, 3, 5, true], // every present unit voted (a quorum set lower by the province)
    [0, 3, 0, false], // no paper at all: nothing to count
  ])('%i of %i papers, quorum %i → %s', (returned, issued, quorumNeeded, ok) => {
    expect(closeRefusal({ returned, issued, quorumNeeded }) === null).toBe(ok);
  });
  it('says how many papers are in and how many are needed', () => {
    expect(closeRefusal({ returned: 1, issued: 7, quorumNeeded: 5 })).toContain('mới thu về 1/7 phiếu, cần ít nhất 5 phiếu');
  });
});

describe('sealed papers', () => {
  const secret = 'a test secret that is long enough for the portal';
  it('open with the same secret and ballot only; every seal has the same length; never the same bytes twice', () => {
    const a = sealChoices(secret, 12, [31, 7]);
    const b = sealChoices(secret, 12, []);
    expect(openSeal(secret, 12, a)).toEqual([7, 31]);
    expect(openSeal(secret, 12, b)).toEqual([]);
    expect(a.length).toBe(b.length);
    expect(sealChoices(secret, 12, [31, 7])).not.toBe(a);
    expect(openSeal(`${secret}!`, 12, a)).toBeNull();
    expect(openSeal(secret, 13, a)).toBeNull();
    const tampered = Buffer.from(a, 'base64');
    tampered[tampered.length - 1] ^= 1;
    expect(openSeal(secret, 12, tampered.toString('base64'))).toBeNull();
    expect(openSeal(secret, 12, 'not a seal')).toBeNull();
  });
});

describe('tallyBallot', () => {
  it('counts papers, votes and % of members; the top within seats are elected', () => {
    const r = tallyBallot(input({ papers: papers([1, 2], [1, 2], [1, 2], [1, 3], [1, 2], [2, 3], [1], []) }));
    expect([r.returned, r.valid, r.invalid, r.quorumMet]).toEqual([8, 8, 0, true]);
    expect(r.candidates.map((c) => c.votes)).toEqual([6, 5, 2]);
    expect(r.candidates[0].ratio).toBeCloseTo(0.75);
    expect(r.elected).toEqual([1, 2]);
    expect(r.seatsLeft).toBe(0);
    expect(r.lines[0]).toBe('Bảo hiểm xã hội tỉnh Tây Ninh: trúng cử (6/8 phiếu, 75,00%).');
  });

  it('a paper naming more than the seats, a candidate twice or a stranger is invalid and not counted', () => {
    const r = tallyBallot(input({ papers: papers([1, 2, 3], [1, 1], [9], [1]) }));
    expect([r.returned, r.valid, r.invalid]).toEqual([4, 1, 3]);
    expect(r.candidates[0].votes).toBe(1);
    expect(isValidPaper({ candidateIds: [] }, new Set([1]), 1)).toBe(true);
  });

  it('missing the threshold leaves the seat open for another round among those not elected', () => {
    const r = tallyBallot(input({ papers: papers([1, 2], [1, 2], [1, 3], [1, 3], [1], [1]) }));
    expect(r.elected).toEqual([1]);
    expect(r.seatsLeft).toBe(1);
    expect(nextRoundCandidates(r)).toEqual([2, 3]);
    expect(r.lines.at(-1)).toContain('Còn 1 chỉ tiêu');
  });

  it('more passing than seats: more votes win, then the better rank; never list order', () => {
    // 2 and 3 both pass with 5 votes; 2 is ranked better
    const r = tallyBallot(input({ seats: 2, candidates: [C[2], C[1], C[0]], papers: papers([1, 2], [1, 3], [1, 2], [1, 3], [2, 3], [2, 3], [1, 2], [1, 3]) }));
    expect(r.elected.sort()).toEqual([1, 2]);
    expect(r.tiedAtLine).toEqual([]);
  });

  it('a tie at the seat line (same votes, same rank) goes to a second round among the tied', () => {
    const tied = [{ id: 1, name: 'A', rank: 1 }, { id: 2, name: 'B', rank: 2 }, { id: 3, name: 'C', rank: 2 }];
    const r = tallyBallot(input({ candidates: tied, papers: papers([1, 2], [1, 3], [1, 2], [1, 3], [2, 3], [2, 3], [1, 2], [1, 3]) }));
    expect(r.elected).toEqual([1]);
    expect(r.tiedAtLine.sort()).toEqual([2, 3]);
    expect(r.seatsLeft).toBe(1);
    expect(nextRoundCandidates(r).sort()).toEqual([2, 3]);
  });

  it('without a quorum nobody is elected and the result says why', () => {
    const r = tallyBallot(input({ issued: 5, papers: papers([1], [1], [1], [1], [1]) }));
    expect(r.quorumMet).toBe(false);
    expect(r.elected).toEqual([]);
    expect(r.lines[0]).toContain('Không đủ số đơn vị dự họp');
  });
});

describe('rotationSuccessors', () => {
  const members = [1, 2, 3, 4, 5, 6, 7].map((agencyId) => ({ agencyId, rotationOrder: agencyId, sortOrder: agencyId }));
  it('the next two after this year’s head, wrapping round', () => {
    expect(rotationSuccessors(members, 6)).toEqual({ headId: 7, deputyId: 1 });
    expect(rotationSuccessors(members, 7)).toEqual({ headId: 1, deputyId: 2 });
    expect(rotationSuccessors(members, 1)).toEqual({ headId: 2, deputyId: 3 });
  });
  it('rotation order, not list order; members without a place follow', () => {
    const m = [
      { agencyId: 10, rotationOrder: 2, sortOrder: 0 },
      { agencyId: 11, rotationOrder: 1, sortOrder: 1 },
      { agencyId: 12, rotationOrder: null, sortOrder: 2 },
    ];
    expect(rotationSuccessors(m, 11)).toEqual({ headId: 10, deputyId: 12 });
    expect(rotationSuccessors(m, 12)).toEqual({ headId: 11, deputyId: 10 });
  });
  it('no head found: the first two; fewer than two members: nobody', () => {
    expect(rotationSuccessors(members, null)).toEqual({ headId: 1, deputyId: 2 });
    expect(rotationSuccessors(members.slice(0, 1), 1)).toBeNull();
  });
});
