// The write-permission table: every state-changing route × every role → allowed (the request
// reaches the route's own rules: any status but 401/403) or refused (403, or 404 when the record
// is not the role's to see, or the sign-in page for anonymous) — and for every refusal a snapshot of
// the whole database (sessions and the sign-in throttle aside) proves nothing was written.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../../src/app';
import { createDb, type Db } from '../../src/db/client';
import { loadConfig } from '../../src/config';
import { cloneTemplate, DEMO_PASSWORD } from '../support/testdb';
import { changedTables, snapshot, tableNames } from '../support/snapshot';

type Who = 'anonymous' | 'admin' | 'boardHere' | 'boardOther' | 'head' | 'deputy' | 'member' | 'otherBloc';
const ROLES: Who[] = ['anonymous', 'admin', 'boardHere', 'boardOther', 'head', 'deputy', 'member', 'otherBloc'];

let db: Db;
let server: Server;
let base: string;
let drop: () => Promise<void>;
let tables: string[];
const agents = new Map<Who, { agent: ReturnType<typeof request.agent>; token: string }>();
let ids: {
  tnBloc: number;
  tnYearId: number;
  tnProvince: number;
  naBloc: number;
  memberAgency: number; // a plain member's unit (neither head nor deputy)
  headAgency: number;
  deputyAgency: number;
  criterion: number;
  group: number;
  fileOfMember: number | null;
  proposal: number;
  tnOfficer: number; // an account of a Tây Ninh unit that none of the agents uses
};

async function signIn(username: string) {
  const agent = request.agent(base);
  const page = await agent.get('/login');
  const token0 = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const res = await agent.post('/login').type('form').send({ username, password: DEMO_PASSWORD, _csrf: token0 });
  if (res.status !== 302) throw new Error(`sign-in as ${username}: ${res.status}`);
  const form = await agent.get('/account/password');
  return { agent, token: /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '' };
}

