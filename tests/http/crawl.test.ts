// Every page is one click away: as each demo role, start at the home page and follow only the
// `<a href>` links of the pages (no typed URL), then check that no link leads to a 403/404/5xx
// (downloads included) and that every page the role may open for the demo blocs was reached. The
// expected pages come from the database and the permission rules, not from the pages themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, type Agent, type TestApp } from '../support/app';
import { toPrincipal, type Principal } from '../../src/auth/principal';
import { can, type Scope } from '../../src/auth/permissions';
import { blocWhere, blocYearWhere } from '../../src/auth/scope';
import { overseesYear } from '../../src/modules/years/context';
import { yearTabs, yearBase, blocYearHref } from '../../src/modules/years/tabs';
import type { Phase } from '../../src/domain/enums';

const ROLES = [
  'admin',
  'bantdkt.nghean',
  'bantdkt.tayninh',
  'bantdkt.hanam',
  'haiquan.nghean', // head of Nghệ An 2020
  'thongke.tayninh', // head of Tây Ninh 2020
  'vpubnd.hanam', // head of Hà Nam 2022
  'qltt.nghean', // deputy of Nghệ An 2020
  'thue.tayninh',
  'thue.hanam',
];
const MAX_PAGES = 600; // per role; the admin's whole demo is about 400
const MAX_PAGE_PARAM = 3; // follow a paginated list this far
const MAX_VARIANTS = 12; // distinct query strings of one path

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

type Crawl = { visited: Map<string, number>; failures: string[] };

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** Same-origin links worth following from a page, normalised (no fragment). */
function linksOf(html: string, from: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/g)) {
    const raw = decode(m[1]);
    if (!raw || raw.startsWith('#') || /^(mailto|tel|javascript):/i.test(raw)) continue;
    const u = new URL(raw, `http://portal${from}`);
    if (u.host !== 'portal') continue;
    if (u.pathname === '/logout') continue;
    out.push(u.pathname + u.search);
  }
  return out;
}

const isDownload = (url: string) => /\.(docx|pdf|xlsx)(\?|$)|\/files\/\d+$/.test(url);
// A document is generated from the year's data whoever asks, behind the same loadYear() check as the
// year's documents page: one that answered 200 to a reader who oversees the year (or to one who
// does not, the scoreboard differs) is not generated again for the next role, which keeps the
// crawl of ten roles within its time.
const downloaded = new Map<string, number>();

async function crawl(agent: Agent, overseen: Set<string>): Promise<Crawl> {
  const downloadKey = (url: string) => `${url} ${overseen.has(url.split('/').slice(0, 5).join('/')) ? 'oversees' : 'reads'}`;
  const visited = new Map<string, number>();
  const failures: string[] = [];
  const variants = new Map<string, Set<string>>();
  const queue: { url: string; from: string }[] = [{ url: '/', from: '(start)' }];
  const queued = new Set(['/']);
  const enqueue = (url: string, from: string) => {
    if (queued.has(url)) return;
    const u = new URL(url, 'http://portal');
    if (Number(u.searchParams.get('page') ?? 1) > MAX_PAGE_PARAM) return;
    const seen = variants.get(u.pathname) ?? new Set<string>();
    if (!seen.has(u.search) && seen.size >= MAX_VARIANTS) return;
    seen.add(u.search);
    variants.set(u.pathname, seen);
    queued.add(url);
    queue.push({ url, from });
  };
  while (queue.length && visited.size < MAX_PAGES) {
    const { url, from } = queue.shift()!;
    const known = isDownload(url) ? downloaded.get(downloadKey(url)) : undefined;
    if (known !== undefined) {
      visited.set(url, known);
      if (known !== 200) failures.push(`${from} → ${url}: ${known}`);
      continue;
    }
    const res = await agent.get(url);
    visited.set(url, res.status);
    if (isDownload(url)) downloaded.set(downloadKey(url), res.status);
    if (res.status >= 300 && res.status < 400) {
      const to = new URL(res.headers.location, `http://portal${url}`);
      if (to.host !== 'portal' || to.pathname === '/login') failures.push(`${from} → ${url}: redirected to ${res.headers.location}`);
      else enqueue(to.pathname + to.search, url);
      continue;
    }
    if (res.status !== 200) {
      failures.push(`${from} → ${url}: ${res.status}`);
      continue;
    }
    if (!String(res.headers['content-type']).startsWith('text/html')) continue; // a download: its status is what counts
    for (const link of linksOf(res.text, url)) enqueue(link, url);
  }
  if (queue.length) failures.push(`crawl stopped at ${MAX_PAGES} pages with ${queue.length} links left`);
  return { visited, failures };
}

