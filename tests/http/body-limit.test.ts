// The form body limit (issue 12, item 7): sized from the largest form — a score sheet of the largest
// criteria table with every field at its maximum — so a valid sheet is never refused; a larger body
// is a 413 page that leads back to the form (whose typed values the browser keeps as a draft).
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, csrf, postForm, type Agent, type TestApp } from '../support/app';
import { ANONYMOUS_BODY_LIMIT_BYTES, FORM_BODY_LIMIT_BYTES, FORM_PARAMETER_LIMIT } from '../../src/http/body-limit';
import { EVIDENCE_MAX_CHARS, SCORE_MAX_CHARS } from '../../src/modules/scoring/limits';
import { MAX_CRITERIA_PER_TABLE } from '../../src/modules/setup/criteria';

let t: TestApp;
let base: string;
let unit: number; // a Nghệ An 2020 member whose year-end sheet it may still edit
let agent: Agent;
let criteria: { id: number; kind: string; maxCenti: number }[];

// Vietnamese letters with their marks, each 3 bytes of UTF-8, so 9 bytes once percent-encoded: the
// widest a character of the sheet can be.
const LETTERS = 'ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ';
const widest = (n: number, shift = 0) => Array.from({ length: n }, (_, i) => LETTERS[(i + shift) % LETTERS.length]).join('');

const sheetPage = () => `${base}/scores/${unit}?period=YEAR_END`;
const sheetOf = () => t.db.scoreSheet.findFirst({ where: { agencyId: unit, period: 'YEAR_END', blocYear: { year: 2020, blocId: Number(base.split('/')[2]) } }, include: { entries: { orderBy: { id: 'asc' } } } });
const validScore = (c: { kind: string; maxCenti: number }) => (c.kind === 'NORMAL' ? String(c.maxCenti / 100) : '0');

/** The sheet's own fields, with a fresh token and the sheet's current version. */
async function sheetFields(): Promise<[string, string][]> {
  return [
    ['_csrf', await csrf(agent, sheetPage())],
    ['period', 'YEAR_END'],
    ['version', String((await sheetOf())?.version ?? 0)],
    ['action', 'save'],
  ];
}
const encode = (fields: [string, string][]) => new URLSearchParams(fields).toString();
const postRaw = (body: string, url = `${base}/scores/${unit}`) => agent.post(url).type('form').send(body);

beforeAll(async () => {
  t = await startTestApp();
  const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' } });
  const year = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: bloc.blocId, year: 2020 } }, include: { memberships: true, sheets: true } });
  base = `/blocs/${bloc.blocId}/years/2020`;
  const table = await t.db.criteriaTable.findFirstOrThrow({ where: { blocYearId: year.id }, include: { criteria: { orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] } } });
  criteria = table.criteria;
  const editable = year.memberships.find((m) => {
    const s = year.sheets.find((x) => x.agencyId === m.agencyId && x.period === 'YEAR_END');
    return m.agencyId !== year.headAgencyId && (!s || s.status === 'DRAFT');
  })!;
  unit = editable.agencyId;
  const officer = await t.db.roleAssignment.findFirstOrThrow({ where: { role: 'UNIT_OFFICER', agencyId: unit }, include: { user: true } });
  agent = await loginAs(t.app, officer.user.username);
});
afterAll(async () => t.close());

describe('the limit comes from the largest form', () => {
  it(`a year-end sheet with every evidence at ${EVIDENCE_MAX_CHARS} Vietnamese characters is saved`, async () => {
    const evidence = (i: number) => widest(EVIDENCE_MAX_CHARS, i);
    const fields = await sheetFields();
    criteria.forEach((c, i) => fields.push([`score_${c.id}`, validScore(c)], [`evidence_${c.id}`, evidence(i)]));
    const body = encode(fields);
    expect(body.length).toBeGreaterThan(criteria.length * EVIDENCE_MAX_CHARS * 9); // ≈ 0,7 MB for 17 criteria

    const res = await postRaw(body);
    expect(res.status, res.text.slice(0, 300)).toBe(302);
    const sheet = await sheetOf();
    expect(sheet?.entries).toHaveLength(criteria.length);
    for (const [i, c] of criteria.entries()) expect(sheet!.entries.find((e) => e.criterionId === c.id)?.evidenceText).toBe(evidence(i));
  });

  it(`a body as large as a sheet of ${MAX_CRITERIA_PER_TABLE} criteria with every field at its maximum passes`, async () => {
    const fields = await sheetFields();
    // The demo's criteria with valid scores; ids a table of the cap would have fill the rest (the
    // service reads only this table's criteria), every id at its longest.
    criteria.forEach((c) => fields.push([`score_${c.id}`, validScore(c)], [`evidence_${c.id}`, widest(EVIDENCE_MAX_CHARS)]));
    for (let i = criteria.length; i < MAX_CRITERIA_PER_TABLE; i++) {
      const id = String(2_147_483_647 - i);
      fields.push([`score_${id}`, widest(SCORE_MAX_CHARS)], [`evidence_${id}`, widest(EVIDENCE_MAX_CHARS)]);
    }
    const body = encode(fields);
    expect(body.length).toBeLessThanOrEqual(FORM_BODY_LIMIT_BYTES);
    expect(body.length).toBeGreaterThan(0.99 * FORM_BODY_LIMIT_BYTES);
    const res = await postRaw(body);
    expect(res.status, res.text.slice(0, 300)).toBe(302);
  });
});

