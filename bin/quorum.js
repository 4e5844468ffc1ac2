#!/usr/bin/env node
// Runs the compiled CLI. In a source checkout `npm ci` (or `npm run build`) writes dist/ first.
try {
  await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli/main.js')) throw error;
  process.stderr.write('quorum: dist/ is missing; run "npm run build" in the quorum checkout (npm ci does it too)\n');
  process.exitCode = 1;
}
