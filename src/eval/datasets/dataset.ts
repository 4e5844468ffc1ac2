/**
 * A dataset is a list of questions with gold answers, the answer kind that grades them, and a prompt
 * template that turns a question into what the model sees.
 */
export interface Choice {
  label: string;
  text: string;
}

export interface DatasetItem {
  id: string;
  question: string;
  /** The gold answer as written in the source (normalised by the answer kind at grading time). */
  answer: string;
  choices?: Choice[];
}

export interface Dataset {
  /** Registry name (`gsm8k`) or the file it was read from. */
  name: string;
  /** Name of the answer kind that extracts and compares answers (`math`, `choice`, `yes-no`, …); see resolveAnswerKind. */
  kind: string;
  /** Prompt template; `{question}` and `{choices}` are filled in per item. */
  template: string;
  /** Stop sequences the prompt format needs (toy-arith stops at the newline). */
  stop?: string[];
  items: DatasetItem[];
}

/** Fills `{question}` and `{choices}` (one `label) text` per line); other braces are left alone. */
export function renderPrompt(template: string, item: DatasetItem): string {
  const choices = (item.choices ?? []).map((c) => `${c.label}) ${c.text}`).join('\n');
  return template.replaceAll('{question}', item.question).replaceAll('{choices}', choices);
}
