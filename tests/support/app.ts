// The real app on a real database copy, driven through supertest, with role-based agents.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { createDb, type Db } from '../../src/db/client';
import { loadConfig, type Config } from '../../src/config';
import { cloneTemplate, DEMO_PASSWORD } from './testdb';

export type TestApp = { app: Express; db: Db; config: Config; errors: string[]; close: () => Promise<void> };

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const { url, drop } = await cloneTemplate();
  // README's defaults, UPLOAD_DIR=./data/uploads included, resolved as at start-up but against a
  // working directory of this app's own so that test files do not share (or litter) one folder.
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-cwd-'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, ...env }, workdir);
  const db = createDb(url);
  const errors: string[] = [];
  const app = createApp(db, config, (m) => errors.push(m));
  return {
    app,
    db,
    config,
    errors,
    close: async () => {
      await db.$disconnect();
      await drop();
      fs.rmSync(workdir, { recursive: true, force: true });
    },
  };
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in page');
  return m[1];
}

export type Agent = ReturnType<typeof request.agent>;

/** A fresh CSRF token for this agent's session (read from a page with a form). */
export async function csrf(agent: Agent, page = '/login'): Promise<string> {
  const res = await agent.get(page);
  return csrfFrom(res.text);
}

export async function loginAs(app: Express, username: string, password = DEMO_PASSWORD): Promise<Agent> {
  const agent = request.agent(app);
  const token = await csrf(agent, '/login');
  const res = await agent.post('/login').type('form').send({ username, password, _csrf: token });
  if (res.status !== 302) throw new Error(`login as ${username} failed: ${res.status} ${res.text.slice(0, 300)}`);
  return agent;
}

/** POST a form with a valid CSRF token taken from `fromPage`. */
export async function postForm(agent: Agent, url: string, body: Record<string, string>, fromPage = '/account/password') {
  const token = await csrf(agent, fromPage);
  return agent.post(url).type('form').send({ ...body, _csrf: token });
}
