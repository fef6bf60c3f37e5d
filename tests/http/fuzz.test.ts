// Fuzz suite: for every route of README's routes table, generated bad requests — wrong types, huge
// and empty values, NFD/NFC Vietnamese, HTML and script, formula prefixes, out-of-range numbers,
// duplicate and unknown fields, prototype keys, wrong methods, ids of other blocs — as every role.
// Asserts no 5xx, no stack trace, and that a refused request (4xx) wrote nothing: every SQL write of
// the request is seen through the client's query log, and when a refused request wrote to a table
// other than sessions/throttle (audit too, for sign-in), the database content must be exactly what
// it was before it. Seeded, so a failure can be replayed with FUZZ_SEED; bounded in count and time.
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../../src/app';
import { createDb, type Db } from '../../src/db/client';
import { loadConfig } from '../../src/config';
import { hashPassword } from '../../src/auth/passwords';
import { cloneTemplate, DEMO_PASSWORD, ROOT } from '../support/testdb';
import { tableNames, tableHash as hashOf, writtenTables } from '../support/snapshot';

let tables: string[] = [];
const tableHash = (t: string) => hashOf(db, t);

const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const TIME_LIMIT_MS = 480_000; // a safety bound: ~100–130 s on an idle 2-core machine

// ── a small seeded PRNG (mulberry32): the same seed gives the same requests ──
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}
const rnd = prng(SEED);

