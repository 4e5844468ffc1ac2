import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, shuffled, subsample } from './rng.js';

describe('createRng', () => {
  it('replays the same stream for the same seed and differs across seeds', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('is roughly uniform', () => {
    const rng = createRng(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[rng.int(4)]! += 1;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });
});

describe('shuffled / subsample', () => {
  it('permutes without losing items', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const out = shuffled(items, createRng(3));
    expect(out.toSorted((x, y) => x - y)).toEqual(items);
    expect(out).not.toEqual(items);
  });

  it('takes k distinct items', () => {
    const out = subsample([1, 2, 3, 4, 5, 6], 4, createRng(deriveSeed(1, 'q', 2)));
    expect(new Set(out).size).toBe(4);
  });
});
