/**
 * The sampler as data: temperature, the truncation filters (top-k, top-p, min-p, Top-H) and the order
 * in which temperature and truncation apply, written `temperature=2,min-p=0.1,order=temperature-first`.
 * One parser and one canonical text, so the same sampler reads the same in a command line, a
 * recording's manifest and a report. docs/decoding.md says what each field does.
 */
import { InvalidInputError } from '../core/errors.js';
import { SpecFields } from './spec-fields.js';

/**
 * `truncate-first`: the filters see the model's distribution, temperature reshapes what they kept
 * (llama.cpp's chain). `temperature-first`: the filters see the tempered distribution (the min-p and
 * Top-H papers, vLLM, Hugging Face).
 */
export const SAMPLER_ORDERS = ['truncate-first', 'temperature-first'] as const;
export type SamplerOrder = (typeof SAMPLER_ORDERS)[number];
export const DEFAULT_ORDER: SamplerOrder = 'truncate-first';

/** Top-H's candidate count in its reference code. */
export const TOP_H_DEFAULT_N = 100;

export interface TopH {
  /** The kept tokens' partial entropy stays within alpha × the entropy of the top `topN`; in (0, 1]. */
  alpha: number;
  topN: number;
}

/** A checked sampler. A filter that is off is absent. */
export interface SamplerSpec {
  /** 0 = greedy. Absent: the backend's default (1 on the embedded model, the server's own on a server). */
  temperature?: number;
  /** Keep the k most likely tokens. */
  topK?: number;
  /** Keep the smallest most-likely set whose probability reaches p, in (0, 1). */
  topP?: number;
  /** Keep tokens at least p × the top token's probability, in (0, 1). */
  minP?: number;
  topH?: TopH;
  order: SamplerOrder;
}

/** A sampler as a caller may give it: its text, or its fields (the order defaults to truncate-first). */
export type SamplerInput = string | (Omit<SamplerSpec, 'order' | 'topH'> & { order?: SamplerOrder; topH?: { alpha: number; topN?: number } });

const FIELDS = ['temperature', 'top-k', 'top-p', 'min-p', 'top-h', 'top-h-n', 'order'] as const;
type Field = (typeof FIELDS)[number];

/** Each field's rule, as error messages state it. */
const RULES: Record<Exclude<Field, 'order'>, { rule: string; valid: (x: number) => boolean }> = {
  temperature: { rule: 'a number ≥ 0 (0 = greedy)', valid: (x) => x >= 0 },
  'top-k': { rule: 'an integer ≥ 0 (0 = off)', valid: (x) => Number.isInteger(x) && x >= 0 },
  'top-p': { rule: 'a number in (0, 1] (1 = off)', valid: (x) => x > 0 && x <= 1 },
  'min-p': { rule: 'a number in [0, 1) (0 = off)', valid: (x) => x >= 0 && x < 1 },
  'top-h': { rule: 'a number in (0, 1] (the entropy share alpha)', valid: (x) => x > 0 && x <= 1 },
  'top-h-n': { rule: 'an integer ≥ 1', valid: (x) => Number.isInteger(x) && x >= 1 },
};
const ORDER_RULE = `one of ${SAMPLER_ORDERS.join(', ')}`;

type RawFields = Partial<Record<Exclude<Field, 'order'>, number>> & { order?: string };

/** Checks raw field values; `fail(field, rule)` builds the error that names the field as the caller wrote it. */
function checked(raw: RawFields, fail: (field: Field, rule: string) => Error): SamplerSpec {
  for (const [field, { rule, valid }] of Object.entries(RULES) as [Exclude<Field, 'order'>, (typeof RULES)[keyof typeof RULES]][]) {
    const value = raw[field];
    if (value !== undefined && !(Number.isFinite(value) && valid(value))) throw fail(field, rule);
  }
  if (raw.order !== undefined && !(SAMPLER_ORDERS as readonly string[]).includes(raw.order)) throw fail('order', ORDER_RULE);
  if (raw['top-h-n'] !== undefined && raw['top-h'] === undefined) throw fail('top-h-n', 'given together with top-h (it is Top-H’s candidate count)');
  const spec: SamplerSpec = { order: (raw.order as SamplerOrder | undefined) ?? DEFAULT_ORDER };
  if (raw.temperature !== undefined) spec.temperature = raw.temperature;
  if (raw['top-k'] !== undefined && raw['top-k'] > 0) spec.topK = raw['top-k'];
  if (raw['top-p'] !== undefined && raw['top-p'] < 1) spec.topP = raw['top-p'];
  if (raw['min-p'] !== undefined && raw['min-p'] > 0) spec.minP = raw['min-p'];
  if (raw['top-h'] !== undefined) spec.topH = { alpha: raw['top-h'], topN: raw['top-h-n'] ?? TOP_H_DEFAULT_N };
  return spec;
}

