// The year-end sheet starts from the unit's mid-year entries: shown as the form's initial values
// ("điền sẵn từ sơ kết 6 tháng"), written only when the unit saves, and sending still needs every
// criterion answered. Demo data: Nghệ An 2020 in scoring, mid-year frozen, so the open period is
// YEAR_END; NHNN Nghệ An has a mid-year sheet and no year-end sheet yet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, loginAs, csrf, type Agent, type TestApp } from '../support/app';
import { formatPoints } from '../../src/i18n/format';

let t: TestApp;
let base: string;
let yearId: number;
let unit: number;
let agent: Agent;
let mid: { criterionId: number; selfCenti: number | null; evidenceText: string }[];

beforeAll(async () => {
  t = await startTestApp();
  const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' } });
  yearId = (await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: bloc.blocId, year: 2020 } } })).id;
  base = `/blocs/${bloc.blocId}/years/2020`;
  unit = (await t.db.roleAssignment.findFirstOrThrow({ where: { user: { username: 'nhnn.nghean' } } })).agencyId!;
  mid = (await t.db.scoreSheet.findUniqueOrThrow({ where: { blocYearId_agencyId_period: { blocYearId: yearId, agencyId: unit, period: 'MID_YEAR' } }, include: { entries: true } })).entries;
  agent = await loginAs(t.app, 'nhnn.nghean');
});
afterAll(async () => t.close());

const page = (period = 'YEAR_END') => agent.get(`${base}/scores/${unit}?period=${period}`);
const yearEnd = () => t.db.scoreSheet.findUnique({ where: { blocYearId_agencyId_period: { blocYearId: yearId, agencyId: unit, period: 'YEAR_END' } }, include: { entries: true } });
const unescape = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The sheet form's fields as the browser would send them. */
function formOf(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*name="(score_\d+|version|period)"[^>]*value="([^"]*)"/g)) out[m[1]] = unescape(m[2]);
  for (const m of html.matchAll(/<textarea[^>]*name="(evidence_\d+)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[m[1]] = unescape(m[2]);
  return out;
}

async function post(fields: Record<string, string>, action: 'save' | 'submit') {
  return agent.post(`${base}/scores/${unit}`).type('form').send({ ...fields, action, _csrf: await csrf(agent, `${base}/scores/${unit}?period=YEAR_END`) });
}

describe('the year-end sheet pre-filled from mid-year', () => {
  it('the first year-end form shows the mid-year self scores and evidence, marked, and writes nothing', async () => {
    expect(mid.some((e) => e.selfCenti !== null)).toBe(true);
    expect(await yearEnd()).toBeNull();
    const res = await page();
    expect(res.status).toBe(200);
    expect(res.text).toContain('điền sẵn từ sơ kết 6 tháng — kiểm tra và sửa trước khi gửi');
    const form = formOf(res.text);
    for (const e of mid) {
      expect(form[`score_${e.criterionId}`]).toBe(formatPoints(e.selfCenti));
      expect(form[`evidence_${e.criterionId}`]).toBe(e.evidenceText);
    }
    expect(await yearEnd()).toBeNull(); // shown, not saved
  });

  it('the mid-year sheet itself is not marked', async () => {
    expect((await page('MID_YEAR')).text).not.toContain('điền sẵn từ sơ kết 6 tháng');
  });

  it('sending still needs every criterion answered: a pre-filled form with one score cleared → 422, nothing written', async () => {
    const form = formOf((await page()).text);
    const cleared = mid.find((e) => e.selfCenti !== null)!.criterionId;
    const res = await post({ ...form, [`score_${cleared}`]: '' }, 'submit');
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/Cần (chấm điểm tiêu chí này|nhập điểm)/);
    expect(await yearEnd()).toBeNull();
  });

  it('saving the pre-filled form keeps the values as the unit’s year-end draft; the mark is gone', async () => {
    const changed = mid.find((e) => e.selfCenti !== null && e.selfCenti >= 100)!;
    const form = formOf((await page()).text);
    const res = await post({ ...form, [`score_${changed.criterionId}`]: formatPoints(changed.selfCenti! - 50) }, 'save');
    expect(res.status, res.text.slice(0, 300)).toBe(302);
    const saved = (await yearEnd())!;
    expect(saved.status).toBe('DRAFT');
    for (const e of mid) {
      const s = saved.entries.find((x) => x.criterionId === e.criterionId);
      const expected = e.criterionId === changed.criterionId ? changed.selfCenti! - 50 : e.selfCenti;
      expect({ self: s?.selfCenti ?? null, evidence: s?.evidenceText ?? '' }).toEqual({ self: expected, evidence: e.evidenceText });
    }
    const after = await page();
    expect(after.text).not.toContain('điền sẵn từ sơ kết 6 tháng');
    expect(formOf(after.text)[`score_${changed.criterionId}`]).toBe(formatPoints(changed.selfCenti! - 50));
  });
});
