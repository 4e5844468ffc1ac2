/** Template sets by name, for the CLI and the library; a file (load-template-set.ts) overrides one. */
import { UnknownNameError } from '../../core/errors.js';
import { naturalLanguageTemplates } from './natural-language.js';
import type { TemplateSet } from './template-set.js';
import { toyArithSfTemplates } from './toy-arith-sf.js';

const sets: Record<string, TemplateSet> = {
  [naturalLanguageTemplates.name]: naturalLanguageTemplates,
  [toyArithSfTemplates.name]: toyArithSfTemplates,
};

export const templateSetNames = (): string[] => Object.keys(sets);

export function getTemplateSet(name: string): TemplateSet {
  const set = sets[name];
  if (set === undefined) throw new UnknownNameError('template set', name, templateSetNames());
  return set;
}
