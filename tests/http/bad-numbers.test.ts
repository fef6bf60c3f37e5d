// Out-of-range numbers and duplicated fields (issue 12, items 6 and 8), through real HTTP on the demo
// data: Hà Nam 2022 at set-up (head vpubnd.hanam), Nghệ An 2020 scoring (head haiquan.nghean; BHXH's
// registration a draft, Dự trữ's waiting for the head). Every bad value is a 4xx with a Vietnamese
// message — never a 500, never zod's English — and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, postForm, csrf, type Agent, type TestApp } from '../support/app';

let t: TestApp;
let hn: string; // Hà Nam 2022
let na: string; // Nghệ An 2020
let hnBlocId: number;
let hnHead: Agent;
let naHead: Agent;
let unit: Agent; // a member of Nghệ An 2020 with a draft year-end sheet
let unitId: number;
let submittedId: number; // a member whose year-end sheet waits for the head
let dutruId: number;
let bhxh: Agent;
let bhxhId: number;
let criteria: { id: number; kind: string; maxCenti: number }[];
let groupId: number;

const HUGE = ['99999999999999999999', '1e21', '1e400', '-1', '2147483648'];
/** Audit rows of changes (signing in writes its own rows): the same count means nothing was written. */
const changes = () => t.db.auditLog.count({ where: { NOT: { action: { startsWith: 'auth.' } } } });

beforeAll(async () => {
  t = await startTestApp();
  hnBlocId = (await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối Thi đua Tổng hợp tỉnh Hà Nam' } })).blocId;
  const naBlocId = (await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' } })).blocId;
  hn = `/blocs/${hnBlocId}/years/2022`;
  na = `/blocs/${naBlocId}/years/2020`;
  const year = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: naBlocId, year: 2020 } }, include: { memberships: true, sheets: true } });
  const table = await t.db.criteriaTable.findFirstOrThrow({ where: { blocYearId: year.id }, include: { criteria: { orderBy: { id: 'asc' } } } });
  criteria = table.criteria;
  const officers = await t.db.roleAssignment.findMany({ where: { role: 'UNIT_OFFICER' }, include: { user: true } });
  const loginOf = (a: number) => officers.find((o) => o.agencyId === a)!.user.username;
  const agencyOf = (u: string) => officers.find((o) => o.user.username === u)!.agencyId!;
  const endSheet = (a: number) => year.sheets.find((s) => s.agencyId === a && s.period === 'YEAR_END');
  const plain = year.memberships.map((m) => m.agencyId).filter((a) => a !== year.headAgencyId && a !== year.deputyAgencyId);
  unitId = plain.find((a) => !endSheet(a) && agencyOf('bhxh.nghean') !== a)!;
  submittedId = plain.find((a) => endSheet(a)?.status === 'SUBMITTED')!;
  dutruId = agencyOf('dutru.nghean');
  bhxhId = agencyOf('bhxh.nghean');
  [hnHead, naHead, unit, bhxh] = await Promise.all([loginAs(t.app, 'vpubnd.hanam'), loginAs(t.app, 'haiquan.nghean'), loginAs(t.app, loginOf(unitId)), loginAs(t.app, 'bhxh.nghean')]);
  // A draft sheet (version 1) and a criteria table for Hà Nam, so the bad versions and points reach the services.
  const draft = await postForm(unit, `${na}/scores/${unitId}`, { period: 'YEAR_END', version: '0', action: 'save', [`score_${criteria[0].id}`]: '5' });
  expect(draft.status).toBe(302);
  expect((await postForm(hnHead, `${hn}/criteria/copy`, { source: 'template' })).status).toBe(302);
  const hnYear = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: hnBlocId, year: 2022 } } });
  groupId = (await t.db.criteriaGroup.findFirstOrThrow({ where: { table: { blocYearId: hnYear.id } } })).id;
});
afterAll(async () => t.close());

type Case = { name: string; agent: () => Agent; url: string; body?: Record<string, string> };

