import { describe, expect, it } from 'vitest';
import { delayAfter, foldUsername, throttleKeys, throttleRules } from '../../src/auth/throttle';
import { loadConfig } from '../../src/config';

describe('sign-in delays', () => {
  const rule = { free: 5, capMs: 30_000 };

  it.each([
    [1, 0],
    [5, 0],
    [6, 1000],
    [7, 2000],
    [8, 4000],
    [10, 16_000],
    [11, 30_000],
    [1000, 30_000],
  ])('after failure %i the key waits %i ms', (failures, ms) => {
    expect(delayAfter(failures, rule)).toBe(ms);
  });

  it('the account waits at most its own (short) cap; the pair and the address the long one', () => {
    const rules = throttleRules(loadConfig({}));
    expect(delayAfter(50, rules.keys.user)).toBe(30_000);
    expect(delayAfter(50, rules.keys.pair)).toBe(300_000);
    expect(delayAfter(50, rules.keys.ip)).toBe(300_000);
    expect(delayAfter(30, rules.keys.ip)).toBe(0);
  });

  it('keys use the folded username', () => {
    expect(foldUsername('  BanTDKT.NgheAn ')).toBe('bantdkt.nghean');
    expect(throttleKeys('admin', '10.0.0.1')).toEqual({ user: 'user:admin', ip: 'ip:10.0.0.1', pair: 'pair:admin|10.0.0.1' });
  });
});
