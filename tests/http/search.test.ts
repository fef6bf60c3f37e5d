// Search on the lists of agencies, blocs and accounts: case-, diacritic- and Unicode-form-insensitive,
// with % and _ taken literally, the same on SQLite and PostgreSQL; and the searchKey column kept up
// to date by every write (service, nested create, partial update) and filled for old rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, postForm, type Agent, type TestApp } from '../support/app';
import { backfillSearchKeys } from '../../src/db/search-keys';

let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t.app, 'admin');
});
afterAll(async () => t.close());

/** The names listed on a search page (the links of its table rows), and its total. */
async function search(path: '/agencies' | '/blocs' | '/admin/users', q: string): Promise<{ names: string[]; total: number }> {
  const res = await admin.get(path).query({ q });
  expect(res.status).toBe(200);
  const row = path === '/admin/users' ? /<td><code>([^<]+)<\/code><\/td>\s*<td>([^<]*)<\/td>/g : new RegExp(`<a href="${path}/\\d+">([^<]+)</a>`, 'g');
  const names = [...res.text.matchAll(row)].map((m) => (path === '/admin/users' ? `${m[1]} ${m[2]}` : m[1]));
  const total = Number(/Tổng số: ([\d.]+)/.exec(res.text)?.[1].replace(/\./g, ''));
  return { names, total };
}

const NFD = (s: string) => s.normalize('NFD');

describe('GET /agencies?q=', () => {
  it('finds the customs offices from "Cục Hải quan" in NFD, from "hai quan" and from "HẢI QUAN"', async () => {
    expect(NFD('Cục Hải quan')).not.toBe('Cục Hải quan');
    for (const q of [NFD('Cục Hải quan'), 'cuc hai quan', 'CỤC HẢI QUAN']) {
      const { names } = await search('/agencies', q);
      // "Chi cục Hải quan Hà Nam" contains it too
      expect([...names].sort(), q).toEqual(['Chi cục Hải quan Hà Nam', 'Cục Hải quan Nghệ An', 'Cục Hải quan Tây Ninh']);
    }
    for (const q of ['hai quan', 'HẢI QUAN', NFD('hải quan')]) {
      const { names } = await search('/agencies', q);
      expect(names, q).toEqual(expect.arrayContaining(['Cục Hải quan Nghệ An', 'Chi cục Hải quan Hà Nam', 'Cục Hải quan Tây Ninh']));
    }
  });

  it('finds an agency by a former name (Cục Thuế Nghệ An, renamed in 2025)', async () => {
    const { names } = await search('/agencies', 'cuc thue nghe an');
    expect(names).toEqual(['Thuế tỉnh Nghệ An']);
  });

  it('% and _ match only themselves: no agency name holds them', async () => {
    const all = await search('/agencies', '');
    expect(all.total).toBeGreaterThan(10);
    for (const q of ['%', '_', '%%', 'h_i quan', 'c%c', '\\', 'hai\\']) {
      const { names, total } = await search('/agencies', q);
      expect({ q, names, total }).toEqual({ q, names: [], total: 0 });
    }
  });

  it('a name that holds % or _ is found by them, on both databases', async () => {
    const province = await t.db.province.findFirstOrThrow({ where: { name: 'Nghệ An' } });
    // created with a nested version, as an import would: the key must be set on it too
    await t.db.agency.create({
      data: { provinceId: province.id, code: 'search-literal', versions: { create: [{ name: 'Quỹ 100% vốn_Nhà nước', validFrom: new Date('2020-01-01') }] } },
    });
    expect((await search('/agencies', '100%')).names).toEqual(['Quỹ 100% vốn_Nhà nước']);
    expect((await search('/agencies', 'VON_NHA')).names).toEqual(['Quỹ 100% vốn_Nhà nước']);
    expect((await search('/agencies', '100_')).names).toEqual([]);
    expect((await search('/agencies', '10%n')).names).toEqual([]);
    expect((await search('/agencies', NFD('quỹ 100'))).names).toEqual(['Quỹ 100% vốn_Nhà nước']);
  });
});

