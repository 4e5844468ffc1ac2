import { readBraced } from './braced.js';

/**
 * Replaces every `\name{X}` (for the given command names) with `replace(X, before, after)`, reading
 * nested groups with the brace counter. An unclosed group leaves the text as it was from there on.
 */
export function rewriteCommand(
  text: string,
  names: readonly string[],
  replace: (content: string, before: string, after: string) => string,
): string {
  const pattern = commandPattern(names);
  let result = text;
  for (let guard = 0; guard < 100; guard++) {
    pattern.lastIndex = 0;
    const match = pattern.exec(result);
    if (match === null) return result;
    const group = readBraced(result, match.index + match[0].length);
    if (group === null) return result;
    const before = result.slice(0, match.index);
    const after = result.slice(group.end);
    result = before + replace(group.content, before, after) + after;
  }
  return result;
}

const patterns = new Map<string, RegExp>();

/** One compiled pattern per list of names (compiling on every call would dominate the cost). */
function commandPattern(names: readonly string[]): RegExp {
  const key = names.join('|');
  let pattern = patterns.get(key);
  if (pattern === undefined) {
    pattern = new RegExp(String.raw`\\(?:${key})(?![a-zA-Z])\s*(?=\{)`, 'g');
    patterns.set(key, pattern);
  }
  return pattern;
}
