// Benchmark: the portal served the way `npm start` serves it (a child process, README's defaults but
// DATABASE_URL and PORT), each main page of the unit, the bloc head, the board and the admin loaded
// with autocannon on loopback (BENCH_CONNECTIONS connections, default 8, for BENCH_SECONDS seconds,
// default 5) by a really signed-in user, against a bare page (Express 5 + EJS, a 14 × 16 table from
// memory: scripts/bench-bare.ts) measured in the same run just before. Reported per page: requests
// per second and their share of the bare page's, p50/p95/p99 latency, and the SQL queries of one
// request (counted on a separate in-process instance with Prisma's query events, session store
// included) — on the smallest and on the largest bloc of the year for the bloc pages: they must be
// equal (no query per unit).
//
//   npm run bench                                   demo + province datasets on SQLite
//   BENCH_DATA=demo,province,national BENCH_DB=sqlite,postgres BENCH_PG_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench
//
// BENCH_DATA    demo       the demo seed (what `npm start` seeds into an empty database)
//               province   one province of 30 blocs (≈ 300 units, two years) and 100.000 awards in
//                          its register for one year (scripts/generate-national.ts)
//               national   the national data of scripts/generate-national.ts (NATIONAL_SCALE, default 1)
// BENCH_DB      sqlite (a temporary file) and/or postgres: BENCH_PG_URL (or DATABASE_URL) is a
//               server connection whose user may CREATE DATABASE; one database per dataset is
//               created and dropped at the end
// BENCH_NATIONAL_URL   already generated national databases to reuse (comma-separated, one per
//               provider): a second run takes seconds. Without it the generated national database
//               is kept and its URL printed for the next run.
// BENCH_WRITE=0 do not write the tables into docs/benchmarks.md (default: each dataset × provider
//               block between its markers is replaced; the rest of the file is kept)
// BENCH_NOTE    what else ran on the machine, written with the figures
// PRISMA_PLAN_CACHE=0 the portal without its query-plan cache (src/db/plan-cache.ts), for comparison
// BENCH_ENV=production   serve (and the bare page) with NODE_ENV=production instead of README's
//               defaults: compiled views cached; DEMO_MODE=false, a SESSION_SECRET, COOKIE_SECURE=false
//               (plain http on loopback); the demo is seeded with `npm run db:seed` first
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import pg from 'pg';
import request from 'supertest';
import { createDb, isPostgresUrl, type Db } from '../src/db/client';
import { loadConfig } from '../src/config';
import { createApp } from '../src/app';
import { generateNational, NATIONAL } from './generate-national';