// ── the routes of README's table ──
type RouteSpec = { method: string; path: string };
function routesFromReadme(): RouteSpec[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## Routes$/m)[1]?.split(/^## /m)[0] ?? '';
  const out: RouteSpec[] = [];
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cell = line.split(/(?<!\\)\|/)[1] ?? '';
    for (const m of cell.matchAll(/`(GET|POST|PUT|PATCH|DELETE) ([^`?]+)(?:\?[^`]*)?`/g)) {
      const p = m[2].replace(/\\\|/g, '|');
      // "minutes.docx|pdf" → both
      const alt = /^(.*\.)([a-z]+(?:\|[a-z]+)+)$/.exec(p);
      for (const variant of alt ? alt[2].split('|').map((e) => alt[1] + e) : [p]) out.push({ method: m[1], path: variant.replace(/^Y\//, 'Y/') });
    }
  }
  return out;
}

// ── values a hostile or careless client sends ──
const NFD = 'Cục Hải quan'.normalize('NFD');
const BAD_VALUES: readonly (string | string[])[] = [
  '',
  ' ',
  'x'.repeat(5000),
  'Đ'.repeat(20_000),
  NFD,
  'Cục Hải quan',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '=HYPERLINK("http://example.invalid","x")',
  '+SUM(1,2)',
  '-2+3',
  '@cmd',
  '99999999999999999999',
  '1e21',
  '-1',
  '0',
  '-0',
  '1.5',
  '2,5',
  'NaN',
  'Infinity',
  '0x10',
  '2020-13-45',
  '9999-12-31',
  '1900-01-01',
  '../../etc/passwd',
  '\u0000',
  '%00',
  "' OR 1=1 --",
  '{"a":1}',
  'true',
  'yes',
  'submit',
  'save',
  'accept',
  'return',
  'ROTATION',
  'AGREED',
  'CO_TINH',
  'MID_YEAR',
  'YEAR_END',
  ['1', '2'],
  ['', 'x'],
  ['8', '9'],
];
const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', '__proto__[admin]', 'constructor[prototype][isAdmin]', 'toString', 'hasOwnProperty', 'zzz_unknown', 'isAdmin', 'role', 'userId'];

type Who = 'anonymous' | 'admin' | 'boardHere' | 'boardOther' | 'head' | 'deputy' | 'member' | 'otherBloc';
const USERNAMES: Record<Exclude<Who, 'anonymous' | 'deputy'>, string> = {
  admin: 'admin',
  boardHere: 'bantdkt.tayninh',
  boardOther: 'bantdkt.nghean',
  head: 'thongke.tayninh',
  member: 'thue.tayninh',
  otherBloc: 'haiquan.nghean',
};

let db: Db;
let server: Server;
let base: string;
let drop: () => Promise<void>;
const errors: string[] = [];
let statements: string[] = [];
const agents = new Map<Who, { agent: ReturnType<typeof request.agent>; token: string; username: string }>();
let ctx: {
  years: string[]; // Y prefixes: own bloc-years, another bloc's, made-up ones
  main: string; // Tây Ninh 2020, at its year-end conference: most requests go there
  pools: Map<string, Record<string, string[]>>; // per Y prefix: ids of its own records, by parameter name
  agencyIds: string[];
  fieldNames: string[];
  forms: { who: Who; action: string; fields: Record<string, string | string[]> }[];
  deputyUsername: string;
};

const unescape = (v: string) => v.replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** The POST forms of a page: action and fields with the values a user would send unchanged. */
function formsOf(html: string): { action: string; fields: Record<string, string | string[]> }[] {
  const out: { action: string; fields: Record<string, string | string[]> }[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if (!/method="post"/i.test(m[1])) continue;
    const action = unescape(attr(m[1], 'action') ?? '');
    if (!action.startsWith('/')) continue;
    const fields: Record<string, string | string[]> = {};
    const add = (n: string, v: string) => {
      const cur = fields[n];
      fields[n] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
    };
    for (const t of m[2].matchAll(/<input\b[^>]*>/g)) {
      const n = attr(t[0], 'name');
      if (!n || n === '_csrf') continue;
      const type = attr(t[0], 'type') ?? 'text';
      if ((type === 'checkbox' || type === 'radio') && !/\schecked\b/.test(t[0])) continue;
      if (type === 'file') continue;
      add(n, unescape(attr(t[0], 'value') ?? (type === 'checkbox' ? 'on' : '')));
    }
    for (const t of m[2].matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const n = attr(t[1], 'name');
      if (n) add(n, unescape(t[2]));
    }
    for (const t of m[2].matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const n = attr(t[1], 'name');
      const opts = [...t[2].matchAll(/<option\b([^>]*)>/g)].map((o) => o[1]);
      const chosen = opts.find((o) => /\sselected\b/.test(o)) ?? opts.find((o) => attr(o, 'value'));
      if (n && chosen) add(n, unescape(attr(chosen, 'value') ?? ''));
    }
    for (const b of m[2].matchAll(/<button\b[^>]*>/g)) {
      const n = attr(b[0], 'name');
      if (n && !(n in fields)) add(n, unescape(attr(b[0], 'value') ?? ''));
    }
    out.push({ action, fields });
  }
  return out;
}

const BAD_IDS = ['0', '-1', 'abc', '99999999999999999999', '1e21', '2147483648', '1.5', '%2e%2e', 'null'];

async function signIn(username: string) {
  const agent = request.agent(base);
  const page = await agent.get('/login');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const res = await agent.post('/login').type('form').send({ username, password: DEMO_PASSWORD, _csrf: token });
  if (res.status !== 302) throw new Error(`sign-in as ${username} failed: ${res.status}`);
  return { agent, token: await freshToken(agent), username };
}

let demoHash = '';
/** The fuzz's own accounts as the demo has them: active, the demo password, nothing to change, no wait. */
async function restoreAccount(username: string) {
  demoHash ||= await hashPassword(DEMO_PASSWORD);
  await db.user.update({ where: { username }, data: { isActive: true, mustChangePassword: false, passwordHash: demoHash } });
  await db.loginThrottle.deleteMany({});
}

async function freshToken(agent: ReturnType<typeof request.agent>): Promise<string> {
  const res = await agent.get('/account/password');
  return /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1] ?? '';
}

beforeAll(async () => {
  const clone = await cloneTemplate();
  drop = clone.drop;
  // README's defaults: nothing but the database is set here.
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: clone.url });
  db = createDb(clone.url, (sql) => statements.push(sql));
  const app = createApp(db, config, (m) => errors.push(m));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tables = await tableNames(db, clone.url);

  const blocYears = await db.blocYear.findMany({ select: { id: true, blocId: true, year: true, headAgencyId: true, deputyAgencyId: true } });
  const tayNinh = await db.blocVersion.findFirstOrThrow({ where: { name: { contains: 'Tây Ninh' } }, select: { blocId: true } });
  const tn2020 = blocYears.find((y) => y.blocId === tayNinh.blocId && y.year === 2020)!;
  const deputy = await db.roleAssignment.findFirstOrThrow({ where: { agencyId: tn2020.deputyAgencyId!, role: 'UNIT_OFFICER' }, select: { user: { select: { username: true } } } });
  const agencies = await db.agency.findMany({ select: { id: true }, take: 40 });
  // Ids that belong to each bloc-year, so most generated requests reach the route's own checks.
  const pools = new Map<string, Record<string, string[]>>();
  for (const y of blocYears) {
    const [members, criteria, files, proposals, ballots, appeals, groups] = await Promise.all([
      db.membership.findMany({ where: { blocYearId: y.id }, select: { agencyId: true } }),
      db.criterion.findMany({ where: { table: { blocYearId: y.id } }, select: { id: true } }),
      db.evidenceFile.findMany({ where: { entry: { sheet: { blocYearId: y.id } } }, select: { id: true } }),
      db.awardProposal.findMany({ where: { blocYearId: y.id }, select: { id: true } }),
      db.ballot.findMany({ where: { blocYearId: y.id }, select: { id: true } }),
      db.appeal.findMany({ where: { entry: { sheet: { blocYearId: y.id } } }, select: { id: true } }),
      db.criteriaGroup.findMany({ where: { table: { blocYearId: y.id } }, select: { id: true } }),
    ]);
    const ids = (rows: { id: number }[]) => rows.map((r) => String(r.id));
    pools.set(`/blocs/${y.blocId}/years/${y.year}`, {
      agencyId: members.map((m) => String(m.agencyId)),
      criterionId: ids(criteria),
      fileId: ids(files),
      proposalId: ids(proposals),
      ballotId: ids(ballots),
      appealId: ids(appeals),
      id: [...ids(groups), ...ids(criteria), ...ids(proposals), ...ids(ballots)],
    });
  }
  ctx = {
    years: [...blocYears.map((y) => `/blocs/${y.blocId}/years/${y.year}`), `/blocs/${tayNinh.blocId}/years/1999`, `/blocs/99999/years/2020`, `/blocs/${tayNinh.blocId}/years/1e21`],
    main: `/blocs/${tn2020.blocId}/years/2020`,
    pools,
    agencyIds: agencies.map((a) => String(a.id)),
    fieldNames: [],
    forms: [],
    deputyUsername: deputy.user.username,
  };

  for (const [who, username] of Object.entries(USERNAMES) as [Who, string][]) agents.set(who, await signIn(username));
  agents.set('deputy', await signIn(ctx.deputyUsername));

  // The real forms each role sees (action and fields with their current values): most requests
  // are one of them with a field or two made bad, so they get past the easy checks.
  const names = new Set<string>();
  const yearPages = ['setup', 'criteria', 'registrations', 'pledge', 'scores', 'progress', 'reviews', 'awards', 'ballots', 'closing', 'documents'];
  const starts = [ctx.main, ...[...ctx.pools.keys()].filter((k) => k !== ctx.main)].slice(0, 6);
  for (const [who, { agent }] of agents) {
    const queue = ['/', '/account/password', '/admin/users/new', '/provinces/1/rules', ...starts.flatMap((y) => yearPages.map((p) => `${y}/${p}`))];
    const seen = new Set<string>();
    while (queue.length && seen.size < 60) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const res = await agent.get(url);
      if (res.status !== 200 || !/text\/html/.test(res.headers['content-type'] ?? '')) continue;
      for (const f of formsOf(res.text)) {
        if (/\/logout$/.test(f.action)) continue;
        ctx.forms.push({ who, ...f });
        Object.keys(f.fields).forEach((n) => names.add(n));
      }
      for (const m of res.text.matchAll(/href="(\/blocs\/\d+\/years\/\d+\/(?:scores|registrations|ballots|criteria\/(?:groups|items))\/\d+[^"]*)"/g)) queue.push(m[1].replace(/&amp;/g, '&'));
    }
  }
  names.delete('_csrf');
  ctx.fieldNames = [...names];
}, 180_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await db?.$disconnect();
  await drop?.();
});