beforeAll(async () => {
  const clone = await cloneTemplate();
  drop = clone.drop;
  db = createDb(clone.url);
  const app = createApp(db, loadConfig({ NODE_ENV: 'test', DATABASE_URL: clone.url }), () => undefined);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tables = await tableNames(db, clone.url);

  const tn = await db.blocVersion.findFirstOrThrow({ where: { name: 'Khối thi đua các Cơ quan Trung ương tỉnh Tây Ninh' }, select: { blocId: true, bloc: { select: { provinceId: true } } } });
  const na = await db.blocVersion.findFirstOrThrow({ where: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' }, select: { blocId: true } });
  const year = await db.blocYear.findFirstOrThrow({ where: { blocId: tn.blocId, year: 2020 } });
  const officerOf = async (agencyId: number) =>
    (await db.roleAssignment.findFirstOrThrow({ where: { agencyId, role: 'UNIT_OFFICER' }, select: { user: { select: { username: true } } } })).user.username;
  // a plain member: neither the head nor the deputy
  const member = await db.roleAssignment.findFirstOrThrow({
    where: { role: 'UNIT_OFFICER', agency: { memberships: { some: { blocYearId: year.id } } }, agencyId: { notIn: [year.headAgencyId!, year.deputyAgencyId!] } },
    orderBy: { id: 'asc' },
    select: { agencyId: true, user: { select: { username: true } } },
  });
  const criterion = await db.criterion.findFirstOrThrow({ where: { table: { blocYearId: year.id } }, select: { id: true, groupId: true } });
  const file = await db.evidenceFile.findFirst({ where: { entry: { sheet: { blocYearId: year.id, agencyId: member.agencyId! } } }, select: { id: true } });
  // The demo's conference has no proposal yet: one sent for the plain member's unit, so the routes
  // on a proposal (withdraw, decide, correct, achievements) are tried for every role too.
  const proposal =
    (await db.awardProposal.findFirst({ where: { blocYearId: year.id, agencyId: member.agencyId! }, select: { id: true } })) ??
    (await db.awardProposal.create({ data: { blocYearId: year.id, awardKind: 'BANG_KHEN_TINH', agencyId: member.agencyId!, status: 'SENT', sentAt: new Date() }, select: { id: true } }));
  const tnOfficer = await db.roleAssignment.findFirstOrThrow({
    where: { role: 'UNIT_OFFICER', agency: { provinceId: tn.bloc.provinceId }, agencyId: { notIn: [member.agencyId!, year.headAgencyId!, year.deputyAgencyId!] } },
    select: { userId: true },
  });
  ids = {
    tnBloc: tn.blocId,
    tnYearId: year.id,
    tnProvince: tn.bloc.provinceId,
    naBloc: na.blocId,
    memberAgency: member.agencyId!,
    headAgency: year.headAgencyId!,
    deputyAgency: year.deputyAgencyId!,
    criterion: criterion.id,
    group: criterion.groupId,
    fileOfMember: file?.id ?? null,
    proposal: proposal.id,
    tnOfficer: tnOfficer.userId,
  };
  const usernames: Record<Exclude<Who, 'anonymous'>, string> = {
    admin: 'admin',
    boardHere: 'bantdkt.tayninh',
    boardOther: 'bantdkt.nghean',
    head: 'thongke.tayninh',
    deputy: await officerOf(ids.deputyAgency),
    member: member.user.username,
    otherBloc: 'haiquan.nghean',
  };
  for (const [who, u] of Object.entries(usernames) as [Who, string][]) agents.set(who, await signIn(u));
}, 120_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await db?.$disconnect();
  await drop?.();
});

type Row = { route: string; url: () => string; body?: () => Record<string, string>; allowed: Who[] };
const Y = () => `/blocs/${ids.tnBloc}/years/2020`;
const HEAD: Who[] = ['head'];
const BOARD: Who[] = ['boardHere'];

// Bodies are plausible but incomplete: an allowed role reaches the route's own checks (often a
// 409/422 for the phase or a missing field); a refused one must be stopped before any of them.
const table: Row[] = [
  { route: 'POST Y/setup', url: () => `${Y()}/setup`, body: () => ({ theme: 'Chủ đề', version: '1' }), allowed: HEAD },
  { route: 'POST Y/setup/members', url: () => `${Y()}/setup/members`, body: () => ({ agencyId: String(ids.memberAgency) }), allowed: HEAD },
  { route: 'POST Y/setup/members/:agencyId/remove', url: () => `${Y()}/setup/members/${ids.memberAgency}/remove`, allowed: HEAD },
  { route: 'POST Y/setup/phase', url: () => `${Y()}/setup/phase`, body: () => ({ to: 'CLOSED' }), allowed: HEAD },
  { route: 'POST Y/criteria/copy', url: () => `${Y()}/criteria/copy`, body: () => ({ source: 'template' }), allowed: HEAD },
  { route: 'POST Y/criteria/groups', url: () => `${Y()}/criteria/groups`, body: () => ({ title: 'Nhóm mới' }), allowed: HEAD },
  { route: 'POST Y/criteria/groups/:id', url: () => `${Y()}/criteria/groups/${ids.group}`, body: () => ({ title: 'Nhóm sửa' }), allowed: HEAD },
  { route: 'POST Y/criteria/groups/:id/delete', url: () => `${Y()}/criteria/groups/${ids.group}/delete`, allowed: HEAD },
  { route: 'POST Y/criteria/items', url: () => `${Y()}/criteria/items`, body: () => ({ groupId: String(ids.group), title: 'Tiêu chí', max: '5' }), allowed: HEAD },
  { route: 'POST Y/criteria/items/:id', url: () => `${Y()}/criteria/items/${ids.criterion}`, body: () => ({ title: 'Tiêu chí', max: '5' }), allowed: HEAD },
  { route: 'POST Y/criteria/items/:id/delete', url: () => `${Y()}/criteria/items/${ids.criterion}/delete`, allowed: HEAD },
  { route: 'POST Y/registrations/:agencyId', url: () => `${Y()}/registrations/${ids.memberAgency}`, body: () => ({ action: 'save', version: '1' }), allowed: ['member'] },
  { route: 'POST Y/registrations/:agencyId/accept', url: () => `${Y()}/registrations/${ids.memberAgency}/accept`, allowed: HEAD },
  { route: 'POST Y/registrations/accept', url: () => `${Y()}/registrations/accept`, body: () => ({ agencyIds: String(ids.memberAgency), [`version_${ids.memberAgency}`]: '1' }), allowed: HEAD },
  { route: 'POST Y/registrations/:agencyId/return', url: () => `${Y()}/registrations/${ids.memberAgency}/return`, body: () => ({ reason: 'Thiếu số liệu' }), allowed: HEAD },
  { route: 'POST Y/pledge', url: () => `${Y()}/pledge`, body: () => ({ text: 'Giao ước' }), allowed: HEAD },
  { route: 'POST Y/pledge/publish', url: () => `${Y()}/pledge/publish`, allowed: HEAD },
  { route: 'POST Y/pledge/sign', url: () => `${Y()}/pledge/sign`, body: () => ({ signerName: 'Nguyễn Văn A', signerTitle: 'Cục trưởng' }), allowed: ['head', 'deputy', 'member'] },
  { route: 'POST Y/scores/:agencyId', url: () => `${Y()}/scores/${ids.memberAgency}`, body: () => ({ action: 'save', version: '1', period: 'YEAR_END' }), allowed: ['member'] },
  { route: 'POST Y/scores/:agencyId/review', url: () => `${Y()}/scores/${ids.memberAgency}/review`, body: () => ({ action: 'save', period: 'YEAR_END' }), allowed: HEAD },
  { route: 'POST Y/scores/accept', url: () => `${Y()}/scores/accept`, body: () => ({ period: 'YEAR_END', agencyIds: String(ids.memberAgency), [`version_${ids.memberAgency}`]: '1' }), allowed: HEAD },
  { route: 'POST Y/scores/:agencyId/entries/:criterionId/appeal', url: () => `${Y()}/scores/${ids.memberAgency}/entries/${ids.criterion}/appeal`, body: () => ({ reason: 'Xin xem lại', period: 'YEAR_END' }), allowed: ['member'] },
  { route: 'POST Y/files/:fileId/delete', url: () => `${Y()}/files/${ids.fileOfMember ?? 1}/delete`, allowed: ['member'] },
  { route: 'POST Y/appeals/:appealId/resolve', url: () => `${Y()}/appeals/1/resolve`, body: () => ({ outcome: 'REJECTED' }), allowed: HEAD },
  { route: 'POST Y/reviews/mid-year/freeze', url: () => `${Y()}/reviews/mid-year/freeze`, body: () => ({ heldOn: '2020-07-15' }), allowed: HEAD },
  { route: 'POST Y/reviews/year-end/freeze', url: () => `${Y()}/reviews/year-end/freeze`, body: () => ({}), allowed: HEAD },
  { route: 'POST Y/awards/propose', url: () => `${Y()}/awards/propose`, body: () => ({ awardKind: 'CO_TINH', agencyId: String(ids.memberAgency) }), allowed: HEAD },
  { route: 'POST Y/awards/send', url: () => `${Y()}/awards/send`, allowed: HEAD },
  { route: 'POST Y/ballots', url: () => `${Y()}/ballots`, body: () => ({ purpose: 'AWARD', awardKind: 'CO_TINH' }), allowed: HEAD },
  { route: 'POST Y/ballots/:id/close', url: () => `${Y()}/ballots/999999/close`, allowed: HEAD },
  { route: 'POST Y/ballots/:id/next-round', url: () => `${Y()}/ballots/999999/next-round`, allowed: HEAD },
  { route: 'POST Y/ballots/:id/vote', url: () => `${Y()}/ballots/999999/vote`, allowed: ['head', 'deputy', 'member'] },
  { route: 'POST Y/closing/handover', url: () => `${Y()}/closing/handover`, body: () => ({ method: 'ROTATION' }), allowed: HEAD },
  { route: 'POST Y/closing/close', url: () => `${Y()}/closing/close`, body: () => ({}), allowed: HEAD },
  { route: 'POST Y/closing/reopen', url: () => `${Y()}/closing/reopen`, body: () => ({ reason: '' }), allowed: BOARD },
  { route: 'POST /provinces/:id/rules', url: () => `/provinces/${ids.tnProvince}/rules`, body: () => ({ year: '2020' }), allowed: ['admin', 'boardHere'] },
  { route: 'POST /provinces/:id/rules/awards/:awardKind', url: () => `/provinces/${ids.tnProvince}/rules/awards/CO_TINH`, body: () => ({ year: '2020' }), allowed: ['admin', 'boardHere'] },
  // any board reaches the form's own checks (its province only, 422 otherwise); another province's account is not found (404)
  { route: 'POST /admin/users', url: () => '/admin/users', body: () => ({ username: 'x' }), allowed: ['admin', 'boardHere', 'boardOther'] },
  { route: 'POST /admin/users/:id/reset-password', url: () => `/admin/users/${ids.tnOfficer}/reset-password`, allowed: ['admin', 'boardHere'] },
  { route: 'POST /admin/users/:id/disable', url: () => `/admin/users/${ids.tnOfficer}/disable`, allowed: ['admin', 'boardHere'] },
  { route: 'POST /admin/users/:id/enable', url: () => `/admin/users/${ids.tnOfficer}/enable`, allowed: ['admin', 'boardHere'] },
  // agencies of Tây Ninh: the admin and Tây Ninh's board (bodies incomplete: 422 for them)
  { route: 'POST /agencies', url: () => '/agencies', body: () => ({ provinceId: String(ids.tnProvince) }), allowed: ['admin', 'boardHere'] },
  { route: 'POST /agencies/:id', url: () => `/agencies/${ids.memberAgency}`, body: () => ({ kind: 'NOPE' }), allowed: ['admin', 'boardHere'] },
  ...(['rename', 'merge', 'split', 'transfer', 'dissolve'] as const).map(
    (ev): Row => ({ route: `POST /agencies/:id/${ev}`, url: () => `/agencies/${ids.memberAgency}/${ev}`, body: () => ({ date: '' }), allowed: ['admin', 'boardHere'] }),
  ),
  // blocs administration: a board without a province field gets its own (then the form's 422); a bloc of another province: 403
  { route: 'POST /blocs', url: () => '/blocs', body: () => ({ name: 'x' }), allowed: ['admin', 'boardHere', 'boardOther'] },
  { route: 'POST /blocs/:id/rename', url: () => `/blocs/${ids.tnBloc}/rename`, body: () => ({ name: 'x' }), allowed: ['admin', 'boardHere'] },
  { route: 'POST /blocs/:id/retire', url: () => `/blocs/${ids.tnBloc}/retire`, body: () => ({}), allowed: ['admin', 'boardHere'] },
  { route: 'POST /blocs/:id/years', url: () => `/blocs/${ids.tnBloc}/years`, body: () => ({ year: '2020' }), allowed: ['admin', 'boardHere'] },
  // provinces: the admin only (bodies incomplete: 422 for the admin)
  { route: 'POST /admin/provinces', url: () => '/admin/provinces', body: () => ({ name: '' }), allowed: ['admin'] },
  { route: 'POST /admin/provinces/:id/rename', url: () => `/admin/provinces/${ids.tnProvince}/rename`, body: () => ({ name: '' }), allowed: ['admin'] },
  // imports: a form without a file reaches the route's own 422; another province named: 403
  { route: 'POST /imports', url: () => '/imports', body: () => ({ provinceId: String(ids.tnProvince) }), allowed: ['admin', 'boardHere'] },
  // an unknown batch: 404 for whoever may import, 403 for everyone else — nobody learns more
  { route: 'POST /imports/:id/confirm', url: () => '/imports/999999/confirm', allowed: ['admin', 'boardHere', 'boardOther'] },
  { route: 'POST /imports/:id/discard', url: () => '/imports/999999/discard', allowed: ['admin', 'boardHere', 'boardOther'] },
  { route: 'POST /provinces/:id/criteria-template/import', url: () => `/provinces/${ids.tnProvince}/criteria-template/import`, allowed: ['admin', 'boardHere'] },
  { route: 'POST Y/criteria/import', url: () => `${Y()}/criteria/import`, allowed: HEAD },
  { route: 'POST /provinces/:id/awards/import', url: () => `/provinces/${ids.tnProvince}/awards/import`, allowed: ['admin', 'boardHere'] },
  { route: 'POST /provinces/:id/awards/imports/:batchId/confirm', url: () => `/provinces/${ids.tnProvince}/awards/imports/999999/confirm`, allowed: ['admin', 'boardHere'] },
  { route: 'POST /provinces/:id/awards/imports/:batchId/discard', url: () => `/provinces/${ids.tnProvince}/awards/imports/999999/discard`, allowed: ['admin', 'boardHere'] },
  // the proposals inbox: the province's board decides (the admin reads only)
  { route: 'POST /provinces/:id/proposals/decide', url: () => `/provinces/${ids.tnProvince}/proposals/decide`, body: () => ({ outcome: 'APPROVED' }), allowed: BOARD },
];
// Routes on one proposal: the plain member's unit's, sent to the board.
const proposalRows: Row[] = [
  { route: 'POST Y/awards/:id/withdraw', url: () => `${Y()}/awards/${ids.proposal}/withdraw`, allowed: HEAD },
  { route: 'POST Y/awards/:id/decide', url: () => `${Y()}/awards/${ids.proposal}/decide`, body: () => ({ outcome: 'APPROVED' }), allowed: BOARD },
  { route: 'POST Y/awards/:id/decision/correct', url: () => `${Y()}/awards/${ids.proposal}/decision/correct`, body: () => ({ outcome: 'REJECTED', reason: 'Nhập nhầm kết quả quyết định.' }), allowed: BOARD },
  { route: 'POST /provinces/:id/proposals/:proposalId/correct', url: () => `/provinces/${ids.tnProvince}/proposals/${ids.proposal}/correct`, body: () => ({ outcome: 'REJECTED', reason: 'Nhập nhầm kết quả quyết định.' }), allowed: BOARD },
  { route: 'POST Y/awards/:id/achievements', url: () => `${Y()}/awards/${ids.proposal}/achievements`, body: () => ({ achievements: 'Thành tích' }), allowed: ['head', 'member'] },
];

async function post(who: Who, url: string, body: Record<string, string>) {
  const a = agents.get(who);
  const client = a ? a.agent : request(base);
  return client.post(url).type('form').redirects(0).send({ ...body, _csrf: a?.token ?? '' });
}

function checkRow(row: Row, roles: readonly Who[]) {
  for (const who of roles) {
    const allowed = row.allowed.includes(who);
    it(`${row.route} as ${who} → ${allowed ? 'allowed' : 'refused, nothing written'}`, async () => {
      const before = await snapshot(db, tables);
      const res = await post(who, row.url(), row.body?.() ?? {});
      const after = await snapshot(db, tables);
      if (allowed) {
        expect([401, 403], `${res.status} ${res.text.slice(0, 200)}`).not.toContain(res.status);
      } else {
        if (who === 'anonymous') {
          // no session: the CSRF check or the sign-in requirement stops it
          expect([302, 401, 403]).toContain(res.status);
        } else {
          expect([403, 404], `${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
        }
        expect(changedTables(before, after)).toEqual([]);
      }
    });
  }
}

describe('write-permission table: every state-changing route × every role', () => {
  for (const row of [...table, ...proposalRows]) checkRow(row, ROLES);
});

describe('the deputy stands in while the head delegates', () => {
  it('delegation on', async () => {
    await db.blocYear.update({ where: { id: ids.tnYearId }, data: { deputyActsAsHead: true } });
  });
  const headRows = table.filter((r) => r.allowed === HEAD);
  for (const row of headRows) checkRow({ ...row, allowed: ['head', 'deputy'] }, ['deputy', 'member']);
});
