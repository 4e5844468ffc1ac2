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
});
