// Provinces' administration (issue 8, onboarding a province): the admin lists, searches (folded,
// former names too), creates and renames provinces — a renamed province keeps its former name with
// its dates — and creates the first account of the new province's board, which then administers
// only its own province. A board never creates or renames a province (403, nothing written) and
// reads only its own province's page. A fresh install with no province shows a useful state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startTestApp, loginAs, postForm, csrf, type Agent, type TestApp } from '../support/app';
import { emptyDatabase, runNode, ROOT } from '../support/testdb';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { createApp } from '../../src/app';
import { createDb } from '../../src/db/client';
import { loadConfig } from '../../src/config';
import { createUser } from '../../src/modules/users/service';
import { listProvinces, provinceNameAt } from '../../src/modules/provinces/admin-service';

let t: TestApp;
let admin: Agent;
let board: Agent; // bantdkt.tayninh
let officer: Agent; // thue.tayninh
let ids: { tayninh: number; nghean: number; tayninhTax: number; ngheanTax: number; admin: number };

const agencyOf = async (username: string) => (await t.db.roleAssignment.findFirstOrThrow({ where: { user: { username } }, select: { agencyId: true } })).agencyId!;

beforeAll(async () => {
  t = await startTestApp();
  const [tayninh, nghean] = await Promise.all(['Tây Ninh', 'Nghệ An'].map((name) => t.db.province.findFirstOrThrow({ where: { name } })));
  ids = {
    tayninh: tayninh.id,
    nghean: nghean.id,
    tayninhTax: await agencyOf('thue.tayninh'),
    ngheanTax: await agencyOf('thue.nghean'),
    admin: (await t.db.user.findUniqueOrThrow({ where: { username: 'admin' } })).id,
  };
  [admin, board, officer] = await Promise.all(['admin', 'bantdkt.tayninh', 'thue.tayninh'].map((u) => loginAs(t.app, u)));
}, 60_000);
afterAll(async () => t.close());

/** What a refused request must leave alone. */
async function state() {
  const [provinces, names, audit, users, assignments] = await Promise.all([
    t.db.province.findMany({ orderBy: { id: 'asc' }, select: { id: true, code: true, name: true, validFrom: true, validTo: true } }),
    t.db.provinceName.findMany({ orderBy: { id: 'asc' } }),
    t.db.auditLog.count(),
    t.db.user.count(),
    t.db.roleAssignment.count(),
  ]);
  return { provinces, names, audit, users, assignments };
}

const rowsOf = (html: string) => [...html.matchAll(/<tr data-province="([^"]+)">/g)].map((m) => m[1]);
const fieldError = (html: string, field: string) => new RegExp(`id="f-${field}-err">([^<]+)<`).exec(html)?.[1];
const noon = (ymd: string) => new Date(`${ymd}T12:00:00Z`);
const NQ = 'Nghị quyết 202/2025/QH15 ngày 12/6/2025 của Quốc hội';

