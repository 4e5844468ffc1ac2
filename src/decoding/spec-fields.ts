/**
 * The `key=value,key=value` text of sampler and decode specs, read once: every pair split, every key
 * known and given once, every number checked, so a malformed spec fails naming the bad field.
 */
import { InvalidInputError } from '../core/errors.js';

export class SpecFields {
  private constructor(
    /** How errors name the spec, e.g. `sampler "temperature=2,min-p"`. */
    readonly label: string,
    private readonly values: Map<string, string>,
  ) {}

  /** Splits `text` into its fields; `known` are the keys the spec has; errors quote `whole` (the spec as written). */
  static parse(kind: string, text: string, known: readonly string[], whole = text): SpecFields {
    const label = `${kind} "${whole}"`;
    const values = new Map<string, string>();
    if (text.trim() === '') throw new InvalidInputError(`${label}: empty; write key=value pairs separated by commas, e.g. ${known[0] ?? 'key'}=…`);
    for (const part of text.split(',')) {
      const eq = part.indexOf('=');
      const key = (eq < 0 ? part : part.slice(0, eq)).trim();
      const value = eq < 0 ? '' : part.slice(eq + 1).trim();
      if (key === '') throw new InvalidInputError(`${label}: a field has no name; write key=value pairs separated by commas`);
      if (!known.includes(key)) throw new InvalidInputError(`${label}: unknown field "${key}"; the fields are ${known.join(', ')}`);
      if (value === '') throw new InvalidInputError(`${label}: field "${key}" has no value; write ${key}=<value>`);
      if (values.has(key)) throw new InvalidInputError(`${label}: field "${key}" is given twice`);
      values.set(key, value);
    }
    return new SpecFields(label, values);
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  text(key: string): string | undefined {
    return this.values.get(key);
  }

  /** The field as a number, undefined when absent; `rule` says what it must be when it is not a number at all. */
  number(key: string, rule: string): number | undefined {
    const value = this.values.get(key);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) throw this.invalid(key, rule);
    return parsed;
  }

  invalid(key: string, rule: string): InvalidInputError {
    return new InvalidInputError(`${this.label}: ${key} must be ${rule}, got "${this.values.get(key) ?? ''}"`);
  }
}