const ROOT = path.resolve(__dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const PASSWORD = 'thidua@demo'; // the demo's default DEMO_PASSWORD and the generator's default
const DATASETS = (process.env.BENCH_DATA ?? 'demo,province').split(',').map((s) => s.trim()) as Dataset[];
const PROVIDERS = (process.env.BENCH_DB ?? 'sqlite').split(',').map((s) => s.trim()) as Provider[];
const NATIONAL_SCALE = Number(process.env.NATIONAL_SCALE ?? 1);
const TSX = require.resolve('tsx/cli');
const PRODUCTION = process.env.BENCH_ENV === 'production';
/** PRISMA_PLAN_CACHE=0 (inherited by the portal): the query-plan cache of src/db/plan-cache.ts off, for comparison. */
const NO_PLAN_CACHE = process.env.PRISMA_PLAN_CACHE === '0';

type Dataset = 'demo' | 'province' | 'national';
type Provider = 'sqlite' | 'postgres';
type Role = 'unit' | 'head' | 'board' | 'admin';

// ───────────────────────────── Child processes ─────────────────────────────

const children = new Set<ChildProcess>();

/** A tsx child, resolved once `ready` matches a line of its output; its output is kept for errors. */
function startChild(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 300_000): Promise<ChildProcess> {
  const child = spawn(process.execPath, [TSX, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')}: not ready after ${timeoutMs / 1000} s\n${output}`)), timeoutMs);
    const onData = (b: Buffer) => {
      output = (output + b.toString()).slice(-20_000);
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      children.delete(child);
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited (${code}):\n${output}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || !children.has(child)) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => {
      children.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** README's defaults: every variable of src/config.ts left unset, except the database and the port. */
function portalEnv(url: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, PORT: String(port), CHECKPOINT_DISABLE: '1' };
  for (const k of ['NODE_ENV', 'HOST', 'SESSION_SECRET', 'SESSION_IDLE_MINUTES', 'SESSION_ABSOLUTE_HOURS', 'COOKIE_SECURE', 'TRUST_PROXY', 'DEMO_MODE', 'DEMO_PASSWORD', 'UPLOAD_DIR', 'LOG_LEVEL', 'DB_POOL_SIZE']) {
    delete env[k];
  }
  for (const k of Object.keys(env)) if (k.startsWith('LOGIN_') || k.startsWith('npm_')) delete env[k];
  if (PRODUCTION) Object.assign(env, { NODE_ENV: 'production', HOST: '127.0.0.1', DEMO_MODE: 'false', COOKIE_SECURE: 'false', SESSION_SECRET: 'bench-session-secret-0123456789-abcdefghij' });
  return env;
}

// ───────────────────────────── Databases ─────────────────────────────

function deploy(url: string): void {
  const res = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'prisma.cjs'), 'deploy'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: '1' }, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`migrate deploy: ${res.stderr}`);
}

function pgServerUrl(): string {
  const url = process.env.BENCH_PG_URL ?? (process.env.DATABASE_URL && isPostgresUrl(process.env.DATABASE_URL) ? process.env.DATABASE_URL : '');
  if (!url) throw new Error('BENCH_DB=postgres: set BENCH_PG_URL=postgresql://user@host:port/postgres (a user that may CREATE DATABASE).');
  return url;
}

async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: pgServerUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

type Prepared = { url: string; note: string; drop: () => Promise<void> };

/** A fresh database of the dataset (demo: empty — `npm start` seeds it; the others: filled here). */
async function prepare(dataset: Dataset, provider: Provider, tmp: string): Promise<Prepared> {
  const reuse = dataset === 'national' ? (process.env.BENCH_NATIONAL_URL ?? '').split(',').map((s) => s.trim()).find((u) => u && isPostgresUrl(u) === (provider === 'postgres')) : undefined;
  if (reuse) return { url: reuse, note: 'reused (BENCH_NATIONAL_URL)', drop: async () => {} };
  let url: string;
  let drop: () => Promise<void>;
  if (provider === 'sqlite') {
    const dir = dataset === 'national' ? fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-national-')) : tmp;
    url = `file:${path.join(dir, `${dataset}.db`)}`;
    drop = async () => {};
  } else {
    const name = `thidua_bench_${dataset}_${process.pid}`;
    await pgAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
    url = withDatabase(pgServerUrl(), name);
    drop = () => pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined);
  }
  if (dataset === 'demo' && !PRODUCTION) return { url, note: 'seeded by npm start', drop };
  deploy(url);
  if (dataset === 'demo') {
    const seed = spawnSync(process.execPath, [TSX, 'src/cli/seed.ts'], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: url }, encoding: 'utf8' });
    if (seed.status !== 0) throw new Error(`seed: ${seed.stderr}`);
    return { url, note: 'seeded by npm run db:seed', drop };
  }
  const t0 = Date.now();
  const log = (m: string) => console.log(`    ${m}`);
  if (dataset === 'province') {
    await generateNational(url, { provinces: 1, blocs: 30, units: 300, years: [2025, 2026], awardsPerYear: 100_000, awardYears: [2025], log });
  } else {
    await generateNational(url, { scale: NATIONAL_SCALE, log });
    console.log(`  Bộ dữ liệu toàn quốc được giữ lại; chạy lại nhanh với BENCH_NATIONAL_URL=${url}`);
    drop = async () => {};
  }
  const seconds = (Date.now() - t0) / 1000;
  return { url, note: `generated in ${fmt(seconds, 0)} s`, drop };
}

// ───────────────────────────── Who and what is measured ─────────────────────────────

type Targets = {
  provinceId: number;
  year: number;
  period: 'MID_YEAR' | 'YEAR_END';
  registerYear: number;
  proposalsYear: number;
  large: { blocId: number; members: number; head: string; unit: string; unitAgencyId: number };
  small: { blocId: number; members: number; head: string; unit: string; unitAgencyId: number };
  users: Record<Role, string>;
  counts: { blocs: number; units: number; scoreEntries: number; awards: number };
};

