import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

const recorder = (isTTY: boolean) => {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } };
};

describe('progress', () => {
  it('draws a throttled bar on a terminal and ends it with a newline', () => {
    let t = 0;
    const { writes, stream } = recorder(true);
    const progress = createProgress(stream, 'pool', () => t);
    progress.update(1, 4);
    t = 50;
    progress.update(2, 4); // within 100 ms of the last draw: skipped
    t = 200;
    progress.update(4, 4);
    progress.finish('done');
    expect(writes).toHaveLength(3);
    expect(writes[0]).toMatch(/^\rpool \[#{6}\.{18}\] 1\/4 0\.0 s/);
    expect(writes[1]).toMatch(/\[#{24}\] 4\/4 0\.2 s/);
    expect(writes[2]).toMatch(/pool: done in 0\.2 s.*\n$/);
  });

  it('writes only one plain line elsewhere', () => {
    const { writes, stream } = recorder(false);
    const progress = createProgress(stream, 'pool', () => 0);
    progress.update(1, 2);
    progress.update(2, 2);
    progress.finish('2 rows');
    expect(writes).toEqual(['pool: 2 rows in 0.0 s\n']);
  });

  it('shows the ETA from the rate so far and a caller detail such as tokens/s and running accuracy', () => {
    let t = 0;
    const { writes, stream } = recorder(true);
    const progress = createProgress(stream, 'record', () => t);
    t = 10_000;
    progress.update(25, 100, '1,200 tok/s, acc 42.0 %');
    expect(writes[0]).toMatch(/25\/100 10\.0 s ETA 30 s 1,200 tok\/s, acc 42\.0 %/);
    t = 100_000;
    progress.update(50, 100);
    expect(writes[1]).toMatch(/ETA 1 m 40 s/);
  });

  it('off a terminal can write a plain line per tenth of the work, for CI logs', () => {
    const { writes, stream } = recorder(false);
    const progress = createProgress(stream, 'record', () => 0, { plainLines: 10 });
    for (let done = 1; done <= 20; done++) progress.update(done, 20, 'acc 50.0 %');
    progress.finish('20 samples');
    expect(writes).toHaveLength(10);
    expect(writes[0]).toBe('record: 2/20 0.0 s ETA 0 s acc 50.0 %\n');
    expect(writes.at(-1)).toBe('record: 20 samples in 0.0 s\n');
  });
});