/** Parses `temperature=2,min-p=0.1,order=temperature-first`; an error names the bad field. */
export function parseSamplerSpec(text: string): SamplerSpec {
  const fields = SpecFields.parse('sampler', text, FIELDS);
  const raw: RawFields = {};
  for (const field of FIELDS) {
    if (field === 'order') {
      const order = fields.text('order');
      if (order !== undefined) raw.order = order;
    } else {
      const value = fields.number(field, RULES[field].rule);
      if (value !== undefined) raw[field] = value;
    }
  }
  return checked(raw, (field, rule) => fields.invalid(field, rule));
}

/** The object form's name for each field, for its error messages. */
const OBJECT_NAMES: Record<Field, string> = {
  temperature: 'temperature',
  'top-k': 'topK',
  'top-p': 'topP',
  'min-p': 'minP',
  'top-h': 'topH.alpha',
  'top-h-n': 'topH.topN',
  order: 'order',
};

/**
 * A sampler from its text or its fields, checked the same way either way; errors about fields name
 * them as `<prefix><field>` (e.g. `sampler.topP`).
 */
export function toSamplerSpec(input: SamplerInput, prefix = 'sampler.'): SamplerSpec {
  if (typeof input === 'string') return parseSamplerSpec(input);
  const given: Record<Field, unknown> = {
    temperature: input.temperature,
    'top-k': input.topK,
    'top-p': input.topP,
    'min-p': input.minP,
    'top-h': input.topH?.alpha,
    'top-h-n': input.topH?.topN,
    order: input.order,
  };
  const raw: RawFields = {};
  for (const field of FIELDS) {
    const value = given[field];
    if (value === undefined) continue;
    if (field === 'order') raw.order = typeof value === 'string' ? value : '';
    else raw[field] = typeof value === 'number' ? value : Number.NaN;
  }
  return checked(raw, (field, rule) => new InvalidInputError(`${prefix}${OBJECT_NAMES[field]} must be ${rule}, got ${JSON.stringify(given[field])}`));
}

/** The canonical text: fields in a fixed order, filters that are off left out, the order always written. */
export function formatSamplerSpec(spec: SamplerSpec): string {
  const parts: string[] = [];
  if (spec.temperature !== undefined) parts.push(`temperature=${spec.temperature}`);
  if (spec.topK !== undefined) parts.push(`top-k=${spec.topK}`);
  if (spec.topP !== undefined) parts.push(`top-p=${spec.topP}`);
  if (spec.minP !== undefined) parts.push(`min-p=${spec.minP}`);
  if (spec.topH !== undefined) parts.push(`top-h=${spec.topH.alpha}`, `top-h-n=${spec.topH.topN}`);
  parts.push(`order=${spec.order}`);
  return parts.join(',');
}

/** Whether any truncation filter is on. */
export const truncates = (spec: SamplerSpec): boolean =>
  spec.topK !== undefined || spec.topP !== undefined || spec.minP !== undefined || spec.topH !== undefined;

/**
 * Whether the two orders give different distributions: only for a filter that reads probabilities
 * (top-p, min-p, Top-H; top-k keeps the same tokens at any temperature) at a temperature other than
 * 0 and 1. An unknown (server default) temperature counts as one that matters.
 */
export const orderMatters = (spec: SamplerSpec): boolean =>
  (spec.topP !== undefined || spec.minP !== undefined || spec.topH !== undefined) && spec.temperature !== 0 && spec.temperature !== 1;
