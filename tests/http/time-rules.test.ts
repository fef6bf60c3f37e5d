// The time rules on one clock (issue 12, item 20): session idle and absolute timeouts, sign-in waits
// and their failure window, the appeal deadline. Every rule reads the app's `config.now`; these tests
// move it instead of sleeping.
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/http/session';
import { startTestApp, csrf, postForm, type Agent, type TestApp } from '../support/app';
import { DEMO_PASSWORD } from '../support/testdb';

let t: TestApp;
let clock: number;
const MINUTE = 60_000;

beforeAll(async () => {
  t = await startTestApp();
  t.config.now = () => new Date(clock);
});
afterAll(async () => t.close());
let day = 0;
beforeEach(() => {
  // A day apart per test: no session, wait or window of an earlier test reaches the next.
  clock = Date.now() + ++day * 86_400_000;
});

/** Signs in at the current clock; returns the agent and its session id (from the new cookie). */
async function signIn(username: string): Promise<{ agent: Agent; sid: string }> {
  const agent = request.agent(t.app);
  const token = await csrf(agent);
  const res = await agent.post('/login').type('form').send({ username, password: DEMO_PASSWORD, _csrf: token });
  expect(res.status, res.text.slice(0, 200)).toBe(302);
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
  const signed = decodeURIComponent(cookie.split(';')[0].slice(SESSION_COOKIE.length + 1));
  return { agent, sid: signed.slice(2, signed.lastIndexOf('.')) }; // "s:<sid>.<signature>"
}

const row = (sid: string) => t.db.session.findUnique({ where: { sid } });

describe('sessions', () => {
  it('a session idle past SESSION_IDLE_MINUTES is refused (to /login) and its row deleted; activity keeps it alive', async () => {
    const idle = t.config.SESSION_IDLE_MINUTES * MINUTE;
    const { agent, sid } = await signIn('bantdkt.nghean');
    expect((await row(sid))?.expiresAt.getTime()).toBe(clock + idle);

    clock += idle - 1; // a request just inside the limit rolls the expiry on
    expect((await agent.get('/')).status).toBe(200);
    expect((await row(sid))?.expiresAt.getTime()).toBe(clock + idle);

    clock += idle; // idle for exactly the limit since that request
    const refused = await agent.get('/');
    expect(refused.status).toBe(302);
    expect(refused.headers.location).toBe('/login');
    expect(await row(sid)).toBeNull();
    // the clock going back cannot revive it
    clock -= idle;
    expect((await agent.get('/')).status).toBe(302);
  });

  it('a session past SESSION_ABSOLUTE_HOURS is refused even while active', async () => {
    const absolute = t.config.SESSION_ABSOLUTE_HOURS * 3_600_000;
    const step = (t.config.SESSION_IDLE_MINUTES - 5) * MINUTE; // never idle for long
    const start = clock;
    const { agent, sid } = await signIn('bantdkt.nghean');
    while (clock + step <= start + absolute) {
      clock += step;
      expect((await agent.get('/account/password')).status, `after ${(clock - start) / MINUTE} min`).toBe(200);
    }
    clock = start + absolute; // still allowed at exactly the limit
    expect((await agent.get('/account/password')).status).toBe(200);
    clock += 1;
    const refused = await agent.get('/account/password');
    expect(refused.status).toBe(302);
    expect(refused.headers.location).toBe('/login?expired=1');
    expect(await row(sid)).toBeNull();
  });
});