/** The board's province (demo: Nghệ An; generated: the first), its latest year in progress, its largest and smallest blocs. */
async function findTargets(db: Db, dataset: Dataset): Promise<Targets> {
  const boardName = process.env.BENCH_BOARD ?? (dataset === 'demo' ? 'bantdkt.nghean' : undefined);
  const board = await db.roleAssignment.findFirstOrThrow({ where: { role: 'BOARD', ...(boardName ? { user: { username: boardName } } : {}) }, orderBy: { provinceId: 'asc' }, include: { user: true } });
  const provinceId = board.provinceId!;
  const years = await db.blocYear.findMany({
    where: { bloc: { provinceId } },
    select: { id: true, year: true, phase: true, blocId: true, headAgencyId: true, deputyAgencyId: true, _count: { select: { memberships: true } } },
  });
  const open = years.filter((y) => !['SETUP', 'CLOSED'].includes(y.phase));
  const year = Math.max(...(open.length ? open : years).map((y) => y.year));
  const ofYear = years.filter((y) => y.year === year).sort((a, b) => b._count.memberships - a._count.memberships || a.blocId - b.blocId);
  const officerOf = async (agencyId: number) =>
    (await db.roleAssignment.findFirstOrThrow({ where: { role: 'UNIT_OFFICER', agencyId, user: { isActive: true } }, orderBy: { id: 'asc' }, include: { user: true } })).user.username;
  const blocOf = async (y: (typeof ofYear)[number]) => {
    const members = await db.membership.findMany({ where: { blocYearId: y.id }, orderBy: { sortOrder: 'asc' } });
    const unit = members.find((m) => m.agencyId !== y.headAgencyId && m.agencyId !== y.deputyAgencyId)!;
    return { blocId: y.blocId, members: members.length, head: await officerOf(y.headAgencyId!), unit: await officerOf(unit.agencyId), unitAgencyId: unit.agencyId };
  };
  const large = ofYear[0];
  const sheets = await db.scoreSheet.groupBy({ by: ['period'], where: { blocYearId: large.id, status: { not: 'DRAFT' } }, _count: true });
  const count = (p: string) => sheets.find((s) => s.period === p)?._count ?? 0;
  const awardsByYear = await db.awardRecord.groupBy({ by: ['year'], where: { provinceId }, _count: true });
  const proposalsByYear = await db.blocYear.findMany({ where: { bloc: { provinceId }, proposals: { some: {} } }, select: { year: true, _count: { select: { proposals: true } } } });
  const busiest = (rows: { year: number; n: number }[], fallback: number) => rows.sort((a, b) => b.n - a.n || b.year - a.year)[0]?.year ?? fallback;
  const registerYear = busiest(awardsByYear.map((r) => ({ year: r.year, n: r._count })), year);
  const perYear = new Map<number, number>();
  for (const r of proposalsByYear) perYear.set(r.year, (perYear.get(r.year) ?? 0) + r._count.proposals);
  const admin = await db.roleAssignment.findFirstOrThrow({ where: { role: 'ADMIN' }, include: { user: true }, orderBy: { id: 'asc' } });
  const [largeBloc, smallBloc] = [await blocOf(large), await blocOf(ofYear[ofYear.length - 1])];
  const [blocs, units, scoreEntries, awards] = await Promise.all([db.bloc.count(), db.agency.count(), db.scoreEntry.count(), db.awardRecord.count()]);
  return {
    provinceId,
    year,
    period: count('YEAR_END') > count('MID_YEAR') ? 'YEAR_END' : 'MID_YEAR',
    registerYear,
    proposalsYear: busiest([...perYear].map(([y, n]) => ({ year: y, n })), registerYear),
    large: largeBloc,
    small: smallBloc,
    users: { unit: largeBloc.unit, head: largeBloc.head, board: board.user.username, admin: admin.user.username },
    counts: { blocs, units, scoreEntries, awards },
  };
}

type Page = { role: Role; label: string; path: (b: Targets['large']) => string; perBloc?: boolean; baseline?: boolean; province?: boolean };