describe('the list (admin)', () => {
  it('every province with its counts, computed by the database', async () => {
    const res = await admin.get('/admin/provinces');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Thêm tỉnh, thành phố');
    expect(res.text).toContain('href="/admin/provinces/new"');
    const codes = rowsOf(res.text);
    expect(codes.length).toBe(await t.db.province.count());
    const tn = await t.db.province.findUniqueOrThrow({ where: { id: ids.tayninh } });
    const row = new RegExp(`<tr data-province="${tn.code}">([\\s\\S]*?)</tr>`).exec(res.text)![1];
    expect(row).toContain(`href="/admin/provinces/${ids.tayninh}"`);
    const nums = [...row.matchAll(/<td class="num">([\d.]+)<\/td>/g)].map((m) => Number(m[1].replace(/\./g, '')));
    expect(nums).toEqual([
      await t.db.agency.count({ where: { provinceId: ids.tayninh } }),
      await t.db.bloc.count({ where: { provinceId: ids.tayninh } }),
      await t.db.roleAssignment.count({ where: { role: 'BOARD', provinceId: ids.tayninh } }),
    ]);
    expect(nums[0]).toBeGreaterThan(0);
    expect(nums[2]).toBeGreaterThan(0);
  });

  it('search is folded: case, diacritics, NFD', async () => {
    const na = (await t.db.province.findUniqueOrThrow({ where: { id: ids.nghean } })).code;
    for (const q of ['nghe an', 'NGHỆ AN', 'Nghệ'.normalize('NFD'), '  nghe   an ']) {
      const res = await admin.get('/admin/provinces').query({ q });
      expect(res.status, q).toBe(200);
      expect(rowsOf(res.text), q).toEqual([na]);
    }
    const none = await admin.get('/admin/provinces').query({ q: 'không có tỉnh này' });
    expect(rowsOf(none.text)).toEqual([]);
    expect(none.text).toContain('Không có tỉnh, thành phố nào khớp với từ khóa.');
    expect((await admin.get('/admin/provinces?page=abc')).status).toBe(422);
  });

  it('a board or an officer: 403 on the list and the new-province form', async () => {
    for (const agent of [board, officer]) {
      expect((await agent.get('/admin/provinces')).status).toBe(403);
      expect((await agent.get('/admin/provinces/new')).status).toBe(403);
    }
  });
});

let created: number; // "Thành phố Thử Nghiệm", from 01/01/2020