function fillPath(template: string): string {
  const y = rnd.chance(0.5) ? ctx.main : rnd.pick(ctx.years);
  const own = ctx.pools.get(y);
  const anyPool = [...ctx.pools.values()];
  const id = (k: string) => {
    if (rnd.chance(0.15)) return rnd.pick(BAD_IDS);
    const from = rnd.chance(0.8) && own ? own : rnd.pick(anyPool); // sometimes another bloc's record
    const xs = from[k] ?? from.id;
    return xs.length ? rnd.pick(xs) : rnd.pick(ctx.agencyIds);
  };
  return template
    .replace(/^Y(?=\/|$)/, y)
    .replace(/:awardKind/g, () => rnd.pick(['CO_TINH', 'CO_CHINH_PHU', 'BANG_KHEN_TINH', 'TTLDXS', 'TTLDTT', 'XYZ', '__proto__']))
    .replace(/:(agencyId|criterionId|fileId|appealId|ballotId|proposalId|id)\b/g, (_m, k: string) => (template.startsWith('Y') ? id(k) : rnd.chance(0.8) ? rnd.pick(ctx.agencyIds.concat(['1', '2', '3'])) : rnd.pick(BAD_IDS)));
}

function body(token: string): Record<string, string | string[]> {
  const b: Record<string, string | string[]> = {};
  const n = 1 + rnd.int(8);
  for (let i = 0; i < n; i++) {
    const key = rnd.chance(0.85) ? rnd.pick(ctx.fieldNames) : rnd.pick(EXTRA_KEYS);
    b[key] = rnd.pick(BAD_VALUES);
  }
  if (rnd.chance(0.93)) b._csrf = token; // most requests get past CSRF, to reach validation
  else if (rnd.chance(0.5)) b._csrf = 'forged';
  return b;
}