function pages(t: Targets): Page[] {
  const Y = (b: Targets['large']) => `/blocs/${b.blocId}/years/${t.year}`;
  const P = `/provinces/${t.provinceId}`;
  return [
    { role: 'unit', label: 'A signed-in page with no data (change password)', path: () => '/account/password' },
    { role: 'unit', label: 'Home', path: () => '/' },
    { role: 'unit', label: "The unit's own sheet", path: (b) => `${Y(b)}/scores/${b.unitAgencyId}?period=${t.period}`, perBloc: true },
    { role: 'unit', label: 'Awards: eligibility and quotas', path: (b) => `${Y(b)}/awards`, perBloc: true },
    { role: 'head', label: 'Home', path: () => '/' },
    { role: 'head', label: 'Scores side by side', path: (b) => `${Y(b)}/scores?period=${t.period}`, perBloc: true },
    { role: 'head', label: 'Progress', path: (b) => `${Y(b)}/progress`, perBloc: true },
    { role: 'head', label: 'Reviews', path: (b) => `${Y(b)}/reviews`, perBloc: true },
    { role: 'board', label: 'Home', path: () => '/' },
    { role: 'board', label: 'Bloc list', path: () => '/blocs' },
    { role: 'board', label: 'A bloc (its year)', path: (b) => `/blocs/${b.blocId}?year=${t.year}`, perBloc: true, baseline: true },
    { role: 'board', label: 'Province dashboard', path: () => `${P}/dashboard?year=${t.year}`, province: true },
    { role: 'board', label: 'Province results', path: () => `${P}/results?year=${t.year}`, province: true },
    { role: 'board', label: 'Proposals inbox', path: () => `${P}/proposals?year=${t.proposalsYear}`, province: true },
    { role: 'board', label: 'Award register', path: () => `${P}/awards?year=${t.registerYear}`, province: true },
    { role: 'board', label: 'Award statistics', path: () => `${P}/awards/statistics?year=${t.registerYear}`, province: true },
    { role: 'admin', label: 'Home', path: () => '/' },
    { role: 'admin', label: 'Provinces', path: () => '/admin/provinces' },
    { role: 'admin', label: 'Accounts', path: () => '/admin/users' },
    { role: 'admin', label: 'Agencies', path: () => '/agencies' },
    { role: 'admin', label: 'Audit log', path: () => '/audit' },
  ];
}

// ───────────────────────────── Measuring ─────────────────────────────

/** A real sign-in over HTTP: the login form's token and cookie, then POST /login; the cookies to send. */
async function signIn(base: string, username: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await fetch(`${base}/login`);
  keep(form);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error('login form without a _csrf field');
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ username, password: PASSWORD, _csrf: token }),
  });
  await res.arrayBuffer();
  if (res.status !== 302) throw new Error(`sign-in of ${username}: ${res.status}`);
  keep(res);
  return cookie();
}

