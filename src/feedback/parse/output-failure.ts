/**
 * What makes a feedback call's output unusable before any parsing: the call failed or was cancelled,
 * or it wrote nothing. Every parser starts here, so the reasons read the same in every report.
 */
import type { CheckFailure } from '../../core/check.js';
import type { Sample } from '../../core/types.js';

export function outputFailure(sample: Sample, what: string): CheckFailure | undefined {
  if (sample.status === 'aborted') return { reason: 'aborted', detail: `the ${what} call was cancelled` };
  if (sample.status === 'error') return { reason: 'error', detail: `the ${what} call failed: ${sample.error?.message ?? 'no reason given'}` };
  if (sample.text.trim() === '') {
    return sample.finishReason === 'length'
      ? { reason: 'cut', detail: `the ${what} hit the token limit before writing anything` }
      : { reason: 'empty', detail: `the ${what} output is empty` };
  }
  return undefined;
}

/** A failure for output that was parsed and held nothing usable: `cut` when the token limit ended it, else `reason`. */
export function unreadable(sample: Sample, reason: CheckFailure['reason'], detail: string): CheckFailure {
  return sample.finishReason === 'length' ? { reason: 'cut', detail: `${detail} (the output was cut by the token limit)` } : { reason, detail };
}
