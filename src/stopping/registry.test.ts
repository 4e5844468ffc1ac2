import { describe, expect, it } from 'vitest';
import { InvalidInputError, UnknownNameError } from '../core/errors.js';
import { AUTO_DEFAULTS } from './auto.js';
import { parseStopRule, stopRuleNames, stopRuleOptionKeys } from './registry.js';

describe('stop rule specs', () => {
  it('builds rules with their options', () => {
    expect(parseStopRule('beta:threshold=0.9').name).not.toBe(parseStopRule('beta').name);
    expect(parseStopRule(' fixed : n=4').maxSamples).toBe(4);
    expect(() => parseStopRule('auto:sampleCap=32,threshold=0.9')).not.toThrow();
  });

  it('rejects an option the rule does not have, listing the ones it has', () => {
    expect(() => parseStopRule('beta:treshold=0.9')).toThrow(InvalidInputError);
    expect(() => parseStopRule('beta:treshold=0.9')).toThrow('stop rule "beta:treshold=0.9": beta has no option "treshold"; its options are threshold');
    expect(() => parseStopRule('esc:window=8,n=3')).toThrow(/esc has no option "n"; its options are window$/);
    expect(() => parseStopRule('deepconf:eta=90')).toThrow(/its options are warmup, window, variant, consensus, topK/);
    expect(() => parseStopRule('auto:cap=3')).toThrow(`auto has no option "cap"; its options are ${Object.keys(AUTO_DEFAULTS).join(', ')}`);
  });

  it('still rejects unknown rules and malformed pairs', () => {
    expect(() => parseStopRule('betta:threshold=0.9')).toThrow(UnknownNameError);
    expect(() => parseStopRule('beta:threshold')).toThrow(/expected key=value/);
  });

  it('lists options for every rule, auto taking each option it has a default for', () => {
    expect(Object.keys(stopRuleOptionKeys).toSorted()).toEqual(stopRuleNames().toSorted());
    expect(stopRuleOptionKeys.auto).toEqual(Object.keys(AUTO_DEFAULTS));
    for (const key of stopRuleOptionKeys.auto) expect(() => parseStopRule(`auto:${key}=${AUTO_DEFAULTS[key]}`)).not.toThrow();
  });
});