type Load = { rps: number; p50: number; p95: number; p99: number; requests: number; bad: number };

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** autocannon against one URL; latencies of every response (autocannon's own summary has no p95). */
async function load(url: string, cookie?: string): Promise<Load> {
  // warm-up: templates compiled, connections and caches ready
  for (let i = 0; i < 3; i++) {
    const res = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  }
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: cookie ? { cookie } : {} }, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  });
  times.sort((a, b) => a - b);
  return {
    rps: result.requests.total / result.duration,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    requests: result.requests.total,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

/** Queries of one request per page (after a warm-up), on an in-process instance with query events. */
async function countQueries(url: string, t: Targets, list: Page[]): Promise<Map<Page, { large: number; small?: number }>> {
  let queries = 0;
  const db = createDb(url, () => queries++);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-bench-q-'));
  const app = createApp(db, loadConfig({ DATABASE_URL: url, UPLOAD_DIR: tmp }), () => {});
  const agents = new Map<string, ReturnType<typeof request.agent>>();
  const agentOf = async (username: string) => {
    let agent = agents.get(username);
    if (agent) return agent;
    agent = request.agent(app);
    const form = await agent.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const res = await agent.post('/login').type('form').send({ username, password: PASSWORD, _csrf: token });
    if (res.status !== 302) throw new Error(`sign-in of ${username}: ${res.status}`);
    agents.set(username, agent);
    return agent;
  };
  const one = async (username: string, p: string) => {
    const agent = await agentOf(username);
    await agent.get(p);
    queries = 0;
    const res = await agent.get(p);
    if (res.status !== 200) throw new Error(`${p}: ${res.status}`);
    return queries;
  };
  const out = new Map<Page, { large: number; small?: number }>();
  const userOf = (role: Role, b: Targets['large']) => (role === 'unit' ? b.unit : role === 'head' ? b.head : t.users[role]);
  for (const page of list) {
    const large = await one(userOf(page.role, t.large), page.path(t.large));
    const small = page.perBloc && t.small.blocId !== t.large.blocId ? await one(userOf(page.role, t.small), page.path(t.small)) : undefined;
    out.set(page, { large, small });
  }
  await db.$disconnect();
  fs.rmSync(tmp, { recursive: true, force: true });
  return out;
}

// ───────────────────────────── Report ─────────────────────────────

const nf = new Map<number, Intl.NumberFormat>();
function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return '–';
  if (!nf.has(digits)) nf.set(digits, new Intl.NumberFormat('vi-VN', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
  return nf.get(digits)!.format(n);
}

const ROLE_LABEL: Record<Role, string> = { unit: 'Unit officer', head: 'Bloc head', board: 'Board', admin: 'Admin' };

function machine(): string {
  const cpu = os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? '?';
  const load = os.loadavg().map((l) => fmt(l, 2)).join(' / ');
  return `${os.cpus().length} cores (\`nproc\`: ${os.availableParallelism()}), ${cpu}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}, load average at start ${load}`;
}

type Row = { page: Page; load: Load; queries: { large: number; small?: number } };

function table(dataset: Dataset, provider: Provider, t: Targets, bare: Load, rows: Row[], prepared: Prepared): string {
  const baseline = rows.find((r) => r.page.baseline)!;
  const lines: string[] = [];
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  lines.push(`### ${dataset} on ${provider === 'sqlite' ? 'SQLite' : 'PostgreSQL'}${PRODUCTION ? ' (NODE_ENV=production)' : ''}${NO_PLAN_CACHE ? ' (plan cache off: PRISMA_PLAN_CACHE=0)' : ''}`);
  lines.push('');
  lines.push(
    `${when} UTC — ${machine()}${process.env.BENCH_NOTE ? `; ${process.env.BENCH_NOTE}` : ''}. ` +
      `${CONNECTIONS} connections, ${SECONDS} s a page. Data: ${fmt(t.counts.blocs, 0)} blocs, ${fmt(t.counts.units, 0)} units, ${fmt(t.counts.scoreEntries, 0)} criterion scores, ` +
      `${fmt(t.counts.awards, 0)} awards in the registers (${prepared.note}); measured: province ${t.provinceId}, year ${t.year} (${t.period}), ` +
      `blocs of ${t.large.members} and ${t.small.members} units, register year ${t.registerYear}, proposals year ${t.proposalsYear}.`,
  );
  lines.push('');
  lines.push('| Role | Page | req/s | share of bare | p50 (ms) | p95 (ms) | p99 (ms) | p95 < 100 ms | queries (large / small bloc) | cost vs. a bloc page |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  lines.push(`| — | Bare page (Express 5 + EJS, 14 × 16 table) | ${fmt(bare.rps, 0)} | 100 % | ${fmt(bare.p50)} | ${fmt(bare.p95)} | ${fmt(bare.p99)} | ${bare.p95 < 100 ? 'yes' : '**no**'} | 0 | |`);
  for (const r of rows) {
    const q = r.queries.small !== undefined && r.queries.small !== r.queries.large ? `**${r.queries.large} / ${r.queries.small}**` : r.queries.small !== undefined ? `${r.queries.large} / ${r.queries.small}` : String(r.queries.large);
    const cost = r.page.province ? `${fmt(baseline.load.rps / r.load.rps, 2)}×` : r.page.baseline ? '1×' : '';
    const bad = r.load.bad ? ` (${r.load.bad} errors)` : '';
    lines.push(
      `| ${ROLE_LABEL[r.page.role]} | ${r.page.label}${bad} | ${fmt(r.load.rps, 0)} | ${fmt((100 * r.load.rps) / bare.rps)} % | ${fmt(r.load.p50)} | ${fmt(r.load.p95)} | ${fmt(r.load.p99)} | ${r.load.p95 < 100 ? 'yes' : '**no**'} | ${q} | ${cost} |`,
    );
  }
  return lines.join('\n');
}

function writeDoc(key: string, block: string): void {
  const file = path.join(ROOT, 'docs', 'benchmarks.md');
  const start = `<!-- bench:${key} -->`;
  const end = `<!-- /bench:${key} -->`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n\nWritten by `npm run bench` (scripts/bench.ts).\n';
  const chunk = `${start}\n${block}\n${end}`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  text = i >= 0 && j > i ? text.slice(0, i) + chunk + text.slice(j + end.length) : `${text.trimEnd()}\n\n${chunk}\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

// ───────────────────────────── Main ─────────────────────────────

async function runOne(dataset: Dataset, provider: Provider, bareUrl: string, tmp: string): Promise<void> {
  console.log(`\n== ${dataset} / ${provider} ==`);
  const prepared = await prepare(dataset, provider, tmp);
  const port = await freePort();
  const t0 = Date.now();
  // `npm start`: migrate, seed the demo into an empty database, serve
  const portal = await startChild(['src/cli/start.ts'], portalEnv(prepared.url, port), /đang chạy tại/, 600_000);
  console.log(`  cổng thi đua sẵn sàng sau ${fmt((Date.now() - t0) / 1000)} s (${prepared.note})`);
  const base = `http://127.0.0.1:${port}`;
  try {
    const db = createDb(prepared.url);
    const t = await findTargets(db, dataset);
    await db.$disconnect();
    const list = pages(t);
    const queries = await countQueries(prepared.url, t, list);
    const cookies = new Map<string, string>();
    const cookieOf = async (username: string) => {
      if (!cookies.has(username)) cookies.set(username, await signIn(base, username));
      return cookies.get(username)!;
    };
    // the bare page first, then every page, in the same run
    const bare = await load(bareUrl);
    console.log(`  bare page: ${fmt(bare.rps, 0)} req/s, p95 ${fmt(bare.p95)} ms`);
    const rows: Row[] = [];
    for (const page of list) {
      const user = page.role === 'unit' ? t.large.unit : page.role === 'head' ? t.large.head : t.users[page.role];
      const l = await load(base + page.path(t.large), await cookieOf(user));
      rows.push({ page, load: l, queries: queries.get(page)! });
      console.log(`  ${ROLE_LABEL[page.role]} — ${page.label}: ${fmt(l.rps, 0)} req/s (${fmt((100 * l.rps) / bare.rps)} % of bare), p95 ${fmt(l.p95)} ms, ${queries.get(page)!.large} queries${l.bad ? `, ${l.bad} errors` : ''}`);
    }
    const block = table(dataset, provider, t, bare, rows, prepared);
    console.log(`\n${block}\n`);
    if (process.env.BENCH_WRITE !== '0') writeDoc(`${dataset}:${provider}${PRODUCTION ? ':production' : ''}${NO_PLAN_CACHE ? ':no-plan-cache' : ''}`, block);
  } finally {
    await stopChild(portal);
    await prepared.drop();
  }
}

async function main() {
  for (const d of DATASETS) if (!['demo', 'province', 'national'].includes(d)) throw new Error(`BENCH_DATA: unknown dataset ${d}`);
  for (const p of PROVIDERS) if (!['sqlite', 'postgres'].includes(p)) throw new Error(`BENCH_DB: unknown provider ${p}`);
  if (DATASETS.includes('national')) console.log(`National data: scale ${NATIONAL_SCALE} of ${NATIONAL.blocs} blocs / ${NATIONAL.units} units.`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-bench-'));
  const barePort = await freePort();
  const bare = await startChild(['scripts/bench-bare.ts', String(barePort)], portalEnv('file:unused', barePort), /listening \d+/);
  try {
    for (const dataset of DATASETS) for (const provider of PROVIDERS) await runOne(dataset, provider, `http://127.0.0.1:${barePort}/`, tmp);
  } finally {
    await stopChild(bare);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
