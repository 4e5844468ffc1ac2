// The official openai client against `quorum serve` (started by serve-quick-start.sh): a streamed
// answer, the decision that comes with its last chunk, and the usage over every upstream call.
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: 'http://127.0.0.1:8787/v1', apiKey: 'unused' });
const stream = await client.chat.completions.create({
  model: 'quorum/auto@16/toy-arith', // stop rule auto, at most 16 samples
  messages: [{ role: 'user', content: 'Noah owns 38 apples. He gives 2 friends 12 each. The number of apples triples. How many apples does he have?' }],
  stream: true,
  stream_options: { include_usage: true },
  seed: 1,
});
let content = '';
for await (const chunk of stream) {
  content += chunk.choices[0]?.delta?.content ?? '';
  if (chunk.quorum) console.log('quorum:', JSON.stringify(chunk.quorum));
  if (chunk.usage) console.log('usage:', JSON.stringify(chunk.usage));
}
console.log('content:', JSON.stringify(content));
