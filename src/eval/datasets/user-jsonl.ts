/**
 * Users' own datasets: JSON Lines with one question per line —
 * `{"id", "question", "answer", "choices"?, "kind"?}`. `choices` is a list of `{label, text}`, of
 * `"A) text"` strings, or of plain strings (labelled A, B, C… in order). Lines that name a `kind` must
 * all name the same one (default `choice` when any line has choices, else `exact`). Under a checker
 * kind (`game24`) `answer` may be left out: the checker grades against the question.
 */
import { FileFormatError } from '../../core/errors.js';
import type { Choice, Dataset, DatasetItem } from './dataset.js';
import { readJsonl, requireText } from './read-lines.js';
import { CHOICE_TEMPLATE } from './templates.js';
import { resolveAnswerKind } from './answer-kinds.js';

/** Whether a kind name is a checker kind; an unknown name is reported where the kind is resolved. */
function isCheckerKind(name: string): boolean {
  try {
    return resolveAnswerKind(name).check !== undefined;
  } catch {
    return false;
  }
}

export function readUserJsonl(file: string): Dataset {
  const rows = readJsonl(file);
  if (rows.length === 0) throw new FileFormatError(file, undefined, 'no questions in the file');
  const seen = new Set<string>();
  let kind: string | undefined;
  const kindNamed = rows.map(({ value }) => value['kind']).find((k) => typeof k === 'string');
  const checked = typeof kindNamed === 'string' && isCheckerKind(kindNamed);
  const items = rows.map(({ line, value }): DatasetItem => {
    const id = requireText(file, line, value, 'id');
    if (seen.has(id)) throw new FileFormatError(file, line, `duplicate id "${id}"; ids must be unique`);
    seen.add(id);
    if (value['kind'] !== undefined) {
      const lineKind = requireText(file, line, value, 'kind');
      if (kind !== undefined && lineKind !== kind) {
        throw new FileFormatError(file, line, `kind "${lineKind}" differs from "${kind}" on earlier lines; one file holds one kind`);
      }
      kind = lineKind;
    }
    const item: DatasetItem = {
      id,
      question: requireText(file, line, value, 'question'),
      // No gold for a checker task is the empty answer (readGold reads it as none).
      answer: checked && value['answer'] === undefined ? '' : requireText(file, line, value, 'answer'),
    };
    if (value['choices'] !== undefined) item.choices = readChoices(file, line, value['choices']);
    return item;
  });
  const hasChoices = items.some((item) => item.choices !== undefined);
  return { name: file, kind: kind ?? (hasChoices ? 'choice' : 'exact'), template: hasChoices ? CHOICE_TEMPLATE : '{question}', items };
}

function readChoices(file: string, line: number, raw: unknown): Choice[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new FileFormatError(file, line, '"choices" must be a non-empty list');
  return raw.map((choice: unknown, index): Choice => {
    if (typeof choice === 'string') {
      const labelled = /^\s*([A-Z])\)\s*([\s\S]*)$/.exec(choice);
      if (labelled !== null) return { label: labelled[1] as string, text: (labelled[2] as string).trim() };
      return { label: String.fromCharCode(65 + index), text: choice };
    }
    if (typeof choice === 'object' && choice !== null) {
      const record = choice as Record<string, unknown>;
      return { label: requireText(file, line, record, 'label'), text: requireText(file, line, record, 'text') };
    }
    throw new FileFormatError(file, line, 'each choice must be a string or {"label", "text"}');
  });
}