describe('create (admin only)', () => {
  it('a board or an officer POST → 403 and nothing written', async () => {
    const before = await state();
    for (const agent of [board, officer]) {
      const res = await postForm(agent, '/admin/provinces', { name: 'Tỉnh Của Ban', validFrom: '2025-07-01', legalBasis: NQ });
      expect(res.status).toBe(403);
    }
    expect(await state()).toEqual(before);
  });

  it('creates the province and the first row of its name history, audited with the province', async () => {
    const form = await admin.get('/admin/provinces/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain('name="validFrom"');
    // typed decomposed (NFD), with stray spaces, a dd/mm/yyyy date
    const res = await postForm(admin, '/admin/provinces', { name: '  Thành phố   Thử Nghiệm '.normalize('NFD'), validFrom: '01/01/2020', legalBasis: NQ }, '/admin/provinces/new');
    expect(res.status).toBe(302);
    const p = await t.db.province.findFirstOrThrow({ where: { code: 'thanh-pho-thu-nghiem' }, include: { names: true } });
    created = p.id;
    expect(res.headers.location).toBe(`/admin/provinces/${p.id}`);
    expect(p.name).toBe('Thành phố Thử Nghiệm'.normalize('NFC'));
    expect(p.validFrom).toEqual(noon('2020-01-01'));
    expect(p.names).toEqual([expect.objectContaining({ name: p.name, validFrom: noon('2020-01-01'), validTo: null, legalBasis: NQ })]);
    const row = await t.db.auditLog.findFirstOrThrow({ where: { action: 'province.create', entityId: String(p.id) } });
    expect(row).toMatchObject({ provinceId: p.id, userId: ids.admin, entity: 'Province' });
    expect(JSON.parse(row.newValue)).toMatchObject({ name: p.name, code: p.code, legalBasis: NQ });

    const page = await admin.get(res.headers.location);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Đã thêm Thành phố Thử Nghiệm');
    expect(page.text).toContain('01/01/2020');
    expect(page.text).toContain('data-testid="no-board-account"');
    // listed, and found folded
    expect(rowsOf((await admin.get('/admin/provinces')).text)).toContain(p.code);
    expect(rowsOf((await admin.get('/admin/provinces').query({ q: 'thu nghiem' })).text)).toEqual([p.code]);
    // the new province is in the audit log of its province
    expect((await admin.get(`/audit?provinceId=${p.id}`)).text).toContain('<code>province.create</code>');
  });

  it('a name already in use (compared folded) → 422 next to the field, nothing written', async () => {
    const before = await state();
    for (const name of ['NGHE AN', 'nghệ an', 'Thanh pho thu nghiem']) {
      const res = await postForm(admin, '/admin/provinces', { name, validFrom: '', legalBasis: '' }, '/admin/provinces/new');
      expect(res.status, name).toBe(422);
      expect(fieldError(res.text, 'name'), name).toMatch(/^Đã có tỉnh, thành phố mang tên &#34;(Nghệ An|Thành phố Thử Nghiệm)&#34;\.$/);
      expect(res.text).toContain(`value="${name}"`); // the typed value comes back
    }
    expect(await state()).toEqual(before);
  });

  it('a bad date, a date more than a year ahead, an empty name → 422 next to the field, nothing written', async () => {
    const before = await state();
    const nextYear = new Date(Date.now() + 400 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    for (const [validFrom, msg] of [
      ['31/02/2025', /^Ngày không hợp lệ/],
      ['2025-13-01', /^Ngày không hợp lệ/],
      ['hôm qua', /^Ngày không hợp lệ/],
      ['0202-07-01', /^Ngày không hợp lệ/],
      [nextYear, /^Ngày không được quá một năm/],
    ] as const) {
      const res = await postForm(admin, '/admin/provinces', { name: 'Tỉnh Mới Lập', validFrom, legalBasis: NQ }, '/admin/provinces/new');
      expect(res.status, validFrom).toBe(422);
      expect(fieldError(res.text, 'validFrom'), validFrom).toMatch(msg);
    }
    const empty = await postForm(admin, '/admin/provinces', { name: '   ', validFrom: '' }, '/admin/provinces/new');
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'name')).toContain('Vui lòng nhập tên tỉnh');
    expect(await state()).toEqual(before);
  });
});

describe("a province's page", () => {
  it('the admin: history, counts, links, board accounts, the button for a board account, the rename form', async () => {
    const res = await admin.get(`/admin/provinces/${ids.tayninh}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-testid="province-names"');
    for (const href of [`/agencies?provinceId=${ids.tayninh}`, '/blocs', `/provinces/${ids.tayninh}/rules`, `/admin/users?provinceId=${ids.tayninh}`, `/audit?provinceId=${ids.tayninh}`]) {
      expect(res.text, href).toContain(`href="${href}"`);
    }
    expect(res.text).toContain(`href="/admin/users/new?role=BOARD&amp;provinceId=${ids.tayninh}"`);
    expect(res.text).toContain('Thêm tài khoản Ban Thi đua – Khen thưởng');
    expect(res.text).toContain('<tr data-user="bantdkt.tayninh">');
    expect(res.text).toMatch(new RegExp(`<form method="post" action="/admin/provinces/${ids.tayninh}/rename"[^>]*data-confirm="`));
  });

  it('its own board reads it (200, no rename form, no link to the list it may not open); another province → 403; unknown → 404', async () => {
    const own = await board.get(`/admin/provinces/${ids.tayninh}`);
    expect(own.status).toBe(200);
    expect(own.text).toContain('Tây Ninh');
    expect(own.text).not.toContain('/rename');
    expect(own.text).not.toContain('href="/admin/provinces"');
    expect(own.text).toContain(`href="/admin/users/new?role=BOARD&amp;provinceId=${ids.tayninh}"`);
    // every link of the page opens for the board
    for (const [, href] of own.text.matchAll(/href="(\/(?:agencies|blocs|provinces|admin|audit)[^"]*)"/g)) {
      expect((await board.get(href.replace(/&amp;/g, '&'))).status, href).toBe(200);
    }
    const other = await board.get(`/admin/provinces/${ids.nghean}`);
    expect(other.status).toBe(403);
    expect(other.text).not.toContain('bantdkt.nghean');
    expect((await board.get('/admin/provinces/999999')).status).toBe(404);
    expect((await admin.get('/admin/provinces/999999')).status).toBe(404);
    expect((await admin.get('/admin/provinces/abc')).status).toBe(422);
    expect((await officer.get(`/admin/provinces/${ids.tayninh}`)).status).toBe(403);
  });
});

describe('rename (admin only)', () => {
  it('a board POST → 403 on its own province and on another, nothing written', async () => {
    const before = await state();
    for (const id of [ids.tayninh, ids.nghean, created]) {
      const res = await postForm(board, `/admin/provinces/${id}/rename`, { name: 'Tây Ninh Mới', validFrom: '2025-07-01', legalBasis: NQ }, `/admin/provinces/${ids.tayninh}`);
      expect(res.status).toBe(403);
    }
    expect(await state()).toEqual(before);
  });

  it('refused with the message next to the field: same name, another province’s name, a date not after the current name’s, a bad or far date, no legal basis', async () => {
    const before = await state();
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ name: 'Thành phố Thử Nghiệm', validFrom: '2025-07-01', legalBasis: NQ }, 'name', /^Tên mới trùng với tên hiện tại\.$/],
      [{ name: 'Nghe An', validFrom: '2025-07-01', legalBasis: NQ }, 'name', /^Đã có tỉnh, thành phố khác mang tên &#34;Nghệ An&#34;\.$/],
      [{ name: 'Thành phố Đổi Tên', validFrom: '01/01/2020', legalBasis: NQ }, 'validFrom', /^Ngày hiệu lực phải sau ngày bắt đầu của tên hiện tại \(01\/01\/2020\)\.$/],
      [{ name: 'Thành phố Đổi Tên', validFrom: '2019-06-30', legalBasis: NQ }, 'validFrom', /^Ngày hiệu lực phải sau/],
      [{ name: 'Thành phố Đổi Tên', validFrom: '30/02/2025', legalBasis: NQ }, 'validFrom', /^Vui lòng nhập ngày tên mới có hiệu lực/],
      [{ name: 'Thành phố Đổi Tên', validFrom: '', legalBasis: NQ }, 'validFrom', /^Vui lòng nhập ngày tên mới có hiệu lực/],
      [{ name: 'Thành phố Đổi Tên', validFrom: '2099-01-01', legalBasis: NQ }, 'validFrom', /^Ngày không được quá một năm/],
      [{ name: 'Thành phố Đổi Tên', validFrom: '2025-07-01', legalBasis: '' }, 'legalBasis', /^Vui lòng nhập căn cứ pháp lý/],
    ];
    for (const [body, field, msg] of cases) {
      const res = await postForm(admin, `/admin/provinces/${created}/rename`, body, `/admin/provinces/${created}`);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(fieldError(res.text, field), JSON.stringify(body)).toMatch(msg);
      expect(res.text).toContain(`value="${body.name}"`);
    }
    expect((await postForm(admin, '/admin/provinces/999999/rename', { name: 'Tỉnh Ma', validFrom: '2025-07-01', legalBasis: NQ }, '/admin/provinces')).status).toBe(404);
    expect(await state()).toEqual(before);
  });

  it('keeps the old name until the day before, the new one from the date; audited old → new; provinceNameAt follows the dates', async () => {
    const res = await postForm(admin, `/admin/provinces/${created}/rename`, { name: 'Thành phố Hợp Nhất', validFrom: '01/07/2025', legalBasis: NQ, note: 'Hợp nhất hai tỉnh' }, `/admin/provinces/${created}`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/admin/provinces/${created}`);
    const p = await t.db.province.findUniqueOrThrow({ where: { id: created }, include: { names: { orderBy: { id: 'asc' } } } });
    expect(p.name).toBe('Thành phố Hợp Nhất');
    expect(p.code).toBe('thanh-pho-thu-nghiem'); // the code stays: links and imports keep working
    expect(p.names).toEqual([
      expect.objectContaining({ name: 'Thành phố Thử Nghiệm', validFrom: noon('2020-01-01'), validTo: noon('2025-06-30') }),
      expect.objectContaining({ name: 'Thành phố Hợp Nhất', validFrom: noon('2025-07-01'), validTo: null, legalBasis: NQ, note: 'Hợp nhất hai tỉnh' }),
    ]);
    const row = await t.db.auditLog.findFirstOrThrow({ where: { action: 'province.rename', entityId: String(created) } });
    expect(row).toMatchObject({ provinceId: created, userId: ids.admin });
    expect(JSON.parse(row.oldValue)).toMatchObject({ name: 'Thành phố Thử Nghiệm' });
    expect(JSON.parse(row.newValue)).toMatchObject({ name: 'Thành phố Hợp Nhất', legalBasis: NQ });

    expect(await provinceNameAt(t.db, created, noon('2025-06-30'))).toBe('Thành phố Thử Nghiệm');
    expect(await provinceNameAt(t.db, created, noon('2024-12-31'))).toBe('Thành phố Thử Nghiệm');
    expect(await provinceNameAt(t.db, created, noon('2025-07-01'))).toBe('Thành phố Hợp Nhất');
    expect(await provinceNameAt(t.db, created, new Date('2025-06-30T20:00:00Z'))).toBe('Thành phố Hợp Nhất'); // already 1 July in Vietnam
    expect(await provinceNameAt(t.db, created, new Date())).toBe('Thành phố Hợp Nhất');
    expect(await provinceNameAt(t.db, created, noon('2010-01-01'))).toBe('Thành phố Hợp Nhất'); // before any dated name: the current one
    // a demo province's single undated row covers every date
    expect(await provinceNameAt(t.db, ids.nghean, noon('2001-01-01'))).toBe('Nghệ An');

    const page = await admin.get(`/admin/provinces/${created}`);
    expect(page.text).toContain('Đã đổi tên Thành phố Thử Nghiệm thành Thành phố Hợp Nhất');
    const history = /data-testid="province-names">([\s\S]*?)<\/table>/.exec(page.text)![1];
    expect(history).toMatch(/<td>Thành phố Thử Nghiệm<\/td><td>01\/01\/2020<\/td><td>30\/06\/2025<\/td>/);
    expect(history).toMatch(/<td>Thành phố Hợp Nhất<\/td><td>01\/07\/2025<\/td><td>nay<\/td><td>Nghị quyết 202\/2025\/QH15[^<]*<\/td><td>Hợp nhất hai tỉnh<\/td>/);
    // the list shows the former name with its dates, and finds the province by it
    const list = await admin.get('/admin/provinces').query({ q: 'thu nghiem' });
    expect(rowsOf(list.text)).toEqual(['thanh-pho-thu-nghiem']);
    expect(list.text).toContain('Thành phố Thử Nghiệm <span class="text-muted small">(từ 01/01/2020 đến 30/06/2025)</span>');
    // a second rename must start after the current name's start
    const early = await postForm(admin, `/admin/provinces/${created}/rename`, { name: 'Thành phố Khác', validFrom: '2025-07-01', legalBasis: NQ }, `/admin/provinces/${created}`);
    expect(early.status).toBe(422);
    expect(fieldError(early.text, 'validFrom')).toContain('01/07/2025');
  });
});

describe("the new province's board", () => {
  const username = 'bantdkt.hopnhat';
  let oneTime: string;

  it('the admin creates its first account from the prefilled form', async () => {
    const page = await admin.get(`/admin/provinces/${created}`);
    const href = /href="(\/admin\/users\/new\?role=BOARD&amp;provinceId=\d+)"/.exec(page.text)![1].replace(/&amp;/g, '&');
    const form = await admin.get(href);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<option value="BOARD" selected>');
    expect(form.text).toContain(`<input type="hidden" name="provinceId" value="${created}">`);
    expect(form.text).toContain('Tỉnh, thành phố: <strong>Thành phố Hợp Nhất</strong>');
    const res = await postForm(admin, '/admin/users', { username, fullName: 'Võ Thị Hằng', jobTitle: 'Trưởng ban', role: 'BOARD', provinceId: String(created), password: '' }, href);
    expect(res.status).toBe(200);
    oneTime = /data-testid="one-time-password">([^<]+)</.exec(res.text)![1];
    const u = await t.db.user.findUniqueOrThrow({ where: { username }, include: { assignments: true } });
    expect(u.assignments).toEqual([expect.objectContaining({ role: 'BOARD', provinceId: created, agencyId: null })]);
    expect((await t.db.auditLog.findFirstOrThrow({ where: { action: 'user.create', entityId: String(u.id) } })).provinceId).toBe(created);
    expect((await admin.get(`/admin/provinces/${created}`)).text).toContain(`<tr data-user="${username}">`);
  });

  it('signs in with the one-time password, changes it first, then administers only its province', async () => {
    const agent = request.agent(t.app);
    const token = await csrf(agent, '/login');
    const login = await agent.post('/login').type('form').send({ username, password: oneTime, _csrf: token });
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe('/account/password');
    const blocked = await agent.get(`/admin/provinces/${created}`);
    expect(blocked.status).toBe(302);
    expect(blocked.headers.location).toBe('/account/password');
    const changed = await postForm(agent, '/account/password', { currentPassword: oneTime, newPassword: 'BanHopNhat2026', confirmPassword: 'BanHopNhat2026' });
    expect(changed.status).toBe(302);

    const users = await agent.get('/admin/users');
    expect(users.status).toBe(200);
    expect([...users.text.matchAll(/<td><code>([^<]+)<\/code><\/td>/g)].map((m) => m[1])).toEqual([username]);
    expect((await agent.get('/admin/provinces')).status).toBe(403);
    expect((await agent.get(`/admin/provinces/${created}`)).status).toBe(200);
    expect((await agent.get(`/admin/provinces/${ids.tayninh}`)).status).toBe(403);
    const before = await state();
    expect((await postForm(agent, '/admin/provinces', { name: 'Tỉnh Khác', validFrom: '' }, `/admin/provinces/${created}`)).status).toBe(403);
    expect((await postForm(agent, `/admin/provinces/${created}/rename`, { name: 'Tên Khác', validFrom: '2025-08-01', legalBasis: NQ }, `/admin/provinces/${created}`)).status).toBe(403);
    expect(await state()).toEqual(before);
  });
});

describe("the new-account form lists one province's agencies, not the country's", () => {
  const agencyOptions = (html: string) => {
    const select = /<select[^>]*name="agencyId"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
    return [...select.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]));
  };

  it('the admin first picks the province (a GET form), then sees only its agencies', async () => {
    const first = await admin.get('/admin/users/new');
    expect(first.status).toBe(200);
    expect(first.text).toContain('data-testid="pick-province"');
    expect(agencyOptions(first.text)).toEqual([]);
    const chosen = await admin.get(`/admin/users/new?provinceId=${ids.tayninh}`);
    expect(chosen.status).toBe(200);
    const listed = agencyOptions(chosen.text);
    const expected = (await t.db.agency.findMany({ where: { provinceId: ids.tayninh }, select: { id: true } })).map((a) => a.id);
    expect(listed.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
    expect(listed).toContain(ids.tayninhTax);
    expect(listed).not.toContain(ids.ngheanTax);
    expect((await admin.get('/admin/users/new?provinceId=abc')).status).toBe(422);
    expect((await admin.get('/admin/users/new?role=ROOT')).status).toBe(422);
  });

  it("a board always gets its own province's agencies, whatever it asks for", async () => {
    const res = await board.get(`/admin/users/new?provinceId=${ids.nghean}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('data-testid="pick-province"');
    const listed = agencyOptions(res.text);
    expect(listed).toContain(ids.tayninhTax);
    expect(listed).not.toContain(ids.ngheanTax);
    expect(res.text).toContain(`<input type="hidden" name="provinceId" value="${ids.tayninh}">`);
  });

  it('the POST checks that the agency belongs to the chosen province (422 next to the field, nothing written)', async () => {
    const before = await state();
    const res = await postForm(admin, '/admin/users', { username: 'lac.tinh', fullName: 'Nguyễn Văn Lạc', role: 'UNIT_OFFICER', provinceId: String(ids.tayninh), agencyId: String(ids.ngheanTax) }, '/admin/users/new');
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'agencyId')).toBe('Đơn vị này không thuộc tỉnh đã chọn.');
    expect(agencyOptions(res.text)).toContain(ids.tayninhTax);
    const noProvince = await postForm(admin, '/admin/users', { username: 'ban.khongtinh', fullName: 'Nguyễn Văn Lạc', role: 'BOARD', provinceId: '' }, '/admin/users/new');
    expect(noProvince.status).toBe(422);
    expect(noProvince.text).toContain('id="pick-provinceId-err">Thành viên Ban TĐKT cần chọn tỉnh.<');
    expect(await state()).toEqual(before);
  });
});

