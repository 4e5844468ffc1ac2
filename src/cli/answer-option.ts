/**
 * `--answer`: a registered kind by name (`math`, `game24`, …), a quick `regex:<pattern>[,fold]`, or a
 * JavaScript module of your own (`./my-kind.mjs`) whose default export (or `answerKind` export) is an
 * answer kind. The module is loaded and its shape checked before any work starts.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnswerKind } from '../answers/answer-kind.js';
import { answerKindNames } from '../answers/registry.js';
import { InvalidInputError, QuorumError } from '../core/errors.js';
import { resolveAnswerKind } from '../eval/datasets/answer-kinds.js';

/** What `--answer` accepts, for help texts. */
export const answerOptionHelp = (): string => `${answerKindNames().join(', ')}, regex:<pattern>[,fold], or ./module.mjs exporting a kind`;

const looksLikePath = (spec: string): boolean => /^\.{0,2}[/\\]|\.[cm]?js$/.test(spec);

export async function resolveAnswerOption(spec: string, option = '--answer'): Promise<AnswerKind> {
  if (!looksLikePath(spec)) {
    try {
      return resolveAnswerKind(spec);
    } catch (error) {
      if (!(error instanceof QuorumError)) throw error;
      throw new InvalidInputError(`${option}: ${error.message}; or give a module path such as ./my-kind.mjs`, { cause: error });
    }
  }
  const file = path.resolve(spec);
  if (!existsSync(file)) throw new InvalidInputError(`${option}: no such module ${spec} (resolved to ${file})`);
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (cause) {
    throw new InvalidInputError(`${option}: ${spec} could not be loaded: ${(cause as Error).message}`, { cause });
  }
  const kind = loaded['default'] ?? loaded['answerKind'];
  const problem = shapeProblem(kind);
  if (problem !== null) {
    throw new InvalidInputError(
      `${option}: ${spec} does not export an answer kind (${problem}); export default { name, extract, normalize, equivalent, check? } — see docs/answers.md`,
    );
  }
  return kind as AnswerKind;
}

/** What is wrong with a value meant to be an answer kind, or `null`. */
function shapeProblem(kind: unknown): string | null {
  if (typeof kind !== 'object' || kind === null) return kind === undefined ? 'no default or answerKind export' : `the export is ${typeof kind}`;
  const record = kind as Record<string, unknown>;
  if (typeof record['name'] !== 'string' || record['name'] === '') return 'name must be a non-empty string';
  for (const method of ['extract', 'normalize', 'equivalent']) {
    if (typeof record[method] !== 'function') return `${method} must be a function`;
  }
  for (const method of ['check', 'readGold']) {
    if (record[method] !== undefined && typeof record[method] !== 'function') return `${method} must be a function when given`;
  }
  return null;
}
