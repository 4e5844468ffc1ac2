/**
 * The whole decoding configuration of a request: the sampler and the decode mode, resolved once from
 * what a caller gave (`sampler`, `decode`, and the `temperature` / `topP` shorthands for the
 * sampler's fields). Backends and recordings see only this.
 */
import { InvalidInputError } from '../core/errors.js';
import { formatDecodeSpec, STANDARD_DECODE, toDecodeSpec, type DecodeInput, type DecodeSpec } from './decode-spec.js';
import { formatSamplerSpec, toSamplerSpec, type SamplerInput, type SamplerSpec } from './sampler-spec.js';

export interface DecodingInput {
  temperature?: number | undefined;
  topP?: number | undefined;
  sampler?: SamplerInput | undefined;
  decode?: DecodeInput | undefined;
}

export interface Decoding {
  sampler: SamplerSpec;
  decode: DecodeSpec;
}

/** The shorthand and the spec may both give a field only when they agree. */
function agreed(name: string, shorthand: number, specField: string, inSpec: number | undefined): number {
  if (inSpec !== undefined && inSpec !== shorthand) {
    throw new InvalidInputError(`${name} is ${shorthand} but the sampler says ${specField}=${inSpec}; give it once`);
  }
  return shorthand;
}

export function resolveDecoding(input: DecodingInput): Decoding {
  const sampler = toSamplerSpec(input.sampler ?? {});
  // The shorthands are checked by the sampler's own rules, under their own names.
  const short = toSamplerSpec({ ...(input.temperature !== undefined && { temperature: input.temperature }), ...(input.topP !== undefined && { topP: input.topP }) }, '');
  if (short.temperature !== undefined) sampler.temperature = agreed('temperature', short.temperature, 'temperature', sampler.temperature);
  // topP 1 is "off": it agrees with a spec that has no top-p, and conflicts with one that has.
  if (input.topP !== undefined) {
    const topP = agreed('topP', input.topP, 'top-p', sampler.topP ?? 1);
    if (topP < 1) sampler.topP = topP;
  }
  return { sampler, decode: input.decode === undefined ? STANDARD_DECODE : toDecodeSpec(input.decode) };
}

/** The decoding as recordings store it: the two canonical texts. */
export function formatDecoding(decoding: Decoding): { sampler: string; decode: string } {
  return { sampler: formatSamplerSpec(decoding.sampler), decode: formatDecodeSpec(decoding.decode) };
}

/**
 * Sampling settings as a recording's manifest stores them. With a sampler or a decode mode, the
 * canonical texts (the shorthands folded into the sampler, the order always written), so the same
 * settings written two ways resume the same run; without, the settings as given (older runs' form).
 * A malformed spec fails here, before any sample.
 */
export function recordedSampling<T extends DecodingInput>(sampling: T): T {
  const decoding = resolveDecoding(sampling);
  if (sampling.sampler === undefined && sampling.decode === undefined) return sampling;
  const { temperature: _temperature, topP: _topP, sampler: _sampler, decode: _decode, ...rest } = sampling;
  const texts = formatDecoding(decoding);
  return { ...rest, sampler: texts.sampler, ...(decoding.decode.mode !== 'standard' && { decode: texts.decode }) } as T;
}
