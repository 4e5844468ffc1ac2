import { describe, expect, it } from 'vitest';
import { scriptedJudge, type ScriptedAnswer } from './__fixtures__/scripted-judge.js';
import { checkContradictions } from './contradiction.js';
import { readCloze, readConclusion } from './contradiction-prompts.js';

const PASSAGE = 'Ann Lee is a pilot. She was born in Leeds in 1950.';

/** A model that knows Ann was born in York: it contradicts the birthplace, agrees on the job. */
function annModel(options: { rewrite?: string; stubborn?: boolean } = {}) {
  return scriptedJudge((prompt): ScriptedAnswer => {
    if (prompt.startsWith('Rewrite the sentence below')) return { text: prompt.includes('Sentence: She was born') ? '"She was born in"' : 'Ann Lee is' };
    if (prompt.startsWith('Here is the start')) return { text: prompt.includes('She was born in') ? 'She was born in York in 1950. More text.' : 'Ann Lee is a pilot.' };
    if (prompt.includes(CONCLUDE)) return { text: options.stubborn === true || prompt.includes('One says Leeds') ? 'Yes, they are.' : 'No.' };
    if (prompt.startsWith('I give you')) return { text: prompt.includes('Leeds') ? 'One says Leeds, the other York.' : 'They agree.' };
    if (prompt.startsWith('This is the start')) return { text: options.rewrite ?? 'She was born in 1950.' };
    return { text: '?' };
  });
}
const CONCLUDE = 'Please conclude whether the statements are contradictory with Yes or No.';

describe('self-contradiction (ChatProtect) with a scripted model', () => {
  it('reads openings and Yes/No conclusions the way ChatProtect does', () => {
    expect(readCloze('"He was born in"\nmore', 'He was born in 1820.')).toBe('He was born in');
    expect(readCloze('', 'He was born.')).toBeNull();
    expect(['Yes.', 'No, they agree.', 'Yes and no', 'Perhaps'].map(readConclusion)).toEqual(['contradictory', 'consistent', 'unclear', 'unclear']);
  });

  it('flags the contradicted sentence, skips the judge when the alternative is the sentence itself, and counts every call', async () => {
    const model = annModel();
    const result = await checkContradictions({ passage: PASSAGE, topic: 'Tell me about Ann Lee', backend: model });
    expect(result.sentences.map((s) => s.contradictory)).toEqual([false, true]);
    const [job, birth] = result.sentences;
    expect(job?.checks[0]).toMatchObject({ cloze: 'Ann Lee is', alternative: 'Ann Lee is a pilot.', conclusion: 'consistent', explanation: null });
    expect(birth?.checks[0]).toMatchObject({ cloze: 'She was born in', alternative: 'She was born in York in 1950.', explanation: 'One says Leeds, the other York.' });
    // 2 calls for the first sentence (opening, alternative), 4 for the second (+ explain, conclude).
    expect(job?.usage.calls).toBe(2);
    expect(birth?.usage.calls).toBe(4);
    expect(result.usage).toEqual({ promptTokens: 42, completionTokens: 6, calls: 6 });
    expect(model.requests.map((r) => r.temperature)).toEqual([0, 1, 0, 1, 0, 0]);
    // The previous sentence is the context of the next; the conclusion turn follows the explanation.
    expect(model.requests[3]?.prompt).toContain('Ann Lee is a pilot.\n\nPlease generate the next sentence');
    expect(model.requests[5]?.prompt).toMatch(/Provide your explanation only\.\n\nOne says Leeds, the other York\.\n\nPlease conclude .*\n\nAnswer:$/su);
    expect(result.revised).toBeNull();
  });

  it('mitigates: rewrites the contradicted sentence and re-checks it; drops what stays contradicted or empties', async () => {
    const kept = await checkContradictions({ passage: PASSAGE, topic: 'Ann Lee', backend: annModel(), mitigate: true, chat: true });
    expect(kept.sentences[1]?.final).toBe('She was born in 1950.');
    expect(kept.sentences[1]?.checks.map((c) => c.conclusion)).toEqual(['contradictory', 'consistent']);
    expect(kept.revised).toBe('Ann Lee is a pilot. She was born in 1950.');

    const stubborn = await checkContradictions({ passage: PASSAGE, topic: 'Ann Lee', backend: annModel({ stubborn: true }), mitigate: true, rounds: 2 });
    expect(stubborn.sentences[1]?.final).toBeNull();
    expect(stubborn.revised).toBe('Ann Lee is a pilot.');

    const emptied = await checkContradictions({ passage: PASSAGE, topic: 'Ann Lee', backend: annModel({ rewrite: '  ' }), mitigate: true });
    expect(emptied.sentences[1]?.final).toBeNull();
    expect(emptied.sentences[1]?.usage.calls).toBe(5);
  });

  it('refuses a missing topic and fails loudly when nothing could be checked', async () => {
    await expect(checkContradictions({ passage: PASSAGE, topic: ' ', backend: annModel() })).rejects.toThrow(/give the topic/);
    const mute = scriptedJudge(() => ({ text: '' }));
    await expect(checkContradictions({ passage: PASSAGE, topic: 'Ann', backend: mute })).rejects.toThrow(/no sentence could be checked/);
  });
});
