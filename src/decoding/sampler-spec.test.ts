import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../core/errors.js';
import { formatDecodeSpec, parseDecodeSpec, toDecodeSpec } from './decode-spec.js';
import { formatDecoding, resolveDecoding } from './decoding.js';
import { formatSamplerSpec, orderMatters, parseSamplerSpec, toSamplerSpec } from './sampler-spec.js';

const errorOf = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

describe('sampler spec', () => {
  it('parses every field, leaves filters that are off out, and writes one canonical text with the order', () => {
    expect(parseSamplerSpec('temperature=2,min-p=0.1,order=temperature-first')).toEqual({ temperature: 2, minP: 0.1, order: 'temperature-first' });
    expect(parseSamplerSpec(' top-h = 0.4 , temperature=3 ')).toEqual({ temperature: 3, topH: { alpha: 0.4, topN: 100 }, order: 'truncate-first' });
    expect(parseSamplerSpec('temperature=1,top-k=0,top-p=1,min-p=0')).toEqual({ temperature: 1, order: 'truncate-first' });
    const text = 'temperature=0.7,top-k=40,top-p=0.95,min-p=0.05,top-h=0.5,top-h-n=50,order=temperature-first';
    expect(formatSamplerSpec(parseSamplerSpec(text))).toBe(text);
    expect(formatSamplerSpec(parseSamplerSpec('min-p=0.1,temperature=2'))).toBe('temperature=2,min-p=0.1,order=truncate-first');
  });

  it('names the bad field of a malformed spec, and what it must be', () => {
    const cases: [string, RegExp][] = [
      ['temperature=abc', /sampler "temperature=abc": temperature must be a number ≥ 0/],
      ['temperature=-1', /temperature must be a number ≥ 0 .*got "-1"/],
      ['temperature=2,min-p=1.5', /min-p must be a number in \[0, 1\).*got "1.5"/],
      ['top-p=0', /top-p must be a number in \(0, 1\]/],
      ['top-k=2.5', /top-k must be an integer ≥ 0/],
      ['top-h=0', /top-h must be a number in \(0, 1\]/],
      ['top-h=0.4,top-h-n=0', /top-h-n must be an integer ≥ 1/],
      ['top-h-n=50', /top-h-n must be given together with top-h/],
      ['order=sideways', /order must be one of truncate-first, temperature-first, got "sideways"/],
      ['top_p=0.9', /unknown field "top_p"; the fields are temperature, top-k, top-p, min-p, top-h, top-h-n, order/],
      ['temperature', /field "temperature" has no value/],
      ['temperature=1,temperature=2', /field "temperature" is given twice/],
      ['', /empty/],
    ];
    for (const [text, message] of cases) {
      const error = errorOf(() => parseSamplerSpec(text));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.message).toMatch(message);
    }
  });

  it('checks the object form by the same rules, naming its fields', () => {
    expect(toSamplerSpec({ temperature: 2, topH: { alpha: 0.4 } })).toEqual({ temperature: 2, topH: { alpha: 0.4, topN: 100 }, order: 'truncate-first' });
    expect(errorOf(() => toSamplerSpec({ minP: 2 })).message).toMatch(/^sampler\.minP must be a number in \[0, 1\)/);
    expect(errorOf(() => toSamplerSpec({ topH: { alpha: 0.4, topN: 0.5 } })).message).toMatch(/sampler\.topH\.topN must be an integer/);
    expect(errorOf(() => toSamplerSpec({ order: 'later' as 'truncate-first' })).message).toMatch(/sampler\.order must be one of/);
  });

  it('says when the order changes the distribution: a probability filter at a temperature other than 0 and 1', () => {
    expect(orderMatters(parseSamplerSpec('temperature=2,top-p=0.9'))).toBe(true);
    expect(orderMatters(parseSamplerSpec('min-p=0.1'))).toBe(true);
    expect(orderMatters(parseSamplerSpec('temperature=1,top-p=0.9'))).toBe(false);
    expect(orderMatters(parseSamplerSpec('temperature=0,min-p=0.1'))).toBe(false);
    expect(orderMatters(parseSamplerSpec('temperature=2,top-k=5'))).toBe(false);
    expect(orderMatters(parseSamplerSpec('temperature=2'))).toBe(false);
  });
});