describe('scale: a fixed number of queries whatever the number of provinces', () => {
  it('the list pages 20 at a time with the same number of queries for 4 provinces or 30', async () => {
    const queries: string[] = [];
    const db = createDb(t.config.DATABASE_URL, (sql) => queries.push(sql));
    try {
      const count = async (q = '') => {
        queries.length = 0;
        await listProvinces(db, 1, q);
        return queries.filter((s) => /^\s*SELECT/i.test(s)).length;
      };
      const few = await count();
      const fewSearch = await count('nghe an');
      for (let i = 1; i <= 26; i++) {
        await t.db.province.create({ data: { code: `tinh-mau-${i}`, name: `Tỉnh Mẫu ${String(i).padStart(2, '0')}`, names: { create: { name: `Tỉnh Mẫu ${String(i).padStart(2, '0')}` } } } });
      }
      expect(await count()).toBe(few);
      expect(await count('nghe an')).toBe(fewSearch);
    } finally {
      await db.$disconnect();
    }
    const p1 = await admin.get('/admin/provinces');
    expect(rowsOf(p1.text)).toHaveLength(20);
    expect(p1.text).toContain('href="/admin/provinces?page=2"');
    const p2 = await admin.get('/admin/provinces?page=2');
    expect(rowsOf(p2.text).length).toBe((await t.db.province.count()) - 20);
    const search = await admin.get('/admin/provinces').query({ q: 'tinh mau' });
    expect(rowsOf(search.text)).toHaveLength(20);
    expect(search.text).toContain('href="/admin/provinces?page=2&amp;q=tinh%20mau"');
  });
});

