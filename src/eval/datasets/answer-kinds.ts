/**
 * Answer kinds by name for datasets and runs: the registered kinds, plus grading rules that belong to
 * one dataset (toy-arith's "The answer is N") and are not general enough for the registry.
 */
import type { AnswerKind } from '../../answers/answer-kind.js';
import { getAnswerKind } from '../../answers/registry.js';
import { toyArithAnswers } from '../../answers/toy-arith.js';

const datasetKinds = new Map<string, AnswerKind>([[toyArithAnswers.name, toyArithAnswers]]);

export const resolveAnswerKind = (name: string): AnswerKind => datasetKinds.get(name) ?? getAnswerKind(name);
