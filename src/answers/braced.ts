/**
 * Brace matching for LaTeX groups. A depth counter (not a regex) so nested groups such as
 * `\boxed{\frac{1}{2}}` come out whole; an unclosed group is reported as `null`, never cut short.
 */

export interface BracedGroup {
  /** Text between the braces. */
  content: string;
  /** Index just past the closing brace. */
  end: number;
}

/** The group whose `{` is at `open`, or `null` when `open` is not a `{` or the group never closes. */
export function readBraced(text: string, open: number): BracedGroup | null {
  if (text[open] !== '{') return null;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      i++; // an escaped brace `\{` does not open or close a group
    } else if (char === '{') {
      depth++;
    } else if (char === '}') {
      depth--;
      if (depth === 0) return { content: text.slice(open + 1, i), end: i + 1 };
    }
  }
  return null;
}

/** Whether every `{` in `text` is closed, in order (escaped braces excluded). */
export function bracesBalanced(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === '{') depth++;
    else if (char === '}' && --depth < 0) return false;
  }
  return depth === 0;
}
