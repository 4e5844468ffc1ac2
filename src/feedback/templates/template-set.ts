/**
 * Feedback prompts as data: one template set per model family, each prompt with how its output is
 * read. A set may leave a prompt out (the toy-arith-sf model writes no yes/no); a verifier that needs a
 * missing prompt says so. Placeholders are `{name}`; `{{` and `}}` write literal braces.
 */
import { InvalidInputError } from '../../core/errors.js';

/** How a yes/no verdict is read from a verification's text. */
export interface VerdictFormat {
  /** Regular expression (source, case-insensitive) whose first group is the verdict word; the last match counts. */
  pattern: string;
  /** Words (case-insensitive) that mean yes, and no. */
  yes: string[];
  no: string[];
}

/** Every call of a feedback prompt: most tokens, temperature (default greedy). */
export interface CallShape {
  maxTokens: number;
  temperature?: number;
}

/** Verify: a verification chain that ends in a verdict (GenRM). Placeholders: question, solution, answer. */
export interface VerifyTemplate extends CallShape {
  prompt: string;
  verdict: VerdictFormat;
}

/** P(True): the verdict is the very next token. Placeholders: ideas, question, solution, answer. */
export interface PTrueTemplate {
  prompt: string;
  /** Tokens (trimmed, brackets dropped, case-insensitive) that mean yes, and no. */
  yes: string[];
  no: string[];
}

/**
 * Critique: a free-text review (Self-Refine's feedback). Placeholders: question, solution, steps (the
 * solution's steps numbered from 1). The review names the first wrong step by `stepPattern` (its first
 * group is the 1-based step number) or says the solution is right by `correctPattern`.
 */
export interface CritiqueTemplate extends CallShape {
  prompt: string;
  stepPattern: string;
  correctPattern: string;
}

/**
 * Revise, either `rewrite` (a new solution from the question, the old one and the critique; placeholders
 * question, solution, critique) or `continue` (the kept part of the solution with the corrected step,
 * `kept`, is appended to the question and the model writes the rest; placeholders prefix, own).
 */
export type ReviseTemplate = (CallShape & { mode: 'rewrite'; prompt: string }) | (CallShape & { mode: 'continue'; kept: string });

/** Step check: the model re-derives one step. Placeholders: question, prefix (the solution before the step), step. */
export interface StepCheckTemplate extends CallShape {
  prompt: string;
}

/**
 * Backward question (FOBAR): a number of the question masked by `mask`, the candidate answer given, the
 * model asked for the masked number. Placeholders: masked, answer, mask.
 */
export interface BackwardTemplate extends CallShape {
  prompt: string;
  mask: string;
}

export interface TemplateSet {
  name: string;
  description: string;
  /** Stop sequences of every feedback call (the toy model's completions end at a newline). */
  stop: string[];
  verify?: VerifyTemplate;
  pTrue?: PTrueTemplate;
  critique?: CritiqueTemplate;
  revise?: ReviseTemplate;
  stepCheck?: StepCheckTemplate;
  backward?: BackwardTemplate;
}

export type TemplateName = 'verify' | 'pTrue' | 'critique' | 'revise' | 'stepCheck' | 'backward';

/** The placeholders each prompt may use (the loader rejects others, so a typo is not sent to a model). */
export const PLACEHOLDERS: Record<string, readonly string[]> = {
  'verify.prompt': ['question', 'solution', 'answer'],
  'pTrue.prompt': ['ideas', 'question', 'solution', 'answer'],
  'critique.prompt': ['question', 'solution', 'steps'],
  'revise.prompt': ['question', 'solution', 'critique'],
  'revise.kept': ['prefix', 'own'],
  'stepCheck.prompt': ['question', 'prefix', 'step'],
  'backward.prompt': ['masked', 'answer', 'mask'],
};

/** `{name}` placeholders in a template, in order. */
export function placeholdersIn(template: string): string[] {
  const names: string[] = [];
  for (const match of template.replaceAll('{{', '').replaceAll('}}', '').matchAll(/\{([A-Za-z]+)\}/g)) names.push(match[1] as string);
  return names;
}

/** The template with each `{name}` replaced by its value; `{{`/`}}` become braces. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{|\}\}|\{([A-Za-z]+)\}/g, (match, name: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const value = values[name as string];
    if (value === undefined) throw new InvalidInputError(`feedback template uses {${String(name)}}, which this prompt does not provide`);
    return value;
  });
}

/** The set's prompt of that kind, or an error saying which sets have it. */
export function requireTemplate<K extends TemplateName>(set: TemplateSet, kind: K, user: string): NonNullable<TemplateSet[K]> {
  const template = set[kind];
  if (template === undefined) {
    throw new InvalidInputError(
      `${user} needs a ${kind} prompt, and template set "${set.name}" has none (${set.description}); choose another verifier or give a template file with a ${kind} prompt`,
    );
  }
  return template as NonNullable<TemplateSet[K]>;
}
