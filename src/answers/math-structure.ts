/**
 * Reading the shape of a math answer: its top-level comma list and the brackets around the whole of
 * it (a tuple `(1,2)`, an interval `[1,2)`, a set `\{1,2\}`). One depth counter covers `( [ {`, so
 * half-open intervals nest like any other group.
 */

export interface Wrapper {
  open: '(' | '[' | '\\{';
  close: ')' | ']' | '\\}';
}

/** Splits at `separator` where no bracket is open. */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      i++; // `\{` and `\}` open and close like braces; other escapes are skipped
      if (text[i] === '{') depth++;
      else if (text[i] === '}') depth--;
    } else if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') depth--;
    else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The brackets around the whole text, when the first one closes at the very end. */
export function wrapperOf(text: string): Wrapper | null {
  const open = text.startsWith('\\{') ? '\\{' : text[0] === '(' || text[0] === '[' ? text[0] : null;
  if (open === null) return null;
  const close = open === '\\{' ? (text.endsWith('\\}') ? '\\}' : null) : text.endsWith(')') ? ')' : text.endsWith(']') ? ']' : null;
  if (close === null || closingIndex(text) !== text.length - close.length) return null;
  return { open, close } as Wrapper;
}

/** Index of the bracket that closes the one at 0 (`-1` if it never closes). */
function closingIndex(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const escaped = char === '\\';
    const next = escaped ? text[i + 1] : char;
    if (next === '(' || next === '[' || next === '{') depth++;
    else if (next === ')' || next === ']' || next === '}') depth--;
    if (depth === 0) return i;
    if (escaped) i++;
  }
  return -1;
}
