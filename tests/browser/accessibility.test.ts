// Accessibility (issue 10): every demo role follows the links from its home page (a bounded crawl,
// one URL per route shape) and axe-core checks each page in Chromium; no violation of impact
// "serious" or "critical" may remain. axe is injected through page.evaluate: the portal's strict
// CSP would refuse a <script> tag, as it should.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBrowserEnv, login, type BrowserEnv } from '../support/browser';
import { ROOT } from '../support/testdb';

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const ROLES = ['admin', 'bantdkt.tayninh', 'thongke.tayninh', 'thue.tayninh', 'qltt.nghean', 'sotaichinh.hanam'];
const MAX_PAGES = 25;
// Downloads are files, not pages; logout would end the crawl (and is a POST anyway).
const SKIP = /\.(docx|pdf|xlsx)$|\/files\/\d+$|^\/logout$/;

type Finding = { url: string; rule: string; impact: string; help: string; targets: string[] };

let env: BrowserEnv;
let page: Page;
const scriptErrors: string[] = [];

beforeAll(async () => {
  env = await startBrowserEnv();
  page = await env.browser.newPage();
  page.on('pageerror', (e) => scriptErrors.push(e.message));
});
afterAll(async () => env?.close());

/** Numbers in the path are ids and years; the query's keys, not values, make a different page. */
function shapeOf(u: URL): string {
  const keys = [...new Set(u.searchParams.keys())].sort().join('&');
  return u.pathname.replace(/\/\d+(?=\/|$)/g, '/:n') + (keys ? `?${keys}` : '');
}

async function axeViolations(url: string): Promise<Finding[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    type Node = { target: unknown[]; failureSummary?: string };
    const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: Node[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    const describe = (n: Node) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`;
    return r.violations.map((v) => ({ rule: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 8).map(describe) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ url, ...v }));
}

async function crawl(username: string): Promise<{ visited: string[]; findings: Finding[] }> {
  await login(page, env.base, username);
  const origin = new URL(env.base).origin;
  const queue = ['/'];
  const seen = new Set<string>([shapeOf(new URL('/', origin))]);
  const visited: string[] = [];
  const findings: Finding[] = [];
  while (queue.length && visited.length < MAX_PAGES) {
    const target = queue.shift()!;
    const res = await page.goto(origin + target);
    visited.push(`${res?.status()} ${target}`);
    findings.push(...(await axeViolations(target)));
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) {
      const u = new URL(href);
      if (u.origin !== origin || SKIP.test(u.pathname)) continue;
      const shape = shapeOf(u);
      if (seen.has(shape)) continue;
      seen.add(shape);
      queue.push(u.pathname + u.search);
    }
  }
  return { visited, findings };
}

describe('accessibility: axe on every page a role reaches from its home page', () => {
  for (const username of ROLES) {
    it(`${username}: no serious or critical violation`, async () => {
      const { visited, findings } = await crawl(username);
      expect(visited.length, visited.join('\n')).toBeGreaterThan(3);
      const report = findings.map((f) => `${f.url} — ${f.rule} (${f.impact}): ${f.help}\n    ${f.targets.join('\n    ')}`).join('\n');
      expect(findings, `pages visited:\n${visited.join('\n')}\n\nviolations:\n${report}`).toEqual([]);
      expect(scriptErrors).toEqual([]);
    }, 120_000);
  }
});
