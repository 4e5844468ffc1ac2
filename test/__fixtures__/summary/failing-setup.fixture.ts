import { beforeAll, expect, it } from 'vitest';

beforeAll(() => {
  throw new Error('setup failed');
});

it('never runs', () => expect(true).toBe(true));
