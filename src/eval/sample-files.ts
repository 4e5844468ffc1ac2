/**
 * Expands the `--samples` arguments into files. A wildcard (`*`, `?`) may appear in the file-name
 * part only (`data/boinf/analysis_aime2025_*.jsonl`); matches are sorted by name. Names without a
 * wildcard are passed through untouched, so a missing file is reported by the loader with its name.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../core/errors.js';

const WILDCARD = /[*?]/;

export function expandSampleFiles(patterns: readonly string[]): string[] {
  return patterns.flatMap((pattern) => {
    if (!WILDCARD.test(pattern)) return [pattern];
    const dir = path.dirname(pattern);
    if (WILDCARD.test(dir)) {
      throw new InvalidInputError(`"${pattern}": wildcards are supported in the file name only, not in folders`);
    }
    const matcher = globToRegExp(path.basename(pattern));
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (cause) {
      throw new InvalidInputError(`"${pattern}": cannot list the folder ${dir} (${(cause as Error).message})`, { cause });
    }
    const matches = names.filter((name) => matcher.test(name)).toSorted();
    if (matches.length === 0) throw new InvalidInputError(`"${pattern}" matches no file in ${dir}`);
    return matches.map((name) => path.join(dir, name));
  });
}

function globToRegExp(glob: string): RegExp {
  const body = [...glob]
    .map((ch) => (ch === '*' ? '[^/]*' : ch === '?' ? '[^/]' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}
