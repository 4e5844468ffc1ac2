import { describe, expect, it } from 'vitest';
import { ngramScores, wordTokens } from './ngram.js';
import { splitSentences } from './sentences.js';
import { lexicalSupport } from './support.js';

describe('sentence splitting', () => {
  it('keeps abbreviations and dates inside their sentence', () => {
    const text = 'Dr. John Smith Jr. was born on Jan. 5, 1950 in Washington, D.C., the son of a judge. He moved to the U.S. Virgin Islands in 1975.\n\nHe died in 2001.';
    expect(splitSentences(text)).toEqual(['Dr. John Smith Jr. was born on Jan. 5, 1950 in Washington, D.C., the son of a judge.', 'He moved to the U.S. Virgin Islands in 1975.', 'He died in 2001.']);
    expect(splitSentences('  \n ')).toEqual([]);
  });
});

/** −log of a count's share of 9 tokens. */
const nl = (count: number): number => -Math.log(count / 9);

describe('n-gram scores (SelfCheckGPT, MLE, no smoothing)', () => {
  it('tokenises words and punctuation, lower-cased, Unicode letters included', () => {
    expect(wordTokens("Müller's team won 3-1.")).toEqual(['müller', "'", 's', 'team', 'won', '3', '-', '1', '.']);
  });

  it('scores each sentence by −log p̃ of its tokens under passage + samples: avg and max', () => {
    // Counts over "a b . a c ." + "a b .": a 3, b 2, . 3, c 1 → 9 tokens.
    const { sentences, passage } = ngramScores(['A b.', 'A c.'], ['a b.']);
    expect(sentences[0]?.max).toBeCloseTo(nl(2), 12);
    expect(sentences[0]?.avg).toBeCloseTo((nl(3) + nl(2) + nl(3)) / 3, 12);
    expect(sentences[1]?.max).toBeCloseTo(nl(1), 12);
    expect(passage.avgMax).toBeCloseTo((nl(2) + nl(1)) / 2, 12);
  });

  it('counts left-padded bigrams as shares of all bigrams', () => {
    // Bigrams: "<s> a", "a b", "b ." twice and "<s> a", "a c", "c ." once → 9.
    const { sentences } = ngramScores(['a b.', 'a c.'], ['a b.'], { n: 2 });
    expect(sentences[1]?.max).toBeCloseTo(-Math.log(1 / 9), 12);
    expect(sentences[0]?.max).toBeCloseTo(-Math.log(2 / 9), 12);
    expect(() => ngramScores(['a'], ['a'], { n: 0 })).toThrow(/positive integer/);
  });
});

describe('lexical support', () => {
  it('is the surprisal-weighted share of the sentence words a sample repeats', () => {
    const support = lexicalSupport(['Smith was born in Leeds.'], ['Smith was born in Leeds in 1950.', 'Smith was born in York.', 'Nothing here.']);
    expect(support[0]?.[0]).toBeCloseTo(1, 12);
    expect(support[0]?.[1]).toBeGreaterThan(0);
    expect(support[0]?.[1]).toBeLessThan(1);
    expect(support[0]?.[2]).toBe(0);
  });
});
