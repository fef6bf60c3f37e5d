// Agencies' administration: the admin for every province, a province's board for its own. Create,
// edit, and the reorganisation events (rename, merge, split, transfer, dissolve) with their date and
// decision; a closed agency takes no more events; bad input is a 422 with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, postForm, type Agent, type TestApp } from '../support/app';

let t: TestApp;
let admin: Agent;
let board: Agent; // bantdkt.tayninh
let otherBoard: Agent; // bantdkt.nghean
let officer: Agent; // thue.tayninh, a member unit's officer
let ids: { tayninh: number; hanam: number; stats: number; tax: number; treasury: number; insurance: number; bank: number; customs: number; hanamTax: number; tnBloc: number };

const agencyOf = async (username: string) => (await t.db.roleAssignment.findFirstOrThrow({ where: { user: { username } }, select: { agencyId: true } })).agencyId!;

beforeAll(async () => {
  t = await startTestApp();
  const tayninh = await t.db.province.findFirstOrThrow({ where: { name: 'Tây Ninh' } });
  const hanam = await t.db.province.findFirstOrThrow({ where: { name: 'Hà Nam' } });
  const tnBloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh' }, select: { blocId: true } });
  ids = {
    tayninh: tayninh.id,
    hanam: hanam.id,
    stats: await agencyOf('thongke.tayninh'),
    tax: await agencyOf('thue.tayninh'),
    treasury: await agencyOf('khobac.tayninh'),
    insurance: await agencyOf('bhxh.tayninh'),
    bank: await agencyOf('nhnn.tayninh'),
    customs: await agencyOf('haiquan.tayninh'),
    hanamTax: await agencyOf('thue.hanam'),
    tnBloc: tnBloc.blocId,
  };
  [admin, board, otherBoard, officer] = await Promise.all(['admin', 'bantdkt.tayninh', 'bantdkt.nghean', 'thue.tayninh'].map((u) => loginAs(t.app, u)));
}, 60_000);
afterAll(async () => t.close());

/** What a refused or invalid request must leave alone. */
async function state() {
  const [agencies, versions, lineage, audit, memberships] = await Promise.all([
    t.db.agency.findMany({ orderBy: { id: 'asc' }, select: { id: true, kind: true } }),
    t.db.agencyVersion.findMany({ orderBy: { id: 'asc' }, select: { id: true, name: true, parentBody: true, area: true, validTo: true } }),
    t.db.agencyLineage.count(),
    t.db.auditLog.count(),
    t.db.membership.findMany({ orderBy: { id: 'asc' }, select: { id: true, agencyVersionId: true } }),
  ]);
  return { agencies, versions, lineage, audit, memberships };
}

const event = { legalBasis: 'Quyết định số 1234/QĐ-BTC ngày 15/6/2025 của Bộ Tài chính', note: 'Sắp xếp tổ chức bộ máy' };
const newAgency = (provinceId: number, name = 'Chi cục Hải quan khu vực XVI') => ({
  provinceId: String(provinceId),
  name,
  shortName: 'HQKV XVI',
  kind: 'CUSTOMS',
  parentBody: 'Cục Hải quan',
  area: 'Tây Ninh, Long An',
  validFrom: '2025-03-01',
});

