// README's pictures of the documents: the first page of each kind of issued PDF in the demo data,
// as PNG (Debian's poppler-utils `pdftoppm`). Run by hand when the documents change:
//   npx tsx scripts/document-screenshots.ts        → docs/screenshots/document-*.png
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import request from 'supertest';
import { createApp } from '../src/app';
import { createDb } from '../src/db/client';
import { loadConfig } from '../src/config';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'docs', 'screenshots');

function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.stdout}`);
}

async function main() {
  if (spawnSync('pdftoppm', ['-v']).error) throw new Error('pdftoppm is missing: apt-get install poppler-utils');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-docshots-'));
  const url = `file:${path.join(tmp, 'demo.db')}`;
  run(process.execPath, ['scripts/prisma.cjs', 'deploy'], { DATABASE_URL: url });
  run(process.execPath, [path.join('node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/cli/seed.ts'], { DATABASE_URL: url });
  const db = createDb(url);
  const app = createApp(db, loadConfig({ NODE_ENV: 'test', DATABASE_URL: url }, tmp), () => undefined);
  const agent = request.agent(app);
  const login = await agent.get('/login');
  const token = /name="_csrf" value="([^"]+)"/.exec(login.text)![1];
  await agent.post('/login').type('form').send({ username: 'admin', password: 'thidua@demo', _csrf: token });

  // The demo has no closed ballot: the conference year (Tây Ninh 2020) holds one, as in
  // tests/http/documents-freeze.test.ts — the head freezes the year-end ranking, every member votes,
  // the head closes the ballot, which issues its tally record.
  const conference = await db.blocYear.findFirst({ where: { phase: 'YEAR_END_REVIEW' }, select: { id: true, blocId: true, year: true, headAgencyId: true } });
  if (conference) {
    const signIn = async (username: string) => {
      const a = request.agent(app);
      const t = /name="_csrf" value="([^"]+)"/.exec((await a.get('/login')).text)![1];
      await a.post('/login').type('form').send({ username, password: 'thidua@demo', _csrf: t });
      return a;
    };
    const post = async (a: ReturnType<typeof request.agent>, url: string, body: Record<string, unknown>) => {
      const t = /name="_csrf" value="([^"]+)"/.exec((await a.get('/account/password')).text)![1];
      return a.post(url).type('form').send({ ...body, _csrf: t });
    };
    const officers = await db.roleAssignment.findMany({ where: { role: 'UNIT_OFFICER', agency: { memberships: { some: { blocYearId: conference.id } } } }, select: { agencyId: true, user: { select: { username: true } } } });
    const byUnit = new Map<number, string>();
    for (const o of officers) if (!byUnit.has(o.agencyId!)) byUnit.set(o.agencyId!, o.user.username);
    const base = `/blocs/${conference.blocId}/years/${conference.year}`;
    const head = await signIn(byUnit.get(conference.headAgencyId!)!);
    await post(head, `${base}/reviews/year-end/freeze`, { heldAt: `${conference.year}-12-18`, place: 'Hội trường Khối trưởng', chairName: 'Nguyễn Văn Chủ', chairTitle: 'Cục trưởng', secretaryName: 'Trần Thị Thư', membersPresent: String(byUnit.size), summary: 'Các đơn vị hoàn thành tốt nhiệm vụ năm.' });
    const ranked = await db.reviewResult.findMany({ where: { review: { blocYearId: conference.id, kind: 'YEAR_END' } }, orderBy: { rank: 'asc' }, take: 3, select: { agencyId: true } });
    const opened = await post(head, `${base}/ballots`, { purpose: 'AWARD', awardKind: 'CO_TINH', seats: '2', candidateIds: ranked.map((r) => String(r.agencyId)), presentIds: [...byUnit.keys()].map(String) });
    const ballotId = Number(String(opened.headers.location ?? '').split('/').pop());
    if (ballotId) {
      const cands = await db.ballotCandidate.findMany({ where: { ballotId }, orderBy: { id: 'asc' }, select: { id: true } });
      for (const username of byUnit.values()) await post(await signIn(username), `${base}/ballots/${ballotId}/vote`, { candidateIds: cands.slice(0, 2).map((c) => String(c.id)) });
      await post(head, `${base}/ballots/${ballotId}/close`, {});
    }
  }

  const years = await db.blocYear.findMany({ orderBy: [{ year: 'asc' }, { id: 'asc' }], select: { blocId: true, year: true } });
  const wanted = new Map<string, string>([
    ['bien-ban-tong-ket', 'minutes'],
    ['bien-ban-so-ket', 'mid-year-minutes'],
    ['bien-ban-kiem-phieu', 'tally'],
    ['to-trinh', 'proposal-letter'],
    ['giao-uoc', 'pledge'],
    ['bao-cao-thanh-tich', 'achievement-report'],
  ]);
  const done = new Set<string>();
  fs.mkdirSync(OUT, { recursive: true });
  for (const y of years) {
    const page = await agent.get(`/blocs/${y.blocId}/years/${y.year}/documents`);
    // the issued documents' PDF links (drafts carry ?draft=1 or say "Dự thảo")
    const links = [...page.text.matchAll(/<a href="([^"?]+\/documents\/[^"?]+\.pdf)">PDF<\/a>/g)].map((m) => m[1]);
    for (const href of links) {
      const res = await agent.get(href).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      const name = /filename="([^"]+)"/.exec(String(res.headers['content-disposition']))?.[1] ?? '';
      const kind = [...wanted.entries()].find(([prefix]) => name.startsWith(prefix))?.[1];
      if (!kind || done.has(kind)) continue;
      const pdf = path.join(tmp, `${kind}.pdf`);
      fs.writeFileSync(pdf, res.body as Buffer);
      run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(OUT, `document-${kind}`)]);
      done.add(kind);
      console.log(`${kind}: ${name} (năm ${y.year}) → docs/screenshots/document-${kind}.png`);
    }
  }
  await db.$disconnect();
  fs.rmSync(tmp, { recursive: true, force: true });
  const missing = [...wanted.values()].filter((k) => !done.has(k));
  if (missing.length) console.log(`Không có trong dữ liệu mẫu: ${missing.join(', ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
