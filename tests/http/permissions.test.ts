// Every route × every role → the expected status, through real HTTP on the demo data. Plus the
// cross-bloc attempts (IDOR): an officer of another bloc or province gets 403, never the data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startTestApp, loginAs, type Agent, type TestApp } from '../support/app';

let t: TestApp;
const agents: Record<string, Agent> = {};
let ids: { ngheAnBloc: number; tayNinhBloc: number; ngheAnTax: number; tayNinhTax: number };

// admin; the Nghệ An board; an officer of a Nghệ An member (customs, head in 2020);
// an officer of a Tây Ninh member; the Tây Ninh board.
const USERS = { admin: 'admin', board: 'bantdkt.nghean', head: 'haiquan.nghean', member: 'bhxh.nghean', otherUnit: 'thue.tayninh', otherBoard: 'bantdkt.tayninh' };
type Who = keyof typeof USERS | 'anonymous';

beforeAll(async () => {
  t = await startTestApp();
  for (const [k, u] of Object.entries(USERS)) agents[k] = await loginAs(t.app, u);
  const blocId = async (name: string) => (await t.db.blocVersion.findFirstOrThrow({ where: { name } })).blocId;
  const agencyId = async (name: string) => (await t.db.agencyVersion.findFirstOrThrow({ where: { name } })).agencyId;
  ids = {
    ngheAnBloc: await blocId('Khối các cơ quan Trung ương tỉnh Nghệ An'),
    tayNinhBloc: await blocId('Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh'),
    ngheAnTax: await agencyId('Cục Thuế Nghệ An'),
    tayNinhTax: await agencyId('Cục Thuế tỉnh Tây Ninh'),
  };
});
afterAll(async () => t.close());

function get(who: Who, url: string) {
  return who === 'anonymous' ? request(t.app).get(url) : agents[who].get(url);
}

type Row = { url: () => string; expect: Record<Who, number> };
const ALL_OK = { admin: 200, board: 200, head: 200, member: 200, otherUnit: 200, otherBoard: 200, anonymous: 302 };

const table: Row[] = [
  { url: () => '/', expect: ALL_OK },
  { url: () => '/blocs', expect: ALL_OK },
  { url: () => '/agencies', expect: ALL_OK },
  { url: () => '/account/password', expect: ALL_OK },
  { url: () => `/blocs/${ids.ngheAnBloc}`, expect: { admin: 200, board: 200, head: 200, member: 200, otherUnit: 403, otherBoard: 403, anonymous: 302 } },
  { url: () => `/blocs/${ids.ngheAnBloc}?year=2019`, expect: { admin: 200, board: 200, head: 200, member: 200, otherUnit: 403, otherBoard: 403, anonymous: 302 } },
  { url: () => `/blocs/${ids.tayNinhBloc}`, expect: { admin: 200, board: 403, head: 403, member: 403, otherUnit: 200, otherBoard: 200, anonymous: 302 } },
  { url: () => `/agencies/${ids.ngheAnTax}`, expect: { admin: 200, board: 200, head: 200, member: 200, otherUnit: 403, otherBoard: 403, anonymous: 302 } },
  { url: () => `/agencies/${ids.tayNinhTax}`, expect: { admin: 200, board: 403, head: 403, member: 403, otherUnit: 200, otherBoard: 200, anonymous: 302 } },
  { url: () => '/admin/users', expect: { admin: 200, board: 200, head: 403, member: 403, otherUnit: 403, otherBoard: 200, anonymous: 302 } },
  { url: () => '/admin/users/new', expect: { admin: 200, board: 200, head: 403, member: 403, otherUnit: 403, otherBoard: 200, anonymous: 302 } },
  { url: () => '/audit', expect: { admin: 200, board: 200, head: 403, member: 403, otherUnit: 403, otherBoard: 200, anonymous: 302 } },
];

describe('permission table (GET routes)', () => {
  for (const row of table) {
    for (const who of Object.keys(row.expect) as Who[]) {
      it(`${who} → ${row.url.toString().replace(/^\(\) => /, '')} → ${row.expect[who]}`, async () => {
        const res = await get(who, row.url());
        expect(res.status).toBe(row.expect[who]);
        if (row.expect[who] === 302) expect(res.headers.location).toBe('/login');
      });
    }
  }
});

describe('scoped lists: nobody sees another province or bloc in a list', () => {
  it('the Tây Ninh officer lists only its bloc and its fellow members', async () => {
    const blocs = await agents.otherUnit.get('/blocs');
    expect(blocs.text).toContain('Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh');
    expect(blocs.text).not.toContain('Nghệ An');
    const agencies = await agents.otherUnit.get('/agencies?q=Thuế');
    expect(agencies.text).toContain('Cục Thuế tỉnh Tây Ninh');
    expect(agencies.text).not.toContain('Nghệ An');
  });

  it('the Nghệ An board lists the Nghệ An bloc only', async () => {
    const blocs = await agents.board.get('/blocs');
    expect(blocs.text).toContain('Khối các cơ quan Trung ương tỉnh Nghệ An');
    expect(blocs.text).not.toContain('Tây Ninh');
    expect(blocs.text).not.toContain('Hà Nam');
  });

  it('admin lists every bloc', async () => {
    const blocs = await agents.admin.get('/blocs');
    for (const n of ['Nghệ An', 'Hà Nam', 'Tây Ninh']) expect(blocs.text).toContain(n);
  });
});

describe('bloc and agency pages', () => {
  it('the bloc page shows the year, the head and deputy as published, and the members', async () => {
    const res = await agents.member.get(`/blocs/${ids.ngheAnBloc}?year=2020`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/data-testid="head">\s*Cục Hải quan Nghệ An/);
    expect(res.text).toMatch(/data-testid="deputy">\s*Cục Quản lý thị trường tỉnh Nghệ An/);
    expect(res.text).toContain('Bảo hiểm xã hội tỉnh Nghệ An');
    const y2019 = await agents.member.get(`/blocs/${ids.ngheAnBloc}?year=2019`);
    expect(y2019.text).toMatch(/data-testid="head">\s*Bảo hiểm xã hội tỉnh Nghệ An/);
  });

  it('an unknown bloc or year is a 404 in Vietnamese; a malformed id is a 4xx, never a 500', async () => {
    expect((await agents.admin.get('/blocs/999999')).status).toBe(404);
    expect((await agents.admin.get(`/blocs/${ids.ngheAnBloc}?year=1999`)).status).toBe(422);
    expect((await agents.admin.get(`/blocs/${ids.ngheAnBloc}?year=2030`)).status).toBe(404);
    const bad = await agents.admin.get('/blocs/abc');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Mã không hợp lệ.');
    expect((await agents.admin.get('/blocs?page=-1')).status).toBe(422);
    expect(t.errors).toEqual([]);
  });

  it('the agency page shows the names valid over time (2025 reorganisation)', async () => {
    const res = await agents.board.get(`/agencies/${ids.ngheAnTax}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Cục Thuế Nghệ An');
    expect(res.text).toContain('Thuế tỉnh Nghệ An');
  });
});