describe('create and edit', () => {
  it('a board creates an agency of its own province, with a unique code and an audit row of that province', async () => {
    const list = await board.get('/agencies');
    expect(list.text).toContain('href="/agencies/new"');
    expect((await board.get('/agencies/new')).status).toBe(200);
    const res = await postForm(board, '/agencies', newAgency(ids.tayninh));
    expect(res.status).toBe(302);
    const id = Number(/\/agencies\/(\d+)$/.exec(res.headers.location)?.[1]);
    const a = await t.db.agency.findUniqueOrThrow({ where: { id }, include: { versions: true } });
    expect(a.provinceId).toBe(ids.tayninh);
    expect(a.kind).toBe('CUSTOMS');
    expect(a.versions).toHaveLength(1);
    expect(a.versions[0]).toMatchObject({ name: 'Chi cục Hải quan khu vực XVI', parentBody: 'Cục Hải quan', area: 'Tây Ninh, Long An', validTo: null });
    expect(await t.db.auditLog.count({ where: { action: 'agency.create', entityId: String(id), provinceId: ids.tayninh } })).toBe(1);
    // the same short name again: another code
    const again = await postForm(board, '/agencies', newAgency(ids.tayninh, 'Chi cục Hải quan khu vực XVI (bản sao)'));
    expect(again.status).toBe(302);
    const codes = await t.db.agency.findMany({ where: { provinceId: ids.tayninh, kind: 'CUSTOMS', versions: { some: { shortName: 'HQKV XVI' } } }, select: { code: true } });
    expect(new Set(codes.map((c) => c.code)).size).toBe(2);
    // the page shows it, with the forms of its administration
    const page = await board.get(res.headers.location);
    expect(page.text).toContain('Chi cục Hải quan khu vực XVI');
    expect(page.text).toContain(`action="/agencies/${id}/rename"`);
    expect(page.text).toContain('01/03/2025');
  });

  it('a board of another province is refused (403) and nothing is written', async () => {
    const before = await state();
    const res = await postForm(otherBoard, '/agencies', newAgency(ids.tayninh, 'Đơn vị không được tạo'));
    expect(res.status).toBe(403);
    expect(await state()).toEqual(before);
    expect((await otherBoard.get(`/agencies/${ids.tax}/edit`)).status).toBe(403);
  });

  it('a member officer cannot create nor change an agency (403), nothing written', async () => {
    const before = await state();
    expect((await officer.get('/agencies/new')).status).toBe(403);
    expect((await postForm(officer, '/agencies', newAgency(ids.tayninh))).status).toBe(403);
    expect((await postForm(officer, `/agencies/${ids.tax}/rename`, { ...event, date: '2025-07-01', name: 'Thuế tỉnh Tây Ninh' })).status).toBe(403);
    expect((await postForm(officer, `/agencies/${ids.tax}/dissolve`, { ...event, date: '2025-07-01' })).status).toBe(403);
    expect(await state()).toEqual(before);
    expect((await officer.get('/agencies')).text).not.toContain('href="/agencies/new"');
    expect((await officer.get(`/agencies/${ids.tax}`)).text).not.toContain('/rename"');
  });

  it('bad values are a 422 next to the field, the values kept, nothing written', async () => {
    const before = await state();
    const res = await postForm(board, '/agencies', { ...newAgency(ids.tayninh, 'Sở Nội vụ tỉnh Tây Ninh'), validFrom: '2025-02-31x', kind: 'NOPE' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Vui lòng nhập ngày bắt đầu hoạt động');
    expect(res.text).toContain('Vui lòng chọn loại cơ quan.');
    expect(res.text).toContain('value="Sở Nội vụ tỉnh Tây Ninh"');
    const noName = await postForm(board, '/agencies', { ...newAgency(ids.tayninh), name: '' });
    expect(noName.status).toBe(422);
    expect(noName.text).toContain('Vui lòng nhập tên cơ quan, đơn vị.');
    expect(await state()).toEqual(before);
  });

  it('edits the current version’s parent body and area', async () => {
    expect((await board.get(`/agencies/${ids.customs}/edit`)).status).toBe(200);
    const res = await postForm(board, `/agencies/${ids.customs}`, { kind: 'CUSTOMS', parentBody: 'Cục Hải quan (Bộ Tài chính)', area: 'Tây Ninh' });
    expect(res.status).toBe(302);
    const v = await t.db.agencyVersion.findFirstOrThrow({ where: { agencyId: ids.customs, validTo: null } });
    expect(v).toMatchObject({ parentBody: 'Cục Hải quan (Bộ Tài chính)', area: 'Tây Ninh' });
    const bad = await postForm(board, `/agencies/${ids.customs}`, { kind: 'CUSTOMS', parentBody: 'x'.repeat(201), area: '' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Cơ quan chủ quản tối đa 200 ký tự.');
  });
});

describe('reorganisation events', () => {
  it('rename from a date: both names found by the folded search, the years before show the old name', async () => {
    const old = await t.db.agencyVersion.findFirstOrThrow({ where: { agencyId: ids.stats, validTo: null } });
    // a date not after the current version's start: 422, nothing written
    const before = await state();
    const early = await postForm(board, `/agencies/${ids.stats}/rename`, { ...event, date: old.validFrom.toISOString().slice(0, 10), name: 'Thống kê tỉnh Tây Ninh' });
    expect(early.status).toBe(422);
    expect(early.text).toContain('Ngày hiệu lực phải sau ngày bắt đầu');
    expect(early.text).toContain('value="Thống kê tỉnh Tây Ninh"');
    const noDate = await postForm(board, `/agencies/${ids.stats}/rename`, { ...event, date: '', name: 'Thống kê tỉnh Tây Ninh' });
    expect(noDate.status).toBe(422);
    expect(await state()).toEqual(before);

    const res = await postForm(board, `/agencies/${ids.stats}/rename`, { ...event, date: '2025-07-01', name: 'Thống kê tỉnh Tây Ninh', shortName: 'Thống kê' });
    expect(res.status).toBe(302);
    const versions = await t.db.agencyVersion.findMany({ where: { agencyId: ids.stats }, orderBy: { validFrom: 'asc' } });
    expect(versions.at(-2)!.validTo!.toISOString().slice(0, 10)).toBe('2025-06-30');
    expect(versions.at(-1)).toMatchObject({ name: 'Thống kê tỉnh Tây Ninh', validTo: null });
    expect(await t.db.agencyLineage.count({ where: { kind: 'RENAME', predecessorId: ids.stats, successorId: ids.stats, legalBasis: event.legalBasis } })).toBe(1);

    for (const q of ['thong ke tinh tay ninh', 'CỤC THỐNG KÊ tỉnh tây ninh']) {
      const list = await board.get('/agencies').query({ q });
      expect(list.text, q).toContain(`href="/agencies/${ids.stats}"`);
    }
    const page = await board.get(`/agencies/${ids.stats}`);
    expect(page.text).toContain('Đổi tên ngày 01/07/2025');
    expect(page.text).toContain('<h1 class="h3 mb-1" data-testid="agency-name">Thống kê tỉnh Tây Ninh</h1>');
    const bloc2020 = await board.get(`/blocs/${ids.tnBloc}?year=2020`);
    expect(bloc2020.text).toContain(old.name);
    expect(bloc2020.text).not.toMatch(/>\s*Thống kê tỉnh Tây Ninh\s*</);
  });

  it('transfer: a new parent body from a date, the same agency', async () => {
    const res = await postForm(board, `/agencies/${ids.customs}/transfer`, { ...event, date: '2025-07-01', parentBody: 'Cục Hải quan', area: 'Tây Ninh, Long An' });
    expect(res.status).toBe(302);
    const open = await t.db.agencyVersion.findFirstOrThrow({ where: { agencyId: ids.customs, validTo: null } });
    expect(open).toMatchObject({ parentBody: 'Cục Hải quan', area: 'Tây Ninh, Long An' });
    expect(await t.db.agencyLineage.count({ where: { kind: 'TRANSFER', predecessorId: ids.customs, successorId: ids.customs } })).toBe(1);
    const same = await postForm(board, `/agencies/${ids.customs}/transfer`, { ...event, date: '2025-08-01', parentBody: 'Cục Hải quan', area: 'Tây Ninh, Long An' });
    expect(same.status).toBe(422);
  });

  it('merge: lineage to the successor, the predecessor closed, the successor lists it with its years', async () => {
    const oldName = (await t.db.agencyVersion.findFirstOrThrow({ where: { agencyId: ids.treasury, validTo: null } })).name;
    const form = await board.get(`/agencies/${ids.treasury}`);
    expect(form.text).toMatch(/action="\/agencies\/\d+\/merge" novalidate data-confirm="/);
    const self = await postForm(board, `/agencies/${ids.treasury}/merge`, { ...event, date: '2025-07-01', successorId: String(ids.treasury) });
    expect(self.status).toBe(422);
    const other = await postForm(board, `/agencies/${ids.treasury}/merge`, { ...event, date: '2025-07-01', successorId: String(ids.hanamTax) });
    expect(other.status).toBe(422);

    const res = await postForm(board, `/agencies/${ids.treasury}/merge`, { ...event, date: '2025-07-01', successorId: String(ids.tax) });
    expect(res.status).toBe(302);
    expect(await t.db.agencyLineage.count({ where: { kind: 'MERGE', predecessorId: ids.treasury, successorId: ids.tax } })).toBe(1);
    expect(await t.db.agencyVersion.count({ where: { agencyId: ids.treasury, validTo: null } })).toBe(0);
    const successor = await board.get(`/agencies/${ids.tax}`);
    expect(successor.text).toContain(`tiếp nhận từ <a href="/agencies/${ids.treasury}">${oldName}</a>`);
    const history = successor.text.slice(successor.text.indexOf('data-testid="predecessors"'));
    expect(history).toContain(oldName);
    expect(history).toContain('<td>2020</td>');
    const predecessor = await board.get(`/agencies/${ids.treasury}`);
    expect(predecessor.text).toContain('Đã kết thúc hoạt động');
    expect(predecessor.text).toContain(`chuyển thành <a href="/agencies/${ids.tax}">`);
    // closed: no more events (409), nothing written
    const before = await state();
    const again = await postForm(board, `/agencies/${ids.treasury}/rename`, { ...event, date: '2025-09-01', name: 'Kho bạc Nhà nước khu vực' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('đã kết thúc hoạt động');
    expect(await state()).toEqual(before);
  });

  it('split into two new agencies in one transaction', async () => {
    const before = await state();
    const one = await postForm(board, `/agencies/${ids.insurance}/split`, { ...event, date: '2025-07-01', name1: 'Bảo hiểm xã hội cơ sở Tây Ninh 1' });
    expect(one.status).toBe(422);
    expect(one.text).toContain('Chia tách cần ít nhất hai cơ quan, đơn vị mới.');
    expect(await state()).toEqual(before);

    const res = await postForm(board, `/agencies/${ids.insurance}/split`, { ...event, date: '2025-07-01', name1: 'Bảo hiểm xã hội cơ sở Tây Ninh 1', name2: 'Bảo hiểm xã hội cơ sở Tây Ninh 2', shortName2: 'BHXH CS2' });
    expect(res.status).toBe(302);
    const links = await t.db.agencyLineage.findMany({ where: { kind: 'SPLIT', predecessorId: ids.insurance }, include: { successor: { include: { versions: true } } } });
    expect(links.map((l) => l.successor!.versions[0].name).sort()).toEqual(['Bảo hiểm xã hội cơ sở Tây Ninh 1', 'Bảo hiểm xã hội cơ sở Tây Ninh 2']);
    expect(links.every((l) => l.successor!.provinceId === ids.tayninh && l.successor!.versions[0].validFrom.toISOString().startsWith('2025-07-01'))).toBe(true);
    const list = await board.get('/agencies').query({ q: 'bao hiem xa hoi co so tay ninh' });
    for (const l of links) expect(list.text).toContain(`href="/agencies/${l.successorId}"`);
    expect((await board.get(`/agencies/${links[0].successorId}`)).text).toContain(`tiếp nhận từ <a href="/agencies/${ids.insurance}">`);
  });

  it('dissolve: closed, and no further event (409)', async () => {
    const res = await postForm(admin, `/agencies/${ids.bank}/dissolve`, { ...event, date: '2025-07-01' });
    expect(res.status).toBe(302);
    expect(await t.db.agencyLineage.count({ where: { kind: 'DISSOLVE', predecessorId: ids.bank, successorId: null } })).toBe(1);
    const before = await state();
    for (const [path, body] of [
      ['dissolve', { ...event, date: '2025-08-01' }],
      ['transfer', { ...event, date: '2025-08-01', parentBody: 'Ngân hàng Nhà nước' }],
      ['merge', { ...event, date: '2025-08-01', successorId: String(ids.tax) }],
    ] as const) {
      expect((await postForm(admin, `/agencies/${ids.bank}/${path}`, body)).status, path).toBe(409);
    }
    expect((await postForm(admin, `/agencies/${ids.bank}`, { kind: 'STATE_BANK', parentBody: '', area: '' })).status).toBe(409);
    expect(await state()).toEqual(before);
  });

  it('a member of a bloc-year not closed cannot be merged or dissolved: 409 naming the bloc-year', async () => {
    const year = new Date().getFullYear();
    const before = await state();
    const res = await postForm(admin, `/agencies/${ids.hanamTax}/dissolve`, { ...event, date: `${year}-03-01` });
    expect(res.status).toBe(409);
    expect(res.text).toContain(`Khối Thi đua Tổng hợp tỉnh Hà Nam năm ${year}`);
    expect(await state()).toEqual(before);
  });

  it('the admin filters the list by province', async () => {
    const res = await admin.get('/agencies').query({ provinceId: String(ids.hanam) });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`href="/agencies/${ids.hanamTax}"`);
    expect(res.text).not.toContain(`href="/agencies/${ids.tax}"`);
    expect(res.text).toContain('Tất cả các tỉnh');
  });
});
