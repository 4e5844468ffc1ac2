/**
 * One generation through a backend, with the usage of everything the request yielded summed: the
 * one way an extra model call is made (a strategy's judge, a selfcheck verdict, a rewrite), so every
 * such call is counted the same way. A failed sample is returned, not thrown.
 */
import type { Sample, Usage } from '../core/types.js';
import { addUsage, emptyUsage } from '../core/usage.js';
import type { Backend, GenerateRequest } from './backend.js';

export interface OneGeneration {
  /** The generated sample; status 'error' or 'aborted' when the call failed; undefined if none came. */
  sample: Sample | undefined;
  usage: Usage;
}

export async function generateOne(backend: Backend, request: Omit<GenerateRequest, 'n'>): Promise<OneGeneration> {
  let sample: Sample | undefined;
  const usages: Usage[] = [];
  for await (const s of backend.generate({ ...request, n: 1 })) {
    usages.push(s.usage);
    sample ??= s;
  }
  return { sample, usage: usages.length === 0 ? emptyUsage() : addUsage(...usages) };
}
