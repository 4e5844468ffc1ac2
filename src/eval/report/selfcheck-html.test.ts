import { describe, expect, it } from 'vitest';
import { scriptedJudge } from '../../selfcheck/__fixtures__/scripted-judge.js';
import { checkContradictions } from '../../selfcheck/contradiction.js';
import { askEveryPair } from '../../selfcheck/judge-stop.js';
import { selfCheck } from '../../selfcheck/self-check.js';
import { renderSelfCheckHtml } from './selfcheck-html.js';

describe('the selfcheck HTML view', () => {
  it('shades judged sentences by score, flags those over the threshold, escapes text and summarises verdicts', async () => {
    const judge = scriptedJudge((prompt) => ({ text: prompt.includes('Sentence: <b>Ann</b> flies.') ? 'No' : 'Yes' }));
    const result = await selfCheck({ passage: 'Ann is here. <b>Ann</b> flies.', samples: ['Ann is here.', 'Ann is here too.'], judge: { backend: judge, stop: askEveryPair() } });
    const html = renderSelfCheckHtml({ kind: 'selfcheck', result, threshold: 0.5, samplesFrom: 'samples.json' });
    expect(html).toContain('<span style="background:rgba(198,40,40,0.000)" title="score 0.000">Ann is here.</span>');
    expect(html).toContain('<span style="background:rgba(198,40,40,1.000)" class="flag" title="score 1.000">&lt;b&gt;Ann&lt;/b&gt; flies.</span>');
    expect(html).toContain('<td>2 asked: 2 not</td>');
    expect(html).not.toMatch(/<script/u);
  });

  it('shows contradicted sentences with their alternative and the revised passage', async () => {
    const model = scriptedJudge((prompt) => {
      if (prompt.startsWith('Rewrite')) return { text: 'She was born in' };
      if (prompt.startsWith('Here is the start')) return { text: 'She was born in York.' };
      if (prompt.startsWith('This is the start')) return { text: '' };
      return { text: prompt.includes('Please conclude') ? 'Yes' : 'Leeds is not York.' };
    });
    const result = await checkContradictions({ passage: 'She was born in Leeds.', topic: 'Ann', backend: model, mitigate: true });
    const html = renderSelfCheckHtml({ kind: 'contradiction', result, backend: 'scripted' });
    expect(html).toContain('<td>contradictory</td><td>She was born in Leeds.</td><td>She was born in York.</td><td>Leeds is not York.</td><td>(dropped)</td>');
    expect(html).toContain('<h2>Revised</h2>');
  });
});
