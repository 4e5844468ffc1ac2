/**
 * The package as a user gets it, checked in CI (`.ci/run`, after the suite; tests never install
 * software): `npm pack`, then a scratch project that installs the tarball without any optional peer
 * (no node-llama-cpp, no vega, no vitest) and uses it against a real OpenAI-compatible server on
 * 127.0.0.1. Prints one JSON line with what the tarball holds; exits 1 at the first check that fails.
 *
 *   npx tsx test/packed/check-packed.ts
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { MODELS, REPO_ROOT, SHARED_DIR } from '../shared.js';
import { startLlamaOpenAIServer } from '../../src/test-support/llama-openai-server.js';

const run = promisify(execFile);

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function inProject(cwd: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(QUORUM|OPENAI)_/.test(name)));
  try {
    const { stdout, stderr } = await run(command, [...args], { cwd, env: { ...clean, ...env }, maxBuffer: 64 * 2 ** 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface PackEntry {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string }[];
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'quorum-packed-'));
const server = await startLlamaOpenAIServer({ modelPath: MODELS.toyArith, threads: 1 });
try {
  // 1. The tarball: dist and the bin, no test code but the quorum/testing suites.
  const packed = await inProject(REPO_ROOT, 'npm', ['pack', '--json', '--pack-destination', scratch]);
  assert.equal(packed.code, 0, packed.stderr);
  const [entry] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as PackEntry[];
  assert.ok(entry !== undefined);
  const files = entry.files.map((f) => f.path);
  const testOnly = files.filter((f) => /\.test\.|__fixtures__|test-support|^src\/|^test\//.test(f));
  assert.deepEqual(testOnly, [], `test code in the package: ${testOnly.join(', ')}`);
  for (const required of ['bin/quorum.js', 'dist/index.js', 'dist/llama.js', 'dist/eval-entry.js', 'dist/testing.js', 'dist/cli/main.js', 'CHANGELOG.md']) {
    assert.ok(files.includes(required), `${required} missing from the package`);
  }

  // 2. A scratch project installs it; optional peers stay out.
  const project = path.join(scratch, 'app');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }));
  const installed = await inProject(project, 'npm', ['install', '--no-audit', '--no-fund', path.join(scratch, entry.filename)]);
  assert.equal(installed.code, 0, installed.stderr);
  for (const peer of ['node-llama-cpp', 'vega', 'vega-lite', 'vitest']) {
    assert.ok(!existsSync(path.join(project, 'node_modules', peer)), `${peer} was installed with quorum`);
  }
  const quorum = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> =>
    inProject(project, process.execPath, [path.join(project, 'node_modules', 'quorum', 'bin', 'quorum.js'), ...args], env);

  // 3. solve() against an OpenAI-compatible server, importing only `quorum`.
  writeFileSync(
    path.join(project, 'solve.mjs'),
    `import { solve, createOpenAIBackend, getAnswerKind, majority } from 'quorum';
const backend = createOpenAIBackend({ baseURL: process.argv[2], model: 'toy-arith' });
const result = await solve({ backend, prompt: 'Q: Nora starts with 43 kites. She buys 5 trays of 7 kites. How many kites does she have?\\nA:',
  answerKind: getAnswerKind('math'), strategy: majority(), maxSamples: 8, seed: 1, sampling: { temperature: 0.8, maxTokens: 64, stopSequences: ['\\n'] } });
console.log(JSON.stringify({ answer: result.answer, usable: result.sampleCounts.usable }));
`,
  );
  const solved = await inProject(project, process.execPath, ['solve.mjs', server.baseURL]);
  assert.equal(solved.code, 0, solved.stderr);
  assert.deepEqual(JSON.parse(solved.stdout), { answer: '78', usable: 8 });

  // 4. The embedded model without node-llama-cpp: a ModelLoadError that names the install command.
  writeFileSync(
    path.join(project, 'llama.mjs'),
    `import { createLlamaBackend } from 'quorum/llama';
try { await createLlamaBackend({ model: process.argv[2] }); } catch (error) { console.log(JSON.stringify({ name: error.name, message: error.message })); }
`,
  );
  const llama = await inProject(project, process.execPath, ['llama.mjs', MODELS.toyArith]);
  assert.equal(llama.code, 0, llama.stderr);
  const llamaError = JSON.parse(llama.stdout) as { name: string; message: string };
  assert.equal(llamaError.name, 'ModelLoadError');
  assert.match(llamaError.message, /npm install node-llama-cpp/);
  const ask = await quorum(['ask', '--model', MODELS.toyArith, 'What is 2 + 2?']);
  assert.equal(ask.code, 1);
  assert.match(ask.stderr, /^quorum ask: the embedded model needs node-llama-cpp.*"npm install node-llama-cpp"/);

  // 5. The CLI: --version, and registered datasets from a data folder it is told about.
  const version = await quorum(['--version']);
  assert.equal(version.stdout, `quorum ${(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  const out = path.join(project, 'runs', 'toy');
  const record = ['eval', '--dataset', 'toy-arith-dev', '--base-url', server.baseURL, '--model', 'toy-arith', '--n', '2', '--limit', '2', '--max-tokens', '64', '--out', out, '--quiet'];
  const noData = await quorum(record);
  assert.equal(noData.code, 2, noData.stderr);
  assert.match(noData.stderr, /^quorum eval: dataset toy-arith-dev is read from the shared data folder, and none was given: pass --data-dir <folder> \(or set QUORUM_DATA_DIR\)/);
  const recorded = await quorum(record, { QUORUM_DATA_DIR: SHARED_DIR });
  assert.equal(recorded.code, 0, recorded.stderr);
  assert.match(recorded.stdout, /run, 2 questions, 2 samples each/);

  // 6. Reports: Markdown needs nothing more; HTML names what to install for its charts.
  const md = await quorum(['report', out, '--format', 'md', '--out', path.join(project, 'report.md'), '--stops', 'none', '--seeds', '2', '--quiet']);
  assert.equal(md.code, 0, md.stderr);
  const html = await quorum(['report', out, '--stops', 'none', '--seeds', '2', '--quiet']);
  assert.equal(html.code, 1);
  assert.match(html.stderr, /^quorum report: HTML reports draw their charts with vega and vega-lite.*"npm install vega vega-lite"/);

  console.log(
    JSON.stringify({
      check: 'packed',
      tarball: entry.filename,
      sizeBytes: entry.size,
      unpackedBytes: entry.unpackedSize,
      files: entry.entryCount,
      testOnlyFiles: testOnly.length,
      installedWithout: ['node-llama-cpp', 'vega', 'vega-lite', 'vitest'],
      ok: true,
    }),
  );
} finally {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
}
