/** Drains a backend's sample stream into an array sorted by sample index. */
import type { Sample } from '../core/types.js';

export async function collectSamples(samples: AsyncIterable<Sample>): Promise<Sample[]> {
  const out: Sample[] = [];
  for await (const sample of samples) out.push(sample);
  return out.toSorted((a, b) => a.index - b.index);
}