function cases(): Case[] {
  const out: Case[] = [];
  const sheet = (extra: Record<string, string>) => ({ period: 'YEAR_END', version: '1', action: 'save', ...extra });
  const item = (extra: Record<string, string>) => ({ groupId: String(groupId), code: 'X9', name: 'Tiêu chí thử', kind: 'NORMAL', maxPoints: '5', stepCenti: '50', ...extra });
  for (const v of HUGE) {
    out.push({ name: `set-up version=${v}`, agent: () => hnHead, url: `${hn}/setup`, body: { version: v, theme: 'Chủ đề thử' } });
    out.push({ name: `add member agencyId=${v}`, agent: () => hnHead, url: `${hn}/setup/members`, body: { agencyId: v } });
    out.push({ name: `remove member /${v}`, agent: () => hnHead, url: `${hn}/setup/members/${v}/remove`, body: {} });
    out.push({ name: `criteria item groupId=${v}`, agent: () => hnHead, url: `${hn}/criteria/items`, body: item({ groupId: v }) });
    out.push({ name: `criteria item maxPoints=${v}`, agent: () => hnHead, url: `${hn}/criteria/items`, body: item({ maxPoints: v }) });
    out.push({ name: `criteria item stepCenti=${v}`, agent: () => hnHead, url: `${hn}/criteria/items`, body: item({ stepCenti: v }) });
    out.push({ name: `criteria group /${v}`, agent: () => hnHead, url: `${hn}/criteria/groups/${v}`, body: { groupCode: 'IX', groupName: 'Nhóm thử' } });
    out.push({ name: `score sheet version=${v}`, agent: () => unit, url: `${na}/scores/${unitId}`, body: sheet({ version: v }) });
    out.push({ name: `score sheet score=${v}`, agent: () => unit, url: `${na}/scores/${unitId}`, body: sheet({ [`score_${criteria[0].id}`]: v }) });
    out.push({ name: `score sheet /scores/${v}`, agent: () => unit, url: `${na}/scores/${v}`, body: sheet({}) });
    out.push({ name: `review version=${v}`, agent: () => naHead, url: `${na}/scores/${submittedId}/review`, body: { period: 'YEAR_END', action: 'save', version: v } });
    out.push({ name: `review reviewed=${v}`, agent: () => naHead, url: `${na}/scores/${submittedId}/review`, body: { period: 'YEAR_END', action: 'save', version: '1', [`reviewed_${criteria[0].id}`]: v } });
    out.push({ name: `registration version=${v}`, agent: () => bhxh, url: `${na}/registrations/${bhxhId}`, body: { action: 'save', version: v, staffCount: '10' } });
    out.push({ name: `registration staffCount=${v}`, agent: () => bhxh, url: `${na}/registrations/${bhxhId}`, body: { action: 'save', version: '1', staffCount: v } });
    out.push({ name: `registration accept version=${v}`, agent: () => naHead, url: `${na}/registrations/${dutruId}/accept`, body: { version: v } });
    out.push({ name: `appeal resolve /${v}`, agent: () => naHead, url: `${na}/appeals/${v}/resolve`, body: { outcome: 'REJECTED', resolution: 'Giữ nguyên điểm' } });
    out.push({ name: `file delete /${v}`, agent: () => unit, url: `${na}/files/${v}/delete`, body: {} });
    out.push({ name: `mid-year membersPresent=${v}`, agent: () => naHead, url: `${na}/reviews/mid-year/freeze`, body: { heldAt: '2020-07-15', place: 'Vinh', chairName: 'A', secretaryName: 'B', membersPresent: v, summary: 'Tóm tắt kết quả sơ kết' } });
    out.push({ name: `handover headId=${v}`, agent: () => naHead, url: `${na}/closing/handover`, body: { method: 'AGREED', headId: v, deputyId: v } });
    out.push({ name: `proposal /${v}/withdraw`, agent: () => naHead, url: `${na}/awards/${v}/withdraw`, body: {} });
    out.push({ name: `GET /blocs?page=${v}`, agent: () => naHead, url: `/blocs?page=${encodeURIComponent(v)}` });
    out.push({ name: `GET /blocs/:id?year=${v}`, agent: () => naHead, url: `/blocs/${hnBlocId}?year=${encodeURIComponent(v)}` });
    out.push({ name: `GET year ${v}`, agent: () => naHead, url: `/blocs/${hnBlocId}/years/${encodeURIComponent(v)}/setup` });
    out.push({ name: `GET /scores/${v}`, agent: () => naHead, url: `${na}/scores/${encodeURIComponent(v)}` });
  }
  return out;
}

const ENGLISH = /Invalid input|Too (big|small)|expected (number|string|int)|received /;

describe('numbers out of range', () => {
  it('every bad number on every form → 4xx with a Vietnamese message, no 5xx, nothing written', async () => {
    const before = await changes();
    const failures: string[] = [];
    const tokens = new Map<Agent, string>();
    for (const a of [hnHead, naHead, unit, bhxh]) tokens.set(a, await csrf(a, '/account/password'));
    for (const c of cases()) {
      const agent = c.agent();
      const res = c.body ? await agent.post(c.url).type('form').send({ ...c.body, _csrf: tokens.get(agent)! }) : await agent.get(c.url);
      if (res.status < 400 || res.status >= 500) failures.push(`${c.name}: ${res.status}`);
      else if (ENGLISH.test(res.text)) failures.push(`${c.name}: English message ${ENGLISH.exec(res.text)![0]}`);
    }
    expect(failures).toEqual([]);
    expect(t.errors).toEqual([]);
    expect(await changes()).toBe(before);
  }, 180_000);

  it('a version of the right size still works (the bound is not too tight)', async () => {
    const sheet = await t.db.scoreSheet.findFirstOrThrow({ where: { agencyId: unitId, period: 'YEAR_END', blocYear: { year: 2020 } } });
    const ok = await postForm(unit, `${na}/scores/${unitId}`, { period: 'YEAR_END', version: String(sheet.version), action: 'save', [`score_${criteria[0].id}`]: '6' });
    expect(ok.status).toBe(302);
    const page = await hnHead.get('/blocs?page=1');
    expect(page.status).toBe(200);
  });
});

