// The province's rules of a year: only its board (and the admin) edits them; bad values → 422 with
// the message by the field; the awards page of a bloc follows them; frozen once a bloc has frozen
// its year-end ranking or closed the year.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, postForm, type Agent, type TestApp } from '../support/app';

let t: TestApp;
let tayNinh: number;
let url: string;
let board: Agent;
let awardsUrl: string;

const general = (extra: Record<string, string> = {}) => ({
  year: '2020',
  bandExcellent: '92,5',
  bandGood: '85',
  bandFair: '70',
  quorumNumerator: '3',
  quorumDenominator: '4',
  electThresholdPercent: '60',
  tie1: 'FINAL',
  tie2: 'FEWER_DEDUCTIONS',
  tie3: 'CORE_GROUP',
  tie4: 'MORE_BONUS',
  requireRegistration: 'on',
  requirePledge: 'on',
  appealWindowDays: '7',
  legalBasis: 'Quyết định số 12/2019/QĐ-UBND ban hành quy chế khối thi đua',
  ...extra,
});
const award = (extra: Record<string, string> = {}) => ({
  year: '2020',
  quotaMode: 'COUNT',
  quotaValue: '1',
  quotaRounding: 'UP',
  quotaMin: '0',
  minBand: 'XUAT_SAC',
  maxRank: '',
  requiresAward: '',
  requireAim: 'on',
  needsBallot: 'on',
  minLdttPercent: '0',
  minCstdcs: '0',
  legalBasis: '',
  ...extra,
});

beforeAll(async () => {
  t = await startTestApp();
  tayNinh = (await t.db.province.findUniqueOrThrow({ where: { code: 'tay-ninh' } })).id;
  url = `/provinces/${tayNinh}/rules`;
  board = await loginAs(t.app, 'bantdkt.tayninh');
  const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh' } });
  awardsUrl = `/blocs/${bloc.blocId}/years/2020/awards`;
});
afterAll(async () => t.close());

describe('province rules', () => {
  it('the board of the province and the admin read them; everyone else 403', async () => {
    for (const [u, status] of [['bantdkt.tayninh', 200], ['admin', 200], ['bantdkt.nghean', 403], ['thongke.tayninh', 403], ['thue.tayninh', 403]] as const) {
      const agent = await loginAs(t.app, u);
      expect((await agent.get(`${url}?year=2020`)).status, u).toBe(status);
    }
    expect((await board.get('/provinces/999999/rules')).status).toBe(404);
  });

  it('bad values → 422 with the message by the field; nothing written', async () => {
    const before = await t.db.provinceRuleSet.findUniqueOrThrow({ where: { provinceId_year: { provinceId: tayNinh, year: 2020 } } });
    const res = await postForm(board, url, general({ bandGood: '95', tie4: 'FINAL', electThresholdPercent: '150' }), `${url}?year=2020`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('Ngưỡng tốt phải thấp hơn ngưỡng xuất sắc.');
    expect(res.text).toContain('Ngưỡng trúng cử là số phần trăm từ 1 đến 99.');
    expect(await t.db.provinceRuleSet.findUniqueOrThrow({ where: { provinceId_year: { provinceId: tayNinh, year: 2020 } } })).toEqual(before);
    const bad = await postForm(board, `${url}/awards/CO_TINH`, award({ quotaMode: 'SOMETIMES' }), `${url}?year=2020`);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Chọn cách tính chỉ tiêu.');
    expect((await postForm(board, `${url}/awards/HUY_CHUONG`, award(), `${url}?year=2020`)).status).toBe(422);
    expect(await t.db.awardRule.count()).toBe(0);
  });

  it('another board or a unit cannot write (403)', async () => {
    for (const u of ['bantdkt.nghean', 'thongke.tayninh']) {
      const agent = await loginAs(t.app, u);
      expect((await postForm(agent, url, general())).status, u).toBe(403);
      expect((await postForm(agent, `${url}/awards/CO_TINH`, award())).status, u).toBe(403);
    }
    expect(await t.db.awardRule.count()).toBe(0);
  });

  it('saved rules apply: the bloc sees the new quota; the change is audited', async () => {
    expect((await postForm(board, url, general(), `${url}?year=2020`)).status).toBe(302);
    const set = await t.db.provinceRuleSet.findUniqueOrThrow({ where: { provinceId_year: { provinceId: tayNinh, year: 2020 } } });
    expect([set.bandExcellentCenti, set.quorumNumerator, set.quorumDenominator, set.electThresholdPercent, set.tieBreakOrder]).toEqual([9250, 3, 4, 60, 'FINAL,FEWER_DEDUCTIONS,CORE_GROUP,MORE_BONUS,VOTE']);
    expect((await postForm(board, `${url}/awards/CO_TINH`, award(), `${url}?year=2020`)).status).toBe(302);
    const page = await board.get(awardsUrl);
    expect(page.text).toContain('tối đa 1 đơn vị');
    expect(await t.db.auditLog.count({ where: { action: { in: ['province.rules', 'province.awardRule'] } } })).toBe(2);
  });

  it('a year in which a bloc has closed (Tây Ninh 2019) is frozen: 409, nothing written', async () => {
    const page = await board.get(`${url}?year=2019`);
    expect(page.text).toContain('data-testid="rules-frozen"');
    const res = await postForm(board, `${url}/awards/CO_TINH`, award({ year: '2019' }), `${url}?year=2019`);
    expect(res.status).toBe(409);
    expect(res.text).toContain('không sửa được nữa');
    expect(await t.db.awardRule.count({ where: { year: 2019 } })).toBe(0);
    expect(t.errors).toEqual([]);
  });
});
