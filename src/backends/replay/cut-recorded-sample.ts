/**
 * A recorded sample as it would have come back had its generation been cut after `tokens` tokens:
 * cancelled (`aborted`) or stopped by its token limit (`length`). Either way it carries no answer (the
 * recording holds only the whole text's), its text is gone, and only the tokens produced count. The
 * replay backend and the virtual driver cut samples with this one function, so they agree.
 */
import type { Sample } from '../../core/types.js';

export function cutRecordedSample(recorded: Sample, tokens: number, reason: 'aborted' | 'length'): Sample {
  if (tokens >= recorded.tokens) return recorded;
  const { logprobs, error: _error, ...rest } = recorded;
  return {
    ...rest,
    text: '',
    answer: null,
    tokens,
    finishReason: reason,
    status: reason === 'aborted' ? 'aborted' : 'ok',
    usage: { ...recorded.usage, completionTokens: tokens },
    ...(logprobs ? { logprobs: logprobs.slice(0, tokens) } : {}),
  };
}