describe('GET /blocs?q=', () => {
  it('finds "Khối Thi đua Tổng hợp tỉnh Hà Nam" without diacritics, in capitals and in NFD', async () => {
    for (const q of ['khoi thi dua tong hop', 'KHỐI THI ĐUA TỔNG HỢP', NFD('Khối Thi đua Tổng hợp'), 'tong hop tinh ha nam']) {
      expect((await search('/blocs', q)).names, q).toEqual(['Khối Thi đua Tổng hợp tỉnh Hà Nam']);
    }
    expect((await search('/blocs', 'co quan trung uong')).names).toHaveLength(2);
  });

  it('% and _ do not match every bloc', async () => {
    expect((await search('/blocs', '')).total).toBe(3);
    for (const q of ['%', '_', 'kh_i']) expect((await search('/blocs', q)).total, q).toBe(0);
  });
});

describe('GET /admin/users?q=', () => {
  it('finds an account by its full name without diacritics, in capitals, in NFD, and by username', async () => {
    for (const q of ['quan tri he thong', 'QUẢN TRỊ HỆ THỐNG', NFD('Quản trị'), 'ADMIN']) {
      expect((await search('/admin/users', q)).names, q).toContain('admin Quản trị hệ thống');
    }
    const officer = await t.db.user.findUniqueOrThrow({ where: { username: 'haiquan.nghean' } });
    const { names } = await search('/admin/users', NFD(officer.fullName.toUpperCase()));
    expect(names).toContain(`haiquan.nghean ${officer.fullName}`);
  });

  it('% and _ do not match every account', async () => {
    expect((await search('/admin/users', '')).total).toBeGreaterThan(20);
    for (const q of ['%', '_', 'haiquan_nghean']) expect((await search('/admin/users', q)).total, q).toBe(0);
    // the dot of a username is not a wildcard either
    expect((await search('/admin/users', 'haiquan.nghean')).total).toBe(1);
  });

  it('a new account created through the form is found by its folded name', async () => {
    const province = await t.db.province.findFirstOrThrow({ where: { name: 'Hà Nam' } });
    const res = await postForm(
      admin,
      '/admin/users',
      { username: 'timkiem.moi', fullName: 'Đặng Thị Ngọc Ánh', jobTitle: 'Chuyên viên', role: 'BOARD', provinceId: String(province.id), password: 'MatKhauBan2026' },
      '/admin/users/new',
    );
    expect(res.status).toBe(302);
    for (const q of ['dang thi ngoc anh', 'ĐẶNG THỊ', NFD('Ngọc Ánh')]) {
      expect((await search('/admin/users', q)).names, q).toEqual(['timkiem.moi Đặng Thị Ngọc Ánh']);
    }
  });

  it('an update of the full name alone (username not written) refreshes the key', async () => {
    const updated = await t.db.user.update({ where: { username: 'thue.nghean' }, data: { fullName: 'Lò Văn Xướng' }, select: { username: true } });
    expect(updated).toEqual({ username: 'thue.nghean' }); // the caller still gets the shape it asked for
    expect((await search('/admin/users', 'lo van xuong')).names).toEqual(['thue.nghean Lò Văn Xướng']);
  });
});

describe('backfill of rows written before the column existed', () => {
  it('fills every empty key, and the lists find those rows again', async () => {
    for (const table of ['User', 'AgencyVersion', 'BlocVersion']) await t.db.$executeRawUnsafe(`UPDATE "${table}" SET "searchKey" = ''`);
    expect((await search('/agencies', 'hai quan')).total).toBe(0);
    const filled = await backfillSearchKeys(t.db, 7); // several batches, a short last one
    const [users, agencyVersions, blocVersions] = await Promise.all([t.db.user.count(), t.db.agencyVersion.count(), t.db.blocVersion.count()]);
    expect(filled).toBe(users + agencyVersions + blocVersions);
    expect(await t.db.user.count({ where: { searchKey: '' } })).toBe(0);
    expect((await search('/agencies', 'hai quan')).total).toBe(3);
    expect((await search('/blocs', 'tong hop')).total).toBe(1);
    expect((await search('/admin/users', 'quan tri he thong')).total).toBe(1);
    expect(await backfillSearchKeys(t.db)).toBe(0);
  });
});