describe('a fresh install: no province yet (DEMO_MODE=false, only the admin of create-admin)', () => {
  it('the home page and /admin/provinces work, and the admin can add the first province', async () => {
    const fresh = await emptyDatabase();
    const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-cwd-'));
    const db = createDb(fresh.url);
    try {
      runNode([path.join(ROOT, 'scripts', 'prisma.cjs'), 'deploy'], { DATABASE_URL: fresh.url });
      await createUser(db, { userId: null, ip: 'cli' }, { username: 'quantri', fullName: 'Quản trị hệ thống', jobTitle: '', role: 'ADMIN', password: 'MatKhauQuanTri2026' });
      const errors: string[] = [];
      const app = createApp(db, loadConfig({ NODE_ENV: 'test', DATABASE_URL: fresh.url, DEMO_MODE: 'false' }, workdir), (m) => errors.push(m));
      const agent = await loginAs(app, 'quantri', 'MatKhauQuanTri2026');
      const home = await agent.get('/');
      expect(home.status).toBe(200);
      const list = await agent.get('/admin/provinces');
      expect(list.status).toBe(200);
      expect(list.text).toContain('data-testid="no-province"');
      expect(list.text).toContain('Chưa có tỉnh, thành phố nào.');
      expect(list.text).toContain('href="/admin/provinces/new"');
      expect((await agent.get('/admin/users/new')).status).toBe(200);
      const res = await postForm(agent, '/admin/provinces', { name: 'Tây Ninh', validFrom: '2025-07-01', legalBasis: NQ }, '/admin/provinces/new');
      expect(res.status).toBe(302);
      const after = await agent.get('/admin/provinces');
      expect(rowsOf(after.text)).toEqual(['tay-ninh']);
      expect((await agent.get('/')).status).toBe(200);
      expect(errors).toEqual([]);
    } finally {
      await db.$disconnect();
      await fresh.drop();
      fs.rmSync(workdir, { recursive: true, force: true });
    }
  }, 120_000);
});
