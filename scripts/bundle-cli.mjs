// The `quorum` command as a few bundled files in dist/cli: Node 20 loads each ES module file on its
// own (about a millisecond apiece), and `quorum ask` alone imports over a hundred of quorum's. Commands
// and heavy modules stay separate chunks, loaded when used; packages stay imports from node_modules.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/cli', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
