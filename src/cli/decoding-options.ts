/**
 * `--temperature`, `--top-p`, `--sampler` and `--decode`, read one way by every command that samples:
 * the shorthands within their bounds, the sampler and decode specs parsed once (docs/decoding.md) and
 * agreeing with the shorthands, and what a server cannot run refused on the command line, before any
 * work.
 */
import { formatDecoding, resolveDecoding } from '../decoding/decoding.js';
import { serverSampler } from '../decoding/server-sampling.js';
import { SERVER_LIMITS } from '../backends/openai/request-body.js';
import type { OptionTable } from './args.js';
import { readOptionalNumber } from './number-options.js';

/** The commands' default temperature, also for a sampler that does not set one. */
export const DEFAULT_TEMPERATURE = 0.8;

export const DECODING_OPTIONS: OptionTable = {
  sampler: {
    type: 'string',
    placeholder: 'spec',
    description:
      'the sampler as key=value,…: temperature, top-k, top-p, min-p, top-h (α), top-h-n, order=truncate-first|temperature-first, e.g. temperature=2,min-p=0.1,order=temperature-first; see docs/decoding.md',
    defaultText: 'temperature=0.8,order=truncate-first',
  },
  decode: {
    type: 'string',
    placeholder: 'mode',
    description: 'standard, or cautious next-token prediction cntp[:max=10,h-low=0.01,h-high=1.5] (embedded model only; every forked token counts as generated)',
    defaultText: 'standard',
  },
};

/** Sampling fields for solve() or a recording: the shorthands alone, or the canonical spec texts. */
export interface DecodingSettings {
  temperature?: number;
  topP?: number;
  sampler?: string;
  decode?: string;
}

export function readDecodingOptions(text: (name: string) => string | undefined, target: { server: boolean }): DecodingSettings {
  const temperature = readOptionalNumber('temperature', text('temperature'));
  const topP = readOptionalNumber('top-p', text('top-p'));
  const sampler = text('sampler');
  const decode = text('decode');
  if (sampler === undefined && decode === undefined) return { temperature: temperature ?? DEFAULT_TEMPERATURE, topP: topP ?? 1 };
  const decoding = resolveDecoding({ temperature, topP, sampler, decode });
  decoding.sampler.temperature ??= DEFAULT_TEMPERATURE;
  if (target.server) serverSampler(decoding, SERVER_LIMITS);
  const texts = formatDecoding(decoding);
  return { sampler: texts.sampler, ...(decoding.decode.mode !== 'standard' && { decode: texts.decode }) };
}
