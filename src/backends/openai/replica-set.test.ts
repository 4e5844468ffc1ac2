import { describe, expect, it } from 'vitest';
import { ReplicaSet } from './replica-set.js';

describe('ReplicaSet', () => {
  it('sends each request to the replica with the fewest outstanding requests', () => {
    const set = new ReplicaSet(['a', 'b', 'c'], 1000, () => 0);
    const first = set.acquire();
    const second = set.acquire();
    const third = set.acquire();
    expect([first.url, second.url, third.url]).toEqual(['a', 'b', 'c']);
    set.release(second);
    expect(set.acquire().url).toBe('b');
    set.release(first);
    set.release(third);
    // a and c are idle with one request each so far; b is busy.
    expect(set.acquire().url).toBe('a');
  });

  it('leaves a failed replica out for the cool-down, then takes it back', () => {
    let now = 0;
    const set = new ReplicaSet(['a', 'b'], 1000, () => now);
    const a = set.acquire();
    set.markDown(a);
    set.release(a);
    const picks = [set.acquire(), set.acquire(), set.acquire()].map((r) => r.url);
    expect(picks).toEqual(['b', 'b', 'b']);
    now = 1000;
    expect(set.acquire().url).toBe('a');
  });

  it('still tries the replica that comes back first when all are cooling down', () => {
    let now = 0;
    const set = new ReplicaSet(['a', 'b'], 1000, () => now);
    set.markDown(set.replicas[1]!);
    now = 10;
    set.markDown(set.replicas[0]!);
    expect(set.acquire().url).toBe('b');
  });
});