describe('a larger body is a 413 that leads back to the form', () => {
  async function snapshot() {
    const sheet = await sheetOf();
    return { sheet, audit: await t.db.auditLog.count() };
  }

  it('one byte over the limit: 413, the message, "Quay lại biểu mẫu" to the page the form was on, nothing written', async () => {
    const before = await snapshot();
    const fields = await sheetFields();
    fields.push([`score_${criteria[0].id}`, '1']);
    const head = encode(fields) + `&evidence_${criteria[0].id}=`;
    const body = head + 'a'.repeat(FORM_BODY_LIMIT_BYTES + 1 - head.length);
    expect(body.length).toBe(FORM_BODY_LIMIT_BYTES + 1);

    const res = await postRaw(body).set('Host', 'congthidua.test').set('Referer', `http://congthidua.test${sheetPage()}`).set('Accept', 'text/html');
    expect(res.status).toBe(413);
    expect(res.text).toContain('Dữ liệu gửi lên quá lớn');
    expect(res.text).toContain('4,3 MB');
    expect(res.text).toContain('vẫn được giữ trong bản nháp trên trình duyệt này');
    expect(res.text).toMatch(new RegExp(`<a [^>]*href="${sheetPage().replace(/[?]/g, '\\?').replace(/&/g, '&amp;')}"[^>]*>Quay lại biểu mẫu</a>`));
    expect(await snapshot()).toEqual(before);
  });

  it('without a Referer of this site, the link is the page of the posted path', async () => {
    const body = 'a='.concat('b'.repeat(FORM_BODY_LIMIT_BYTES));
    const foreign = await postRaw(body, `${base}/scores/${unit}/review`).set('Referer', 'https://evil.example/phish').set('Accept', 'text/html');
    expect(foreign.status).toBe(413);
    expect(foreign.text).toContain(`href="${base}/scores/${unit}" data-testid="back-to-form">Quay lại biểu mẫu</a>`);
    const none = await postRaw(body).set('Accept', 'text/html');
    expect(none.status).toBe(413);
    expect(none.text).toContain(`href="${base}/scores/${unit}" data-testid="back-to-form"`);
  });

  it(`more than ${FORM_PARAMETER_LIMIT} fields: the same 413 page, nothing written`, async () => {
    const before = await snapshot();
    const fields = await sheetFields();
    for (let i = 0; fields.length <= FORM_PARAMETER_LIMIT; i++) fields.push([`x${i}`, '1']);
    const res = await postRaw(encode(fields)).set('Accept', 'text/html');
    expect(res.status).toBe(413);
    expect(res.text).toContain('Quay lại biểu mẫu');
    expect(await snapshot()).toEqual(before);
  });

  it('an anonymous caller may send only a sign-in: a larger body is refused before anything is read', async () => {
    const anon = request.agent(t.app);
    const token = await csrf(anon);
    const res = await anon.post('/login').type('form').send(encode([['_csrf', token], ['username', 'admin'], ['password', 'x'.repeat(ANONYMOUS_BODY_LIMIT_BYTES)]]));
    expect(res.status).toBe(413);
    expect(await t.db.loginThrottle.count({ where: { key: 'user:admin' } })).toBe(0);
  });
});

describe('a sheet sent after the session ended', () => {
  it('is refused by the sign-in rules (403, the draft is kept), not as too large, whatever its size', async () => {
    const gone = request.agent(t.app);
    const body = encode([['_csrf', 'het-han'], ['period', 'YEAR_END'], ['version', '0'], ['action', 'save'], [`evidence_${criteria[0].id}`, widest(EVIDENCE_MAX_CHARS)]]);
    expect(body.length).toBeGreaterThan(ANONYMOUS_BODY_LIMIT_BYTES);
    const res = await gone.post(`${base}/scores/${unit}`).type('form').send(body).set('Accept', 'text/html');
    expect(res.status).toBe(403);
    expect(res.text).toContain('dữ liệu vừa nhập vẫn được giữ tạm trên trình duyệt này');
  });
});

describe('the criteria cap that bounds the sheet', () => {
  it(`a table holds at most ${MAX_CRITERIA_PER_TABLE} criteria: one more is a 409, nothing added`, async () => {
    // Hà Nam 2022 is at set-up with no table yet: its head copies the province's template first.
    const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: { contains: 'Hà Nam' } } });
    const y = `/blocs/${bloc.blocId}/years/2022`;
    const head = await loginAs(t.app, 'vpubnd.hanam');
    expect((await postForm(head, `${y}/criteria/copy`, { source: 'template' }, `${y}/criteria`)).status).toBe(302);
    const table = await t.db.criteriaTable.findFirstOrThrow({ where: { blocYear: { blocId: bloc.blocId, year: 2022 } }, include: { criteria: true, groups: true } });
    const group = table.groups[0];
    const missing = MAX_CRITERIA_PER_TABLE - table.criteria.length;
    await t.db.criterion.createMany({
      data: Array.from({ length: missing }, (_, i) => ({ tableId: table.id, groupId: group.id, sortOrder: 1000 + i, code: `X${i}`, name: `Tiêu chí bổ sung ${i}`, kind: 'BONUS', maxCenti: 100, stepCenti: 100, guidance: '' })),
    });
    const item = { groupId: String(group.id), code: 'Y1', name: 'Tiêu chí vượt giới hạn', kind: 'BONUS', maxPoints: '1', stepCenti: '100', guidance: '' };
    const refused = await postForm(head, `${y}/criteria/items`, item, `${y}/criteria`);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain(`tối đa ${MAX_CRITERIA_PER_TABLE} tiêu chí`);
    expect(await t.db.criterion.count({ where: { tableId: table.id } })).toBe(MAX_CRITERIA_PER_TABLE);

    await t.db.criterion.deleteMany({ where: { tableId: table.id, code: 'X0' } });
    expect((await postForm(head, `${y}/criteria/items`, item, `${y}/criteria`)).status).toBe(302);
    expect(await t.db.criterion.count({ where: { tableId: table.id } })).toBe(MAX_CRITERIA_PER_TABLE);
  });
});
