/**
 * `quorum <command>`: the command table, top-level help and `--version`. Each command lives in its
 * own file and is imported only when run, so `--help`, `--version` and a mistyped command load
 * nothing but this file.
 */
import type { CommandIo, Env } from './command.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { closestName } from './suggest.js';
import { packageManifest } from './package-root.js';

interface CommandModule {
  run(argv: string[], io: CommandIo, env: Env): Promise<ExitCode>;
}

interface CommandEntry {
  summary: string;
  load: () => Promise<CommandModule>;
}

const commands: Record<string, CommandEntry> = {
  ask: { summary: 'answer one question with many samples and a vote', load: () => import('./commands/ask.js') },
  eval: { summary: 'measure strategies and stop rules on recorded or live samples', load: () => import('./commands/eval.js') },
  report: { summary: 'render a run as HTML, Markdown or JSON', load: () => import('./commands/report.js') },
  check: { summary: 'find made-up sentences in a text by asking the model again (SelfCheckGPT, ChatProtect)', load: () => import('./commands/check.js') },
  calibrate: { summary: 'fit a calibrated confidence and a certified abstention threshold on a labelled run', load: () => import('./commands/calibrate.js') },
  export: { summary: 'turn a run into SFT, DPO or KTO training data', load: () => import('./commands/export.js') },
  serve: { summary: 'an OpenAI-compatible proxy that votes over samples', load: () => import('./commands/serve.js') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(11)}${c.summary}`);
  return [
    'usage: quorum <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'Run "quorum <command> --help" for a command\'s options; "quorum --version" prints the version.',
    'Exit codes: 0 done, 1 something failed after the command line was accepted, 2 the command line was refused.',
    '',
  ].join('\n');
}

export async function runCli(argv: readonly string[], io: CommandIo, env: Env): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') {
    io.stdout.write(usage());
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`quorum ${packageManifest().version}\n`);
    return EXIT.ok;
  }
  if (name === undefined) {
    io.stderr.write(`quorum: give a command\n\n${usage()}`);
    return EXIT.usage;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command === undefined) {
    const guess = name.startsWith('-') ? undefined : closestName(name, Object.keys(commands));
    io.stderr.write(`quorum: unknown command "${name}"${guess === undefined ? '' : `; did you mean "${guess}"?`}\n\n${usage()}`);
    return EXIT.usage;
  }
  const module = await command.load();
  return module.run(rest, io, env);
}
