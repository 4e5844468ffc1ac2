import { describe, expect, it } from 'vitest';
import { BackendError, InvalidInputError, QuorumError } from './errors.js';

describe('QuorumError', () => {
  it('is recognised from another copy of the module (the bundled CLI and the library each have one)', () => {
    // What a second copy of errors.ts builds: its own classes, the same registered marker.
    const foreign = Object.assign(new Error('bad option'), { [Symbol.for('quorum.error')]: true });
    expect(foreign instanceof QuorumError).toBe(true);
    expect(foreign instanceof InvalidInputError).toBe(false);
    expect(new Error('plain') instanceof QuorumError).toBe(false);
    expect((null as unknown as object) instanceof QuorumError).toBe(false);
  });

  it('keeps the ordinary checks of its subclasses', () => {
    const invalid = new InvalidInputError('x');
    expect(invalid instanceof QuorumError).toBe(true);
    expect(invalid instanceof InvalidInputError).toBe(true);
    expect(invalid instanceof BackendError).toBe(false);
    expect(new BackendError('y') instanceof QuorumError).toBe(true);
  });
});
