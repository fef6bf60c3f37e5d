// Benchmark: a province of BENCH_BLOCS blocs (default 30) of 4–14 units (≈ 300 units), one year in
// scoring with every unit's year-end sheet filled, then the main pages requested through the real
// app. For each page it reports the number of SQL queries (which must not grow with the number of
// units) and the latency (median and p95 of BENCH_ROUNDS requests).
//
//   npm run bench                                        SQLite, in a temporary file
//   DATABASE_URL=postgresql://… npm run bench            PostgreSQL (an EMPTY database; it is filled)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import request from 'supertest';
import { createDb, isPostgresUrl, type Db } from '../src/db/client';
import { loadConfig } from '../src/config';
import { createApp } from '../src/app';
import { hashPassword } from '../src/auth/passwords';

const BLOCS = Number(process.env.BENCH_BLOCS ?? 30);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const YEAR = 2026;
const PASSWORD = 'bench-password-2026';

async function fill(db: Db) {
  const hash = await hashPassword(PASSWORD);
  const province = await db.province.create({ data: { code: 'bench', name: 'Tỉnh Thử Nghiệm' } });
  await db.provinceRuleSet.create({ data: { provinceId: province.id, year: YEAR } });
  await db.user.create({ data: { username: 'bench.board', fullName: 'Ban TĐKT', passwordHash: hash, assignments: { create: { role: 'BOARD', provinceId: province.id } } } });
  const sizes: number[] = [];
  for (let b = 0; b < BLOCS; b++) sizes.push(4 + ((b * 7) % 11)); // 4..14 units
  let unit = 0;
  for (let b = 0; b < BLOCS; b++) {
    const bloc = await db.bloc.create({ data: { provinceId: province.id, code: `bench-${b}`, versions: { create: { name: `Khối thi đua số ${b + 1}`, validFrom: new Date('2020-01-01') } } } });
    const agencies = [];
    for (let i = 0; i < sizes[b]; i++, unit++) {
      agencies.push(
        await db.agency.create({
          data: { provinceId: province.id, code: `bench-a${unit}`, versions: { create: { name: `Cơ quan thử nghiệm số ${unit + 1}`, validFrom: new Date('2020-01-01') } } },
          include: { versions: true },
        }),
      );
    }
    const year = await db.blocYear.create({
      data: { blocId: bloc.id, year: YEAR, phase: 'SCORING', headAgencyId: agencies[0].id, deputyAgencyId: agencies[1].id, appealUntil: new Date(`${YEAR}-12-31T12:00:00Z`) },
    });
    await db.membership.createMany({ data: agencies.map((a, i) => ({ blocYearId: year.id, agencyId: a.id, agencyVersionId: a.versions[0].id, sortOrder: i })) });
    await db.review.create({ data: { blocYearId: year.id, kind: 'MID_YEAR', frozenAt: new Date(`${YEAR}-07-20T12:00:00Z`) } });
    const table = await db.criteriaTable.create({ data: { blocYearId: year.id, name: 'Bảng tiêu chí', lockedAt: new Date() } });
    const criteria = [];
    for (let g = 0; g < 4; g++) {
      const group = await db.criteriaGroup.create({ data: { tableId: table.id, sortOrder: g, code: String(g + 1), name: `Nhóm ${g + 1}`, isCoreTask: g === 0 } });
      for (let c = 0; c < 4; c++) {
        criteria.push(await db.criterion.create({ data: { tableId: table.id, groupId: group.id, sortOrder: c, code: `${g + 1}.${c + 1}`, name: `Tiêu chí ${g + 1}.${c + 1}`, maxCenti: 625 } }));
      }
    }
    for (const [i, a] of agencies.entries()) {
      await db.user.create({ data: { username: `bench.u${a.id}`, fullName: `Cán bộ ${a.id}`, passwordHash: hash, assignments: { create: { role: 'UNIT_OFFICER', agencyId: a.id } } } });
      const sheet = await db.scoreSheet.create({ data: { blocYearId: year.id, agencyId: a.id, period: 'YEAR_END', status: i % 3 === 0 ? 'ACCEPTED' : 'SUBMITTED' } });
      await db.scoreEntry.createMany({ data: criteria.map((c) => ({ sheetId: sheet.id, criterionId: c.id, selfCenti: 600, reviewedCenti: i % 3 === 0 ? 550 : null })) });
    }
  }
  return { units: unit, sizes };
}

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-bench-'));
  const url = process.env.DATABASE_URL && isPostgresUrl(process.env.DATABASE_URL) ? process.env.DATABASE_URL : `file:${path.join(tmp, 'bench.db')}`;
  const root = path.resolve(__dirname, '..');
  const deploy = spawnSync(process.execPath, [path.join(root, 'scripts', 'prisma.cjs'), 'deploy'], { cwd: root, env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' });
  if (deploy.status !== 0) throw new Error(deploy.stderr);
  let queries = 0;
  const db = createDb(url, () => queries++);
  const t0 = Date.now();
  const { units, sizes } = await fill(db);
  console.log(`Dữ liệu: ${BLOCS} khối, ${units} đơn vị, ${units * 16} điểm tiêu chí — nạp trong ${((Date.now() - t0) / 1000).toFixed(1)} s (${isPostgresUrl(url) ? 'PostgreSQL' : 'SQLite'})`);

  const app = createApp(db, loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, UPLOAD_DIR: tmp }), console.error);
  const login = async (username: string) => {
    const agent = request.agent(app);
    const page = await agent.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const res = await agent.post('/login').type('form').send({ username, password: PASSWORD, _csrf: token });
    if (res.status !== 302) throw new Error(`login ${username}: ${res.status}`);
    return agent;
  };
  const blocs = await db.bloc.findMany({ orderBy: { id: 'asc' }, include: { years: { include: { memberships: { orderBy: { sortOrder: 'asc' } } } } } });
  const small = blocs.find((_, i) => sizes[i] === Math.min(...sizes))!;
  const large = blocs.find((_, i) => sizes[i] === Math.max(...sizes))!;
  const board = await login('bench.board');

  const pages: [string, (b: (typeof blocs)[number]) => string, 'board' | 'head' | 'unit'][] = [
    ['Danh sách khối', () => '/blocs', 'board'],
    ['Danh sách đơn vị', () => '/agencies', 'board'],
    ['Trang khối', (b) => `/blocs/${b.id}`, 'board'],
    ['Trang chủ Khối trưởng', () => '/', 'head'],
    ['Chấm điểm: các đơn vị cạnh nhau', (b) => `/blocs/${b.id}/years/${YEAR}/scores`, 'head'],
    ['Bảng điểm một đơn vị', (b) => `/blocs/${b.id}/years/${YEAR}/scores/${b.years[0].memberships[2].agencyId}`, 'head'],
    ['Tiến độ', (b) => `/blocs/${b.id}/years/${YEAR}/progress`, 'head'],
    ['Sơ kết, tổng kết', (b) => `/blocs/${b.id}/years/${YEAR}/reviews`, 'head'],
    ['Khen thưởng: điều kiện, chỉ tiêu', (b) => `/blocs/${b.id}/years/${YEAR}/awards`, 'head'],
    ['Bỏ phiếu', (b) => `/blocs/${b.id}/years/${YEAR}/ballots`, 'head'],
    ['Khóa sổ, chuyển giao', (b) => `/blocs/${b.id}/years/${YEAR}/closing`, 'head'],
    ['Bảng điểm Excel', (b) => `/blocs/${b.id}/years/${YEAR}/documents/scoreboard.xlsx`, 'head'],
  ];
  const rows: string[] = [];
  rows.push('| Trang | Truy vấn SQL (khối 4 đv) | Truy vấn SQL (khối 14 đv) | Trung vị (ms) | p95 (ms) |');
  rows.push('|---|---|---|---|---|');
  for (const [label, urlOf, who] of pages) {
    const count = async (b: (typeof blocs)[number]) => {
      const agent = who === 'board' ? board : await login(`bench.u${b.years[0].memberships[0].agencyId}`);
      await agent.get(urlOf(b)); // warm up
      queries = 0;
      const res = await agent.get(urlOf(b));
      if (res.status !== 200) throw new Error(`${label}: ${res.status}`);
      // the session store's own reads and writes are part of every request; counted too
      return { n: queries, agent };
    };
    const s = await count(small);
    const l = await count(large);
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = process.hrtime.bigint();
      await l.agent.get(urlOf(large));
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const st = stats(times);
    rows.push(`| ${label} | ${s.n} | ${l.n} | ${st.median.toFixed(1)} | ${st.p95.toFixed(1)} |`);
    if (s.n !== l.n) console.warn(`CẢNH BÁO: số truy vấn của "${label}" tăng theo số đơn vị (${s.n} → ${l.n}).`);
  }
  console.log(rows.join('\n'));
  await db.$disconnect();
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
