// Blocs administration (issue 8): a board creates a bloc of its own province (another province's:
// 403, nothing written), renames it from a date (earlier years keep the old name), adds a bloc-year
// at set-up with 4–14 members pointing at the names valid that year, head, deputy and rotation
// order (every broken rule: 422 with its message, nothing written), and cannot retire it while a
// year is open; a unit officer is refused everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, csrf, type Agent, type TestApp } from '../support/app';

let t: TestApp;
let board: Agent; // bantdkt.nghean
let otherBoard: Agent; // bantdkt.tayninh
let admin: Agent;
let officer: Agent; // thue.nghean, a member of the demo bloc
let ids: { nghean: number; tayninh: number; tax: number; customs: number; stats: number; treasury: number; bank: number; extra: number[]; tayninhTax: number };
let blocId: number;

const NAME = 'Khối thi đua các cơ quan tổng hợp tỉnh Nghệ An';
const NEW_NAME = 'Khối thi đua Kinh tế - Tổng hợp tỉnh Nghệ An';

/** POST a form whose fields may repeat (checkboxes), with a fresh CSRF token. */
async function post(agent: Agent, url: string, fields: [string, string | number][]) {
  const token = await csrf(agent, '/account/password');
  const form = new URLSearchParams(fields.map(([k, v]) => [k, String(v)]));
  form.append('_csrf', token);
  return agent.post(url).type('form').redirects(0).send(form.toString());
}

/** What a refused request must leave alone. */
async function counts() {
  const [blocs, versions, years, memberships, audit] = await Promise.all([t.db.bloc.count(), t.db.blocVersion.count(), t.db.blocYear.count(), t.db.membership.count(), t.db.auditLog.count()]);
  return { blocs, versions, years, memberships, audit };
}

const agencyOf = async (username: string) => (await t.db.roleAssignment.findFirstOrThrow({ where: { user: { username } }, select: { agencyId: true } })).agencyId!;

beforeAll(async () => {
  t = await startTestApp();
  const nghean = await t.db.province.findFirstOrThrow({ where: { name: 'Nghệ An' } });
  const tayninh = await t.db.province.findFirstOrThrow({ where: { name: 'Tây Ninh' } });
  // enough agencies in Nghệ An for a 15-member attempt
  const extra: number[] = [];
  for (let i = 1; i <= 10; i++) {
    const a = await t.db.agency.create({ data: { provinceId: nghean.id, code: `test-na-${i}`, versions: { create: { name: `Sở thử nghiệm số ${i} tỉnh Nghệ An`, validFrom: new Date('2010-01-01T12:00:00Z') } } } });
    extra.push(a.id);
  }
  ids = {
    nghean: nghean.id,
    tayninh: tayninh.id,
    tax: await agencyOf('thue.nghean'),
    customs: await agencyOf('haiquan.nghean'),
    stats: await agencyOf('thongke.nghean'),
    treasury: await agencyOf('khobac.nghean'),
    bank: await agencyOf('nhnn.nghean'),
    extra,
    tayninhTax: await agencyOf('thue.tayninh'),
  };
  board = await loginAs(t.app, 'bantdkt.nghean');
  otherBoard = await loginAs(t.app, 'bantdkt.tayninh');
  admin = await loginAs(t.app, 'admin');
  officer = await loginAs(t.app, 'thue.nghean');
}, 120_000);
afterAll(async () => t.close());

