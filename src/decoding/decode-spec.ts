/**
 * How tokens are decoded: `standard` (one token at a time from the sampler) or cautious next-token
 * prediction, `cntp:max=10,h-low=0.01,h-high=1.5` (Wang et al., ACL Findings 2025; algorithms.md
 * §11a): where the sampler's distribution is uncertain, several continuations are drawn to the next
 * punctuation and the most likely one is kept.
 */
import { InvalidInputError } from '../core/errors.js';
import { SpecFields } from './spec-fields.js';

export interface CntpSpec {
  mode: 'cntp';
  /** Most continuations tried at one step (N_max). */
  maxTrials: number;
  /** Entropy (nats) at or below which one token is drawn as usual. */
  entropyLow: number;
  /** Entropy (nats) at or above which `maxTrials` continuations are tried. */
  entropyHigh: number;
}

export type DecodeSpec = { mode: 'standard' } | CntpSpec;

/** The decode mode as a caller may give it: its text, or its fields (CNTP's left out take the paper's defaults). */
export type DecodeInput = string | { mode: 'standard' } | ({ mode: 'cntp' } & Partial<Omit<CntpSpec, 'mode'>>);

/** The paper's code defaults (README: N_max 10). */
export const CNTP_DEFAULTS: Omit<CntpSpec, 'mode'> = { maxTrials: 10, entropyLow: 0.01, entropyHigh: 1.5 };
export const STANDARD_DECODE: DecodeSpec = { mode: 'standard' };

const CNTP_FIELDS = ['max', 'h-low', 'h-high'] as const;

function checkedCntp(spec: CntpSpec, fail: (field: (typeof CNTP_FIELDS)[number], rule: string) => Error): CntpSpec {
  if (!(Number.isInteger(spec.maxTrials) && spec.maxTrials >= 2)) throw fail('max', 'an integer ≥ 2 (1 would be standard decoding)');
  if (!(Number.isFinite(spec.entropyLow) && spec.entropyLow >= 0)) throw fail('h-low', 'a number ≥ 0 (nats)');
  if (!(Number.isFinite(spec.entropyHigh) && spec.entropyHigh > spec.entropyLow)) throw fail('h-high', `a number above h-low (${spec.entropyLow})`);
  return spec;
}

/** Parses `standard`, `cntp` or `cntp:max=10,h-low=0.01,h-high=1.5`; an error names the bad field. */
export function parseDecodeSpec(text: string): DecodeSpec {
  const colon = text.indexOf(':');
  const mode = (colon < 0 ? text : text.slice(0, colon)).trim();
  if (mode === 'standard' && colon < 0) return STANDARD_DECODE;
  if (mode !== 'cntp') {
    throw new InvalidInputError(`decode "${text}": unknown mode "${mode}"; use standard, or cntp[:max=10,h-low=0.01,h-high=1.5]`);
  }
  if (colon < 0) return { mode: 'cntp', ...CNTP_DEFAULTS };
  const fields = SpecFields.parse('decode', text.slice(colon + 1), CNTP_FIELDS, text);
  const spec: CntpSpec = {
    mode: 'cntp',
    maxTrials: fields.number('max', 'an integer ≥ 2') ?? CNTP_DEFAULTS.maxTrials,
    entropyLow: fields.number('h-low', 'a number ≥ 0 (nats)') ?? CNTP_DEFAULTS.entropyLow,
    entropyHigh: fields.number('h-high', 'a number above h-low') ?? CNTP_DEFAULTS.entropyHigh,
  };
  return checkedCntp(spec, (field, rule) =>
    fields.has(field) ? fields.invalid(field, rule) : new InvalidInputError(`decode "${text}": ${field} must be ${rule}; give it explicitly`),
  );
}

const OBJECT_NAMES = { max: 'maxTrials', 'h-low': 'entropyLow', 'h-high': 'entropyHigh' } as const;

export function toDecodeSpec(input: DecodeInput): DecodeSpec {
  if (typeof input === 'string') return parseDecodeSpec(input);
  if (input.mode === 'standard') return STANDARD_DECODE;
  if (input.mode !== 'cntp') throw new InvalidInputError(`decode.mode must be "standard" or "cntp", got ${JSON.stringify((input as { mode: unknown }).mode)}`);
  const spec: CntpSpec = { ...CNTP_DEFAULTS, ...input };
  return checkedCntp(spec, (field, rule) => new InvalidInputError(`decode.${OBJECT_NAMES[field]} must be ${rule}, got ${JSON.stringify(spec[OBJECT_NAMES[field]])}`));
}

export function formatDecodeSpec(spec: DecodeSpec): string {
  return spec.mode === 'standard' ? 'standard' : `cntp:max=${spec.maxTrials},h-low=${spec.entropyLow},h-high=${spec.entropyHigh}`;
}
