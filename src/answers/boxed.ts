import { readBraced } from './braced.js';

/** What the last `\boxed` / `\fbox` in a text holds. */
export type BoxedResult =
  | { kind: 'none' }
  | { kind: 'broken' }
  | { kind: 'found'; content: string };

const BOX_COMMAND = /\\(?:boxed|fbox)(?![a-zA-Z])/g;

/**
 * The content of the LAST non-empty `\boxed{…}` or `\fbox{…}` (reasoning models box intermediate
 * results, so the last box is the answer). Also reads the brace-less form `\boxed 5` (up to the next
 * `$` or line end). An unclosed last box is `broken`: its answer is lost, and an earlier box would be
 * an intermediate result, so callers should abstain rather than fall back.
 */
export function lastBoxed(text: string): BoxedResult {
  const starts = [...text.matchAll(BOX_COMMAND)].map((match) => match.index + match[0].length);
  for (let k = starts.length - 1; k >= 0; k--) {
    const content = boxContent(text, starts[k] as number);
    if (content === null) return { kind: 'broken' };
    // `\boxed{}` is the prompt's instruction echoed back, not an answer.
    if (content.trim() !== '') return { kind: 'found', content: content.trim() };
  }
  return { kind: 'none' };
}

function boxContent(text: string, afterCommand: number): string | null {
  let at = afterCommand;
  while (text[at] === ' ') at++;
  if (text[at] === '{') return readBraced(text, at)?.content ?? null;
  const rest = text.slice(at);
  return /^[^$\n]*/.exec(rest)?.[0] ?? '';
}
