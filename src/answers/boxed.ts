import { readBraced } from './braced.js';

/** What the last `\boxed` / `\fbox` in a text holds. */
export type BoxedResult =
  | { kind: 'none' }
  | { kind: 'broken' }
  | { kind: 'found'; content: string };

const COMMANDS = ['\\boxed', '\\fbox'];

/**
 * The content of the LAST non-empty `\boxed{…}` or `\fbox{…}` (reasoning models box intermediate
 * results, so the last box is the answer). Also reads the brace-less form `\boxed 5` (up to the next
 * `$` or line end). An unclosed last box is `broken`: its answer is lost, and an earlier box would be
 * an intermediate result, so callers should abstain rather than fall back.
 */
export function lastBoxed(text: string): BoxedResult {
  // Searching backwards from the end: long texts cost only their tail.
  for (let end = text.length; end >= 0; ) {
    const start = Math.max(...COMMANDS.map((command) => text.lastIndexOf(command, end)));
    if (start < 0) break;
    end = start - 1;
    const afterCommand = start + (text.startsWith('\\boxed', start) ? 6 : 5);
    if (/[a-zA-Z]/.test(text[afterCommand] ?? '')) continue; // `\boxedstuff` is another command
    const content = boxContent(text, afterCommand);
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
