import { describe, expect, it } from 'vitest';
import { AbortError, InvalidInputError } from './errors.js';
import { createPool } from './pool.js';

interface Gate {
  promise: Promise<void>;
  resolve: () => void;
}

const deferred = (): Gate => {
  const gate = {} as Gate;
  gate.promise = new Promise<void>((resolve) => (gate.resolve = resolve));
  return gate;
};

describe('createPool', () => {
  it('never runs more than the limit at once and starts waiters in arrival order', async () => {
    const pool = createPool(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    let peak = 0;
    const runs = gates.map((gate, i) =>
      pool.run(async () => {
        started.push(i);
        peak = Math.max(peak, pool.active);
        await gate.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(pool.waiting).toBe(2);
    gates[1]?.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(peak).toBe(2);
    expect(pool.active).toBe(0);
  });

  it('releases the slot when a task throws', async () => {
    const pool = createPool(1);
    await expect(pool.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await pool.run(() => Promise.resolve('next'))).toBe('next');
  });

  it('drops a waiting task whose signal aborts, without running it', async () => {
    const pool = createPool(1);
    const gate = deferred();
    const first = pool.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const second = pool.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort();
    await expect(second).rejects.toBeInstanceOf(AbortError);
    expect(pool.waiting).toBe(0);
    gate.resolve();
    await first;
    expect(ran).toBe(false);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => createPool(0)).toThrow(InvalidInputError);
  });
});
