import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBe(`file:${path.resolve('data/thidua.db')}`);
    expect(c.DEMO_PASSWORD).toBe('thidua@demo');
  });
  it('names the bad variable in a clear message', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL.*postgresql/);
  });
  it('refuses production without a session secret or with demo mode', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO_MODE: 'false' })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) })).toThrow(/DEMO_MODE/);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DEMO_MODE: 'false' }).cookieSecure).toBe(true);
  });
});

describe('sign-in limits', () => {
  it('count failures with README defaults and refuse nonsense', () => {
    const c = loadConfig({});
    expect([c.LOGIN_FREE_FAILURES, c.LOGIN_IP_FREE_FAILURES, c.LOGIN_MAX_DELAY_SECONDS, c.LOGIN_ACCOUNT_MAX_DELAY_SECONDS, c.LOGIN_FAILURE_WINDOW_MINUTES]).toEqual([
      5, 30, 300, 30, 15,
    ]);
    expect(c.now()).toBeInstanceOf(Date);
    expect(() => loadConfig({ LOGIN_FREE_FAILURES: '0' })).toThrow(/LOGIN_FREE_FAILURES/);
    expect(() => loadConfig({ LOGIN_ACCOUNT_MAX_DELAY_SECONDS: 'abc' })).toThrow(/LOGIN_ACCOUNT_MAX_DELAY_SECONDS/);
  });

  it('resolves relative paths once, against the working directory (Express 5 sendFile needs absolute ones)', () => {
    const c = loadConfig({}, '/srv/thidua');
    expect(c.UPLOAD_DIR).toBe(path.resolve('/srv/thidua/data/uploads'));
    expect(c.DATABASE_URL).toBe(`file:${path.resolve('/srv/thidua/data/thidua.db')}`);
    expect(loadConfig({ UPLOAD_DIR: '/var/lib/thidua/files', DATABASE_URL: 'file:/var/lib/thidua/db.sqlite?mode=rw' }, '/srv')).toMatchObject({
      UPLOAD_DIR: '/var/lib/thidua/files',
      DATABASE_URL: 'file:/var/lib/thidua/db.sqlite?mode=rw',
    });
    expect(loadConfig({ DATABASE_URL: 'file:db/x.db?connection_limit=1' }, '/srv').DATABASE_URL).toBe('file:/srv/db/x.db?connection_limit=1');
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h/db' }).DATABASE_URL).toBe('postgresql://u@h/db');
  });
  it('a demo listens on loopback unless HOST is set; outside demo mode on every interface', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ DEMO_MODE: 'true', HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ DEMO_MODE: 'false' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DEMO_MODE: 'false' }).HOST).toBe('0.0.0.0');
  });
  it('parses TRUST_PROXY: false, true (one proxy), a hop count, a list of addresses or subnets', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1,fd00::/8' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8', '::1', 'fd00::/8']);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.local' })).toThrow(/TRUST_PROXY.*proxy\.local/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '99' })).toThrow(/TRUST_PROXY/);
  });
});
