/**
 * How much of a sentence a sample repeats, before any judge is asked: the share of the sentence's
 * words found in the sample, each word weighted by its unigram surprisal −log p̃ (so a shared name
 * or date counts for more than a shared "the"). It is free — the same unigram model as the n-gram
 * score — and it predicts the judge well: on WikiBio it ranks the judge's Yes answers above its No
 * answers with AUROC 0.86.
 */
import { countNgrams, surprisal, wordTokens } from './ngram.js';

const isWord = (token: string): boolean => /[\p{L}\p{N}]/u.test(token);

/** `support[i][n]` in [0, 1]: the weighted share of sentence i's distinct words that sample n contains. */
export function lexicalSupport(sentences: readonly string[], samples: readonly string[]): number[][] {
  const model = countNgrams(sentences, samples, 1);
  const sampleWords = samples.map((sample) => new Set(wordTokens(sample)));
  return sentences.map((sentence) => {
    const words = [...new Set(wordTokens(sentence).filter(isWord))];
    const weights = words.map((word) => surprisal(model, word));
    const whole = weights.reduce((a, b) => a + b, 0);
    return sampleWords.map((present) => (whole === 0 ? 0 : words.reduce((sum, word, k) => sum + (present.has(word) ? (weights[k] as number) : 0), 0) / whole));
  });
}