describe('duplicated fields', () => {
  it('score_70=8&score_70=9 → 422 on the sheet with the message next to the field; the stored score is unchanged', async () => {
    const c = criteria.find((x) => x.kind === 'NORMAL' && x.maxCenti >= 900)!;
    const sheet = await t.db.scoreSheet.findFirstOrThrow({ where: { agencyId: unitId, period: 'YEAR_END', blocYear: { year: 2020 } }, include: { entries: true } });
    const before = await changes();
    const res = await postForm(unit, `${na}/scores/${unitId}`, { period: 'YEAR_END', version: String(sheet.version), action: 'save', [`score_${c.id}`]: ['8', '9'] as unknown as string });
    expect(res.status).toBe(422);
    expect(res.text).toContain('chỉ nhận một giá trị');
    const after = await t.db.scoreSheet.findFirstOrThrow({ where: { id: sheet.id }, include: { entries: true } });
    expect(after.version).toBe(sheet.version);
    expect(after.entries).toEqual(sheet.entries);
    expect(await changes()).toBe(before);
  });

  it('the head’s review with a reviewed score sent twice → 422, nothing written', async () => {
    const sheet = await t.db.scoreSheet.findFirstOrThrow({ where: { agencyId: submittedId, period: 'YEAR_END', blocYear: { year: 2020 } }, include: { entries: true } });
    const res = await postForm(naHead, `${na}/scores/${submittedId}/review`, { period: 'YEAR_END', action: 'save', version: String(sheet.version), [`reviewed_${criteria[0].id}`]: ['1', '2'] as unknown as string });
    expect(res.status).toBe(422);
    expect(await t.db.scoreSheet.findFirstOrThrow({ where: { id: sheet.id }, include: { entries: true } })).toEqual(sheet);
  });

  it('other forms: the set-up version, a registration count, a criterion’s points, the period → 422; nothing written', async () => {
    const before = await changes();
    const hnYear = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: hnBlocId, year: 2022 } } });
    const twice = (a: string, b: string) => [a, b] as unknown as string;
    const forms: [Agent, string, Record<string, string>][] = [
      [hnHead, `${hn}/setup`, { version: twice(String(hnYear.version), String(hnYear.version)), theme: 'Chủ đề' }],
      [hnHead, `${hn}/setup`, { version: String(hnYear.version), theme: twice('Chủ đề một', 'Chủ đề hai') }],
      [bhxh, `${na}/registrations/${bhxhId}`, { action: 'save', version: '1', staffCount: twice('10', '20') }],
      [hnHead, `${hn}/criteria/items`, { groupId: String(groupId), code: 'X8', name: 'Tiêu chí thử', kind: 'NORMAL', maxPoints: twice('5', '6'), stepCenti: '50' }],
      [unit, `${na}/scores/${unitId}`, { period: twice('YEAR_END', 'MID_YEAR'), version: '1', action: 'save' }],
    ];
    for (const [agent, url, body] of forms) {
      const res = await postForm(agent, url, body);
      expect(res.status, `${url} ${JSON.stringify(body)}`).toBe(422);
      expect(res.text).toContain('chỉ nhận một giá trị');
    }
    expect((await hnHead.get('/blocs?page=1&page=2')).status).toBe(422);
    expect(await changes()).toBe(before);
    expect(t.errors).toEqual([]);
  });

  it('checkbox lists still take several values (idList)', async () => {
    // The mid-year review form's honorees are a checkbox list: several values are its normal input.
    const { z } = await import('zod');
    const { check, idList, duplicateFields } = await import('../../src/http/validate');
    const schema = z.object({ ids: idList('Đơn vị không hợp lệ.').refine((a) => a.length > 0, 'Chọn ít nhất 1.'), name: z.string() });
    expect(check(schema, { ids: ['1', '2'], name: 'a' })).toEqual({ ok: true, data: { ids: [1, 2], name: 'a' } });
    expect(check(schema, { ids: ['1'], name: ['a', 'b'] })).toMatchObject({ ok: false, errors: { name: expect.stringContaining('chỉ nhận một giá trị') } });
    expect(duplicateFields({ other: ['x', 'y'] }, schema)).toEqual({});
  });
});
