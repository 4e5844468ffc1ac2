// The `quorum` command as a few bundled files in dist/cli: Node 20 loads each ES module file on its
// own (about a millisecond apiece), and `quorum ask` alone imports over a hundred of quorum's. Commands
// and heavy modules stay separate chunks, loaded when used; packages stay imports from node_modules.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// tsc leaves src/cli out, so declarations there mean a library module imports the CLI: the bundle
// would replace what that module needs.
const declarations = existsSync('dist/cli') ? readdirSync('dist/cli', { recursive: true }).filter((f) => String(f).endsWith('.d.ts')) : [];
if (declarations.length > 0) throw new Error(`tsc emitted ${declarations.join(', ')} into dist/cli: a library module imports src/cli, which only the bundle may hold`);
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