/** A real form with one thing made wrong: bad values, a field sent twice, a field missing, an extra key. */
function mutate(fields: Record<string, string | string[]>, token: string): Record<string, string | string[]> {
  const b: Record<string, string | string[]> = { ...fields };
  const keys = Object.keys(b);
  const op = rnd.int(10);
  if (op < 5 && keys.length) {
    for (let i = 0; i < 1 + rnd.int(2); i++) b[rnd.pick(keys)] = rnd.pick(BAD_VALUES);
  } else if (op < 7 && keys.length) {
    const k = rnd.pick(keys);
    b[k] = [String(b[k]), String(rnd.pick(BAD_VALUES))]; // the same field twice
  } else if (op < 8 && keys.length) {
    delete b[rnd.pick(keys)];
  } else if (op < 9) {
    b[rnd.pick(EXTRA_KEYS)] = rnd.pick(BAD_VALUES);
  } // else: the form as the page offers it
  b._csrf = token;
  return b;
}

const stackTrace = /\n\s+at [^\n]+\(|node_modules\/|\/src\/[\w/]+\.ts|PrismaClient\w*Error|SQLITE_/;

describe('fuzz: bad requests to every route as every role', () => {
  it(`${TOTAL} generated requests: no 5xx, no stack trace, nothing written by a refused request`, async () => {
    const routes = routesFromReadme();
    expect(routes.length).toBeGreaterThan(60);
    const roles: Who[] = ['anonymous', 'admin', 'boardHere', 'boardOther', 'head', 'deputy', 'member', 'otherBloc'];
    const started = Date.now();
    const lastHash = new Map<string, string>();
    for (const t of tables) lastHash.set(t, await tableHash(t));
    const byStatus = new Map<number, number>();
    const failures: string[] = [];
    let sent = 0;
    // /login and /logout go last: throttled sign-ins and ended sessions would slow or blur the rest.
    const ordered = [...routes.filter((r) => !/^\/log(in|out)$/.test(r.path)), ...routes.filter((r) => /^\/log(in|out)$/.test(r.path))];
    const perRoute = Math.ceil(TOTAL / ordered.length);
    const formsByRoute = new Map<RouteSpec, typeof ctx.forms>();
    for (const r of ordered) {
      const re = new RegExp(`^${r.path.replace(/^Y/, '/blocs/\\d+/years/\\d+').replace(/\./g, '\\.').replace(/:\w+/g, '[^/]+')}$`);
      formsByRoute.set(r, ctx.forms.filter((f) => re.test(f.action.split('?')[0])));
    }
    const routesWithForms = [...formsByRoute.values()].filter((f) => f.length).length;

    for (const route of ordered) {
      for (let i = 0; i < perRoute && sent < TOTAL; i++) {
        if (Date.now() - started > TIME_LIMIT_MS) break;
        // Most POSTs start from a real form of the page, with a field or two made bad.
        const forms = route.method === 'POST' ? formsByRoute.get(route) ?? [] : [];
        const form = forms.length && rnd.chance(0.7) ? rnd.pick(forms) : null;
        const who = form ? form.who : rnd.pick(roles);
        let session = who === 'anonymous' ? null : agents.get(who)!;
        if (route.path === '/logout' && session) session = null; // never end the role's session
        const url = form ? form.action : fillPath(route.path) + (rnd.chance(0.2) ? `?${rnd.pick(['page', 'q', 'year', 'period', 'id'])}=${encodeURIComponent(String(rnd.pick(BAD_VALUES)))}` : '');
        const wrongMethod = !form && rnd.chance(0.08);
        const method = wrongMethod ? rnd.pick(['PUT', 'DELETE', 'PATCH', route.method === 'GET' ? 'POST' : 'GET']) : route.method;
        const client = session ? session.agent : request(base);
        statements = [];
        let req = (client as unknown as Record<string, (u: string) => request.Test>)[method.toLowerCase()](url);
        if (method !== 'GET') {
          if (/\/files$/.test(route.path) && rnd.chance(0.5)) {
            req = req.field('_csrf', session?.token ?? '').attach('file', Buffer.from(rnd.pick(['%PDF-1.4 x', 'MZ\x90\x00', '<html>'])), rnd.pick(['a.pdf', 'b.exe', '../../x.pdf', 'Đơn.docx']));
          } else {
            req = req.type('form').send(form ? mutate(form.fields, session?.token ?? '') : body(session?.token ?? ''));
          }
        }
        const res = await req.redirects(0).ok(() => true);
        sent++;
        byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
        const label = `${who} ${method} ${url}`;
        if (res.status >= 500) failures.push(`${res.status} ${label}`);
        if (stackTrace.test(res.text ?? '')) failures.push(`stack trace in ${label}`);
        const written = writtenTables(statements).filter((t) => lastHash.has(t));
        for (const t of written) {
          const now = await tableHash(t);
          // a failed sign-in is audited: the one refused request that may add a row
          const auditedSignIn = t === 'AuditLog' && /^\/log(in|out)$/.test(route.path);
          if (res.status >= 400 && now !== lastHash.get(t) && !auditedSignIn) failures.push(`refused (${res.status}) but changed ${t}: ${label}`);
          lastHash.set(t, now);
        }
        // A request that ended the role's session — a password reset, a disabled account (the admin
        // and the boards send those forms too), a forced change: put the account back, sign in again.
        if (session && (res.status === 401 || (res.status === 302 && /^\/(login|account\/password)/.test(res.headers.location ?? '')))) {
          statements = [];
          await restoreAccount(session.username);
          agents.set(who, await signIn(session.username));
          for (const t of writtenTables(statements).filter((x) => lastHash.has(x))) lastHash.set(t, await tableHash(t));
        }
        if (res.status === 403 && session && /CSRF/.test(res.text)) session.token = await freshToken(session.agent);
        if (failures.length > 20) break;
      }
    }
    const seconds = (Date.now() - started) / 1000;
    const summary = [...byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}: ${n}`).join(', ');
    console.log(`Fuzz (${process.env.TEST_DB ?? 'sqlite'}): ${sent} requests over ${ordered.length} routes (${ctx.forms.length} real forms of ${routesWithForms} routes mutated) in ${seconds.toFixed(1)} s (seed ${SEED}) — ${summary}`);
    expect(failures, failures.join('\n')).toEqual([]);
    expect(errors, errors.join('\n')).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(Math.min(TOTAL, 10_000));
  }, 560_000);
});
