/**
 * What a decoding becomes on a backend that samples remotely (an OpenAI-compatible server, an AI SDK
 * model): the fields its API takes, or a refusal that says why quorum cannot run it there. The order
 * on a server is the server's own chain: llama.cpp's server truncates first (what the spec records);
 * vLLM applies temperature first whatever the spec says. No API field chooses it.
 */
import { InvalidInputError } from '../core/errors.js';
import type { Decoding } from './decoding.js';
import { formatDecodeSpec } from './decode-spec.js';
import { orderMatters } from './sampler-spec.js';

/** Sampler fields in the request body, in the servers' names. */
export interface ServerSampler {
  temperature?: number;
  top_p?: number;
  top_k?: number;
  min_p?: number;
}

export interface ServerLimits {
  /** Names the backend in refusals, e.g. `an OpenAI-compatible server`. */
  backend: string;
  /** Fields the API has beyond temperature and top_p. */
  accepts: { topK: boolean; minP: boolean };
}

const ELSEWHERE = 'run it on the embedded model (--model <file.gguf>)';

/** The request fields for this decoding, or an InvalidInputError saying why the backend cannot run it. */
export function serverSampler(decoding: Decoding, limits: ServerLimits): ServerSampler {
  const { sampler, decode } = decoding;
  const refuse = (what: string, why: string, instead = ELSEWHERE): never => {
    throw new InvalidInputError(`${what} cannot run on ${limits.backend}: ${why}; ${instead}`);
  };
  if (decode.mode !== 'standard') {
    refuse(`decode ${formatDecodeSpec(decode)}`, 'it forks the generation at uncertain tokens and scores each branch, and a server samples whole completions without forks');
  }
  if (sampler.topH !== undefined) refuse('top-h', 'it reads the whole next-token distribution at every step, which no server API takes as a parameter');
  if (sampler.order === 'temperature-first' && orderMatters(sampler)) {
    refuse(
      'order=temperature-first',
      'a server applies its own sampler chain and no API field sets the order (llama.cpp’s server truncates first)',
      `use order=truncate-first to accept the server’s chain, or ${ELSEWHERE}`,
    );
  }
  if (sampler.topK !== undefined && !limits.accepts.topK) refuse('top-k', `${limits.backend} has no top-k setting`);
  if (sampler.minP !== undefined && !limits.accepts.minP) refuse('min-p', `${limits.backend} has no min-p setting`);
  const fields: ServerSampler = {};
  if (sampler.temperature !== undefined) fields.temperature = sampler.temperature;
  if (sampler.topP !== undefined) fields.top_p = sampler.topP;
  if (sampler.topK !== undefined) fields.top_k = sampler.topK;
  if (sampler.minP !== undefined) fields.min_p = sampler.minP;
  return fields;
}
