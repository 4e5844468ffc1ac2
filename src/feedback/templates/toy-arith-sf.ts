/**
 * The toy-arith-sf preset (models/toy-arith-sf/README.md): raw completion stopped at the newline. A
 * step check is the solve prompt, the steps before the judged one and the judged step, then `\nOk?`;
 * the model writes the step as it computes it. A revision continues from the corrected step. The model
 * writes no yes/no, critique or backward answer, so the set has none of those prompts.
 */
import type { TemplateSet } from './template-set.js';

export const toyArithSfTemplates: TemplateSet = {
  name: 'toy-arith-sf',
  description: 'the toy-arith-sf model: step check by re-derivation and continuation only',
  stop: ['\n'],
  stepCheck: { prompt: '{question}{prefix} {step}.\nOk?', maxTokens: 32 },
  revise: { mode: 'continue', kept: '{prefix} {own}.', maxTokens: 96 },
};