describe('sign-in waits and the failure window', () => {
  const attempt = async (username: string, password: string) => {
    const agent = request.agent(t.app);
    const token = await csrf(agent); // first: the agent attaches its cookies when the POST is created
    return agent.post('/login').type('form').send({ username, password, _csrf: token });
  };
  const throttle = (username: string) => t.db.loginThrottle.findUnique({ where: { key: `user:${username}` } });

  it('a wait ends when the clock passes it', async () => {
    const user = 'dutru.nghean';
    for (let i = 0; i <= t.config.LOGIN_FREE_FAILURES; i++) expect((await attempt(user, 'sai-mat-khau')).status).toBe(401);
    const waiting = await throttle(user);
    expect(waiting?.blockedUntil?.getTime()).toBe(clock + 1000);
    expect((await attempt(user, DEMO_PASSWORD)).status).toBe(401); // right password, still waiting
    clock += 999;
    expect((await attempt(user, DEMO_PASSWORD)).status).toBe(401);
    clock += 1;
    expect((await attempt(user, DEMO_PASSWORD)).status).toBe(302);
  });

  it('failures older than LOGIN_FAILURE_WINDOW_MINUTES no longer count: the free failures start again', async () => {
    const user = 'nhnn.nghean';
    const free = t.config.LOGIN_FREE_FAILURES;
    for (let i = 0; i < free; i++) expect((await attempt(user, 'sai-mat-khau')).status).toBe(401);
    expect((await throttle(user))?.failures).toBe(free);

    clock += t.config.LOGIN_FAILURE_WINDOW_MINUTES * MINUTE; // the last failure is exactly a window old: it still counts
    expect((await attempt(user, 'sai-mat-khau')).status).toBe(401);
    expect(await throttle(user)).toMatchObject({ failures: free + 1, blockedUntil: new Date(clock + 1000) });

    clock += t.config.LOGIN_FAILURE_WINDOW_MINUTES * MINUTE + 1; // a window and a moment later: counting restarts
    for (let i = 0; i < free; i++) expect((await attempt(user, 'sai-mat-khau')).status).toBe(401);
    expect(await throttle(user)).toMatchObject({ failures: free, blockedUntil: null });
    expect((await attempt(user, DEMO_PASSWORD)).status).toBe(302); // no wait was started
  });
});

describe('the appeal deadline', () => {
  it('an appeal is accepted until the end of appealUntil and refused (409) after it', async () => {
    const bloc = await t.db.blocVersion.findFirstOrThrow({ where: { name: 'Khối các cơ quan Trung ương tỉnh Nghệ An' } });
    const year = await t.db.blocYear.findUniqueOrThrow({ where: { blocId_year: { blocId: bloc.blocId, year: 2020 } }, include: { sheets: true } });
    const base = `/blocs/${bloc.blocId}/years/2020`;
    const sheet = year.sheets.find((s) => s.period === 'YEAR_END' && s.status === 'SUBMITTED' && s.agencyId !== year.headAgencyId)!;
    const unit = sheet.agencyId;
    const page = `${base}/scores/${unit}?period=YEAR_END`;
    const officer = async (agencyId: number) =>
      (await t.db.roleAssignment.findFirstOrThrow({ where: { role: 'UNIT_OFFICER', agencyId }, include: { user: true } })).user.username;
    const criterion = await t.db.criterion.findFirstOrThrow({ where: { table: { blocYearId: year.id }, kind: 'NORMAL' }, orderBy: { id: 'asc' } });

    // The head accepts the sheet with one score lowered: that score can be appealed.
    const { agent: head } = await signIn(await officer(year.headAgencyId!));
    const accepted = await postForm(head, `${base}/scores/${unit}/review`, {
      period: 'YEAR_END',
      version: String(sheet.version),
      action: 'accept',
      [`reviewed_${criterion.id}`]: String(criterion.maxCenti / 100 - 1),
      [`reason_${criterion.id}`]: 'Chưa đạt chỉ tiêu đề ra',
    }, page);
    expect(accepted.status, accepted.text.slice(0, 300)).toBe(302);

    const day = new Date(clock);
    const appealUntil = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
    await t.db.blocYear.update({ where: { id: year.id }, data: { appealUntil } });
    const lastMoment = appealUntil.getTime() + 86_400_000 - 1; // the whole of that day

    const appeal = (agent: Agent) =>
      postForm(agent, `${base}/scores/${unit}/entries/${criterion.id}/appeal`, { period: 'YEAR_END', reason: 'Đơn vị đã hoàn thành vượt mức chỉ tiêu được giao', evidenceText: 'Báo cáo số 45/BC' }, page);
    const appeals = () => t.db.appeal.count({ where: { entry: { criterionId: criterion.id, sheet: { agencyId: unit, period: 'YEAR_END' } } } });

    clock = lastMoment + 1;
    const { agent: late } = await signIn(await officer(unit));
    const refused = await appeal(late);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Đã hết thời hạn khiếu nại');
    expect(await appeals()).toBe(0);

    clock = lastMoment;
    const ok = await appeal(late);
    expect(ok.status, ok.text.slice(0, 300)).toBe(302);
    expect(await appeals()).toBe(1);
  });
});
