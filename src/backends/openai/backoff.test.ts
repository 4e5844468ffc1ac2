import { describe, expect, it } from 'vitest';
import { AbortError } from '../../core/errors.js';
import { backoffDelayMs, retryAfterMs, sleep } from './backoff.js';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '150', 'retry-after': '9' }), now)).toBe(150);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 22 Nov 2026 12:00:07 GMT' }), now)).toBe(7000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 22 Nov 2026 11:00:00 GMT' }), now)).toBe(0);
  });
  it('ignores absent or unreadable values', () => {
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
  });
});

describe('backoffDelayMs', () => {
  it('doubles per retry up to the cap, with jitter in the upper half', () => {
    expect(backoffDelayMs(0, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelayMs(0, 100, 10_000, () => 0.999)).toBeCloseTo(99.95);
    expect(backoffDelayMs(3, 100, 10_000, () => 0)).toBe(400);
    expect(backoffDelayMs(20, 100, 10_000, () => 1)).toBe(10_000);
  });
});

describe('sleep', () => {
  it('rejects with AbortError as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });
});
