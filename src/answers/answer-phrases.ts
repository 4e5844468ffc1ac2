/**
 * "The answer is …" phrases, shared by every kind: Minerva's `Final Answer: The final answer is X. I
 * hope it is correct.`, Qwen's `the answer is X`, plain `Answer: X` / `answer = X`, and `答案是 X`.
 * The LAST phrase in the text wins (an earlier one may be quoted from the question or revised later).
 */

const PHRASE = /(?:\banswer\s*(?:is\b|[:=])|答案是)\s*:?/gi;

/**
 * The rest of the sentence after the last answer phrase, with Minerva's "I hope it is correct."
 * tail, math delimiters and the sentence's closing period removed; `null` when there is no phrase or
 * nothing follows it. `wholeLine` keeps the rest of the line instead: free text has abbreviations
 * (`the U.S. is …`) that look like sentence ends.
 */
export function lastAnswerPhrase(text: string, options: { wholeLine?: boolean } = {}): string | null {
  let last: RegExpExecArray | null = null;
  for (const match of text.matchAll(PHRASE)) last = match;
  if (last === null) return null;
  const rest = text.slice(last.index + last[0].length);
  // Minerva writes "Final Answer: The final answer is X": the inner phrase is the later match.
  const tail = rest.replace(/\s*I hope it is correct\.?[\s\S]*$/i, '');
  const sentence = options.wholeLine === true ? firstLine(tail) : firstSentence(tail);
  // Markdown bold around the phrase or the answer (`**Final Answer:** **12**`) is not part of it.
  const answer = unwrapMathDelimiters(sentence.replace(/^[\s*]+|[\s*]+$/g, ''));
  return answer === '' ? null : answer;
}

/**
 * Up to the end of the line, or the first period that ends a sentence: followed by a space or the
 * end, and outside `$…$` (a decimal point is followed by a digit, `$x.$` keeps its period inside).
 */
function firstSentence(text: string): string {
  const line = firstLine(text);
  let inMath = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '$') inMath = !inMath;
    else if (char === '.' && !inMath && (i + 1 === line.length || line[i + 1] === ' ')) return line.slice(0, i);
  }
  return line;
}

const firstLine = (text: string): string => /^\s*([^\n]*)/.exec(text)?.[1] ?? '';

/** `$x$`, `$$x$$`, `\(x\)`, `\[x\]` → `x` when the delimiters wrap the whole answer. */
export function unwrapMathDelimiters(text: string): string {
  const match = /^\$\$([\s\S]*)\$\$$|^\$([\s\S]*)\$$|^\\\(([\s\S]*)\\\)$|^\\\[([\s\S]*)\\\]$/.exec(text);
  if (match === null) return text;
  return (match[1] ?? match[2] ?? match[3] ?? match[4] ?? '').trim();
}
