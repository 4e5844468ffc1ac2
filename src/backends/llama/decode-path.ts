/**
 * Which stepper draws a request's tokens on the embedded model, decided by its decoding alone (never
 * by what is reported, so one seed gives one draw). llama.cpp's own sampler runs a temperature-only
 * sampler the same way quorum would; any truncation filter goes token-level, because llama.cpp
 * reports probabilities only after its chain (runtime-notes §0.4) and a truncated chain could not
 * report the raw ones; CNTP forks need the token-level loop.
 */
import type { Decoding } from '../../decoding/decoding.js';
import { truncates } from '../../decoding/sampler-spec.js';

export type SamplerPath = 'auto' | 'token-level';
export type DecodePath = 'native' | 'token-level' | 'cntp';

export function decodePath(decoding: Decoding, samplerPath: SamplerPath = 'auto'): DecodePath {
  if (decoding.decode.mode === 'cntp') return 'cntp';
  return samplerPath === 'token-level' || truncates(decoding.sampler) ? 'token-level' : 'native';
}