/** The pages this person may open for the demo blocs, from the database and the permission rules. */
async function expectedPages(p: Principal): Promise<{ exact: string[]; anyQuery: string[]; overseen: Set<string> }> {
  const db = t.db;
  const exact = ['/', '/blocs', '/agencies', '/account/password'];
  const anyQuery: string[] = [];
  const overseen = new Set<string>();
  const [blocs, years, provinces] = await Promise.all([
    db.bloc.findMany({ where: blocWhere(p), select: { id: true, provinceId: true, years: { select: { year: true } } } }),
    db.blocYear.findMany({
      where: blocYearWhere(p),
      select: {
        blocId: true,
        year: true,
        phase: true,
        headAgencyId: true,
        deputyAgencyId: true,
        deputyActsAsHead: true,
        bloc: { select: { provinceId: true } },
        memberships: { where: { leftAt: null }, select: { agencyId: true } },
        ballots: { select: { id: true } },
      },
    }),
    db.province.findMany({ select: { id: true } }),
  ]);
  for (const b of blocs) {
    exact.push(`/blocs/${b.id}`);
    for (const y of b.years) exact.push(blocYearHref(b.id, y.year));
    if (can(p, 'bloc.manage', { provinceId: b.provinceId })) exact.push(`/blocs/${b.id}/rename`, `/blocs/${b.id}/retire`, `/blocs/${b.id}/years/new`);
  }
  const agencies = new Set<number>();
  for (const y of years) {
    const members = y.memberships.map((m) => m.agencyId);
    const scope: Scope = { provinceId: y.bloc.provinceId, memberAgencyIds: members, headAgencyId: y.headAgencyId, deputyAgencyId: y.deputyAgencyId, deputyActsAsHead: y.deputyActsAsHead, closed: y.phase === 'CLOSED' };
    if (!can(p, 'bloc.view', scope)) continue;
    const oversees = overseesYear(p, scope);
    const tabs = yearTabs({ blocId: y.blocId, year: y.year, phase: y.phase as Phase, readable: true, oversees });
    const has = (key: string) => tabs.some((tab) => tab.key === key);
    const base = yearBase(y.blocId, y.year);
    if (oversees) overseen.add(base);
    // a unit's "Chấm điểm" tab opens its own sheet (a redirect), checked below
    for (const tab of tabs) if (tab.key !== 'scores' || oversees) exact.push(tab.href);
    // every member's registration and sheet for those who oversee the year; a unit sees its own
    // registration on the tab itself and is sent to its own sheet
    for (const a of members) {
      if (oversees && has('registrations')) anyQuery.push(`${base}/registrations/${a}`);
      if ((oversees || p.agencyIds.includes(a)) && has('scores')) anyQuery.push(`${base}/scores/${a}`);
    }
    if (y.phase === 'YEAR_END_REVIEW' || y.phase === 'CLOSED') for (const b of y.ballots) exact.push(`${base}/ballots/${b.id}`);
    for (const a of members) if (can(p, 'agency.view', { provinceId: y.bloc.provinceId, agencyId: a, memberAgencyIds: members })) agencies.add(a);
  }
  for (const a of agencies) exact.push(`/agencies/${a}`);
  for (const pr of provinces) if (can(p, 'province.rules', { provinceId: pr.id })) anyQuery.push(`/provinces/${pr.id}/rules`);
  if (can(p, 'users.manage') || p.boardProvinceIds.some((id) => can(p, 'users.manageProvince', { provinceId: id }))) exact.push('/admin/users', '/admin/users/new');
  if (can(p, 'bloc.manage') || p.boardProvinceIds.some((id) => can(p, 'bloc.manage', { provinceId: id }))) exact.push('/blocs/new');
  if (can(p, 'agency.manage') || p.boardProvinceIds.some((id) => can(p, 'agency.manage', { provinceId: id }))) exact.push('/agencies/new');
  if (can(p, 'audit.view') || p.boardProvinceIds.some((id) => can(p, 'audit.view', { provinceId: id }))) exact.push('/audit');
  return { exact, anyQuery, overseen };
}

describe('every page is reachable by clicking from the home page', () => {
  for (const username of ROLES) {
    it(`${username}: no broken or forbidden link, every allowed page reached`, { timeout: 180_000 }, async () => {
      const agent = await loginAs(t.app, username);
      const user = await t.db.user.findUniqueOrThrow({ where: { username }, include: { assignments: { select: { role: true, provinceId: true, agencyId: true } } } });
      const p = toPrincipal(user);
      const expected = await expectedPages(p);
      const { visited, failures } = await crawl(agent, expected.overseen);
      expect(failures).toEqual([]);
      const paths = new Set([...visited.keys()].map((u) => u.split('?')[0]));
      const missing = [...expected.exact.filter((u) => !visited.has(u)), ...expected.anyQuery.filter((u) => !paths.has(u))];
      expect(missing).toEqual([]);
      const downloads = [...visited.keys()].filter(isDownload).length;
      console.log(`${username}: ${visited.size} pages visited (${downloads} downloads), ${expected.exact.length + expected.anyQuery.length} expected pages reached`);
    });
  }
});