describe('decode spec', () => {
  it('parses standard and CNTP with the paper defaults, and writes one canonical text', () => {
    expect(parseDecodeSpec('standard')).toEqual({ mode: 'standard' });
    expect(parseDecodeSpec('cntp')).toEqual({ mode: 'cntp', maxTrials: 10, entropyLow: 0.01, entropyHigh: 1.5 });
    expect(parseDecodeSpec('cntp:max=4,h-high=2')).toEqual({ mode: 'cntp', maxTrials: 4, entropyLow: 0.01, entropyHigh: 2 });
    expect(formatDecodeSpec(parseDecodeSpec('cntp:h-low=0.1'))).toBe('cntp:max=10,h-low=0.1,h-high=1.5');
    expect(toDecodeSpec({ mode: 'cntp', maxTrials: 3 })).toEqual({ mode: 'cntp', maxTrials: 3, entropyLow: 0.01, entropyHigh: 1.5 });
  });

  it('names the bad field of a malformed decode spec', () => {
    expect(errorOf(() => parseDecodeSpec('beam')).message).toMatch(/unknown mode "beam"; use standard, or cntp/);
    expect(errorOf(() => parseDecodeSpec('cntp:max=1')).message).toMatch(/max must be an integer ≥ 2 .*got "1"/);
    expect(errorOf(() => parseDecodeSpec('cntp:h-low=2,h-high=1')).message).toMatch(/h-high must be a number above h-low \(2\), got "1"/);
    expect(errorOf(() => parseDecodeSpec('cntp:h-low=2')).message).toMatch(/h-high must be a number above h-low \(2\); give it explicitly/);
    expect(errorOf(() => parseDecodeSpec('cntp:trials=3')).message).toMatch(/unknown field "trials"; the fields are max, h-low, h-high/);
    expect(errorOf(() => toDecodeSpec({ mode: 'cntp', entropyLow: -1 })).message).toMatch(/decode\.entropyLow must be a number ≥ 0/);
  });
});

describe('decoding of a request', () => {
  it('merges the temperature and topP shorthands into the sampler, and refuses two different values', () => {
    expect(resolveDecoding({ temperature: 0.8 })).toEqual({ sampler: { temperature: 0.8, order: 'truncate-first' }, decode: { mode: 'standard' } });
    expect(resolveDecoding({ temperature: 2, topP: 1, sampler: 'min-p=0.1' }).sampler).toEqual({ temperature: 2, minP: 0.1, order: 'truncate-first' });
    expect(resolveDecoding({ temperature: 2, sampler: 'temperature=2,top-p=0.9' }).sampler).toEqual({ temperature: 2, topP: 0.9, order: 'truncate-first' });
    expect(errorOf(() => resolveDecoding({ temperature: 0.8, sampler: 'temperature=2' })).message).toBe(
      'temperature is 0.8 but the sampler says temperature=2; give it once',
    );
    expect(errorOf(() => resolveDecoding({ topP: 1, sampler: 'top-p=0.9' })).message).toMatch(/topP is 1 but the sampler says top-p=0.9/);
    // The shorthands are checked under their own names (what the backend conformance suite expects).
    expect(errorOf(() => resolveDecoding({ topP: 1.5 })).message).toMatch(/^topP must be a number in \(0, 1\]/);
    expect(errorOf(() => resolveDecoding({ temperature: -1 })).message).toMatch(/^temperature must be a number ≥ 0/);
  });

  it('formats as recordings store it', () => {
    expect(formatDecoding(resolveDecoding({ sampler: 'temperature=2,top-h=0.4', decode: 'cntp' }))).toEqual({
      sampler: 'temperature=2,top-h=0.4,top-h-n=100,order=truncate-first',
      decode: 'cntp:max=10,h-low=0.01,h-high=1.5',
    });
  });
});