describe('creating a bloc', () => {
  it('the blocs list offers "Thêm khối, cụm thi đua" to a board, not to an officer', async () => {
    expect((await board.get('/blocs')).text).toContain('href="/blocs/new"');
    expect((await officer.get('/blocs')).text).not.toContain('href="/blocs/new"');
    expect((await officer.get('/blocs/new')).status).toBe(403);
  });

  it('a board creates a bloc of its own province: listed, found by a folded search, audited with the province', async () => {
    const form = await board.get('/blocs/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain('Nghệ An');
    const before = await counts();
    const res = await post(board, '/blocs', [
      ['name', NAME],
      ['kind', 'KHOI'],
      ['decision', 'Quyết định số 123/QĐ-UBND ngày 15/01/2024'],
      ['validFrom', '2024-01-15'],
    ]);
    expect(res.status, res.text.slice(0, 500)).toBe(302);
    blocId = Number(/\/blocs\/(\d+)$/.exec(res.headers.location)![1]);
    const bloc = await t.db.bloc.findUniqueOrThrow({ where: { id: blocId }, include: { versions: true } });
    expect(bloc.provinceId).toBe(ids.nghean);
    expect(bloc.kind).toBe('KHOI');
    expect(bloc.versions).toHaveLength(1);
    expect(bloc.versions[0]).toMatchObject({ name: NAME, decision: 'Quyết định số 123/QĐ-UBND ngày 15/01/2024', validTo: null });
    expect(await t.db.bloc.count({ where: { code: bloc.code } })).toBe(1);
    const row = await t.db.auditLog.findFirstOrThrow({ where: { action: 'bloc.create', entityId: String(blocId) } });
    expect(row.provinceId).toBe(ids.nghean);
    expect((await counts()).blocs).toBe(before.blocs + 1);

    const found = await board.get('/blocs?q=' + encodeURIComponent('co quan tong hop tinh nghe an'));
    expect(found.text).toContain(`href="/blocs/${blocId}"`);
    const page = await board.get(`/blocs/${blocId}`);
    expect(page.status).toBe(200);
    for (const label of ['Đổi tên', 'Thêm năm thi đua', 'Ngừng hoạt động']) expect(page.text).toContain(label);
    // an officer of the province's other bloc does not see it
    expect((await officer.get(`/blocs/${blocId}`)).status).toBe(403);
  });

  it("another province's board: 403, nothing written", async () => {
    const before = await counts();
    const res = await post(otherBoard, '/blocs', [
      ['provinceId', ids.nghean],
      ['name', 'Khối thi đua thử của tỉnh khác'],
      ['kind', 'KHOI'],
      ['decision', 'Quyết định số 1/QĐ-UBND'],
      ['validFrom', '2024-01-15'],
    ]);
    expect(res.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('bad input: 422 with the message next to the field and the values kept', async () => {
    const before = await counts();
    const res = await post(admin, '/blocs', [
      ['name', 'Khối thử nghiệm của quản trị'],
      ['kind', 'KHOI'],
      ['decision', 'QĐ 5/QĐ-UBND'],
      ['validFrom', '2024-02-30x'],
    ]);
    expect(res.status).toBe(422);
    expect(res.text).toContain('Vui lòng chọn tỉnh.');
    expect(res.text).toContain('Vui lòng nhập ngày hiệu lực');
    expect(res.text).toContain('value="Khối thử nghiệm của quản trị"');
    expect(await counts()).toEqual(before);
  });
});

const members5 = () => [ids.customs, ids.stats, ids.tax, ids.treasury, ids.bank];
const yearForm = (year: number, members: number[], head: number, deputy: number, rotation: number[] = []) => [
  ['year', year] as [string, number],
  ...members.map((a) => ['agencyIds', a] as [string, number]),
  ...members.map((a, i) => [`rotation_${a}`, rotation[i] ?? ''] as [string, string | number]),
  ['headAgencyId', head] as [string, number],
  ['deputyAgencyId', deputy] as [string, number],
];

describe('a bloc-year', () => {
  it('5 members, head, deputy and rotation order: at set-up, memberships point at the names valid that year', async () => {
    const form = await board.get(`/blocs/${blocId}/years/new?year=2025`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Thuế tỉnh Nghệ An'); // the name valid on 1 July 2025
    expect(form.text).not.toContain(`value="${ids.tayninhTax}"`);
    const res = await post(board, `/blocs/${blocId}/years`, yearForm(2025, members5(), ids.customs, ids.stats, [1, 2, 3, 5, 4]));
    expect(res.status, res.text.slice(0, 800)).toBe(302);
    const y = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId, year: 2025 } }, include: { memberships: { include: { agencyVersion: true } } } });
    expect(y).toMatchObject({ phase: 'SETUP', headAgencyId: ids.customs, deputyAgencyId: ids.stats });
    expect(y.memberships).toHaveLength(5);
    const july1 = new Date(Date.UTC(2025, 6, 1, 12));
    for (const m of y.memberships) {
      expect(m.agencyVersion.agencyId).toBe(m.agencyId);
      expect(m.agencyVersion.validFrom <= july1 && (m.agencyVersion.validTo === null || m.agencyVersion.validTo >= july1)).toBe(true);
    }
    expect(y.memberships.find((m) => m.agencyId === ids.tax)!.agencyVersion.name).toBe('Thuế tỉnh Nghệ An');
    expect(Object.fromEntries(y.memberships.map((m) => [m.agencyId, m.rotationOrder]))).toEqual({ [ids.customs]: 1, [ids.stats]: 2, [ids.tax]: 3, [ids.treasury]: 5, [ids.bank]: 4 });
    const row = await t.db.auditLog.findFirstOrThrow({ where: { action: 'year.create', blocYearId: y.id } });
    expect(row.provinceId).toBe(ids.nghean);

    const page = await board.get(`/blocs/${blocId}?year=2025`);
    expect(page.text).toContain('data-testid="phase">Chuẩn bị');
    expect(page.text).toMatch(/data-testid="head">Cục Hải quan/);
    // the head's officers get the set-up task
    const head = await loginAs(t.app, 'haiquan.nghean');
    const home = await head.get('/');
    expect(home.text).toContain(`/blocs/${blocId}/years/2025/setup`);
  });

  it('another year is pre-filled from the latest one, head and deputy by the rotation', async () => {
    const form = await board.get(`/blocs/${blocId}/years/new`);
    expect(form.text).toContain('name="year" type="number" value="2026"');
    for (const a of members5()) expect(form.text).toMatch(new RegExp(`name="agencyIds" value="${a}" checked`));
    // rotation 1 customs (head 2025) → 2 stats heads 2026, 3 tax deputy
    expect(form.text).toMatch(new RegExp(`name="headAgencyId"[\\s\\S]*?<option value="${ids.stats}" selected`));
    expect(form.text).toMatch(new RegExp(`name="deputyAgencyId"[\\s\\S]*?<option value="${ids.tax}" selected`));
  });

  const refused: [string, () => [string, string | number][], RegExp, number][] = [
    ['3 members', () => yearForm(2026, members5().slice(0, 3), ids.customs, ids.stats), /từ 4 đến 14 đơn vị/, 422],
    ['15 members', () => yearForm(2026, [...members5(), ...ids.extra], ids.customs, ids.stats), /từ 4 đến 14 đơn vị/, 422],
    ['a head that is not a member', () => yearForm(2026, members5().slice(1), ids.customs, ids.stats), /Khối trưởng phải là một đơn vị thành viên/, 422],
    ['the same agency twice', () => yearForm(2026, [...members5(), ids.tax], ids.customs, ids.stats), /được chọn hai lần/, 422],
    ['head and deputy the same unit', () => yearForm(2026, members5(), ids.customs, ids.customs), /Khối phó phải là đơn vị khác/, 422],
    ['a rotation that is not 1..n', () => yearForm(2026, members5(), ids.customs, ids.stats, [1, 2, 2, 4, 5]), /Thứ tự luân phiên phải/, 422],
    ['an agency of another province', () => yearForm(2026, [...members5().slice(0, 4), ids.tayninhTax], ids.customs, ids.stats), /không thuộc tỉnh Nghệ An/, 422],
    ['a year that exists', () => yearForm(2025, members5(), ids.customs, ids.stats), /Khối đã có năm thi đua 2025/, 422],
    ['a year before the bloc', () => yearForm(2020, members5(), ids.customs, ids.stats), /ngoài thời gian hoạt động/, 422],
  ];
  for (const [what, fields, message, status] of refused) {
    it(`${what}: ${status} naming the rule, the values kept, nothing written`, async () => {
      const before = await counts();
      const res = await post(board, `/blocs/${blocId}/years`, fields());
      expect(res.status).toBe(status);
      expect(res.text).toMatch(message);
      expect(res.text).toMatch(new RegExp(`name="agencyIds" value="${ids.stats}" checked`));
      expect(await counts()).toEqual(before);
    });
  }

  it('a unit officer: 403, nothing written', async () => {
    const before = await counts();
    expect((await post(officer, `/blocs/${blocId}/years`, yearForm(2026, members5(), ids.customs, ids.stats))).status).toBe(403);
    expect((await post(officer, `/blocs/${blocId}/rename`, [['name', 'Tên khác của khối'], ['decision', 'QĐ 9'], ['validFrom', '2026-01-01']])).status).toBe(403);
    expect((await post(officer, `/blocs/${blocId}/retire`, [['retiredOn', '2026-12-31']])).status).toBe(403);
    expect((await post(officer, '/blocs', [['provinceId', ids.nghean], ['name', 'Khối của cán bộ'], ['kind', 'KHOI'], ['decision', 'QĐ 1'], ['validFrom', '2024-01-01']])).status).toBe(403);
    expect((await officer.get(`/blocs/${blocId}/years/new`)).status).toBe(403);
    expect((await otherBoard.get(`/blocs/${blocId}/rename`)).status).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe('rename and retire', () => {
  it('renamed from a date: the current name ends the day before; the year before shows the old name', async () => {
    const bad = await post(board, `/blocs/${blocId}/rename`, [['name', NEW_NAME], ['decision', 'QĐ 77/QĐ-UBND'], ['validFrom', '2023-01-01']]);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Ngày đổi tên phải sau ngày tên hiện tại có hiệu lực (15/01/2024)');
    const res = await post(board, `/blocs/${blocId}/rename`, [['name', NEW_NAME], ['decision', 'Quyết định số 77/QĐ-UBND ngày 20/12/2025'], ['validFrom', '2026-01-01']]);
    expect(res.status, res.text.slice(0, 500)).toBe(302);
    const versions = await t.db.blocVersion.findMany({ where: { blocId }, orderBy: { validFrom: 'asc' } });
    expect(versions).toHaveLength(2);
    expect(versions[0].validTo!.toISOString().slice(0, 10)).toBe('2025-12-31');
    expect(versions[1]).toMatchObject({ name: NEW_NAME, decision: 'Quyết định số 77/QĐ-UBND ngày 20/12/2025', validTo: null });
    const y2025 = await board.get(`/blocs/${blocId}?year=2025`);
    expect(y2025.text).toContain(`data-testid="bloc-name">${NAME}<`);
    // found by its new name and by the old one
    expect((await board.get('/blocs?q=' + encodeURIComponent('kinh tế - tong hop'))).text).toContain(`href="/blocs/${blocId}"`);
    expect((await board.get('/blocs?q=' + encodeURIComponent('cơ quan tổng hợp tỉnh Nghệ An'))).text).toContain(`href="/blocs/${blocId}"`);
    expect(await t.db.auditLog.count({ where: { action: 'bloc.rename', entityId: String(blocId), provinceId: ids.nghean } })).toBe(1);
  });

  it('retire with an open year: 409, nothing written', async () => {
    const before = await counts();
    const form = await board.get(`/blocs/${blocId}/retire`);
    expect(form.text).toContain('data-confirm=');
    const res = await post(board, `/blocs/${blocId}/retire`, [['retiredOn', '2026-12-31'], ['decision', 'QĐ 99']]);
    expect(res.status).toBe(409);
    expect(res.text).toContain('năm thi đua 2025 của khối chưa khóa sổ');
    expect(await counts()).toEqual(before);
    expect(await t.db.blocVersion.count({ where: { blocId, validTo: null } })).toBe(1);
  });

  it('a bloc without open years retires; no new year after it', async () => {
    const created = await post(admin, '/blocs', [['provinceId', ids.nghean], ['name', 'Cụm thi đua thử nghiệm số 2'], ['kind', 'CUM'], ['decision', 'QĐ 3/QĐ-UBND'], ['validFrom', '2020-01-01']]);
    expect(created.status).toBe(302);
    const id = Number(/\/blocs\/(\d+)$/.exec(created.headers.location)![1]);
    const res = await post(board, `/blocs/${id}/retire`, [['retiredOn', '2024-06-30'], ['decision', 'QĐ 4/QĐ-UBND']]);
    expect(res.status, res.text.slice(0, 500)).toBe(302);
    expect((await board.get(`/blocs/${id}`)).text).toContain('Ngừng hoạt động từ 30/06/2024');
    const before = await counts();
    const year = await post(board, `/blocs/${id}/years`, yearForm(2025, members5(), ids.customs, ids.stats));
    expect(year.status).toBe(422);
    expect(year.text).toContain('Khối đã ngừng hoạt động từ 30/06/2024');
    expect(await counts()).toEqual(before);
    expect((await post(board, `/blocs/${id}/retire`, [['retiredOn', '2024-12-31']])).status).toBe(409);
  });
});
