/**
 * The `quorum` process: runs one command and exits with its code. A reader that closes the pipe
 * early (`quorum eval --json | head -1`) ends the process quietly with 0: it has what it asked for.
 */
import { runCli } from './cli.js';

for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), process, process.env);
