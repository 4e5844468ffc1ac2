/**
 * `quorum <command>`: a thin shell over the library. Each command lives in its own file and is
 * loaded only when used, so `quorum eval` never pays for loading llama.cpp.
 */
const commands: Record<string, { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> }> = {
  ask: { summary: 'answer one question with many samples and a vote', load: () => import('./commands/ask.js') },
  eval: { summary: 'measure strategies and stop rules on recorded or live samples', load: () => import('./commands/eval.js') },
  report: { summary: 'render a run as HTML, Markdown or JSON', load: () => import('./commands/report.js') },
  check: { summary: 'find made-up sentences in a text by asking the model again (SelfCheckGPT, ChatProtect)', load: () => import('./commands/check.js') },
  calibrate: { summary: 'fit a calibrated confidence and a certified abstention threshold on a labelled run', load: () => import('./commands/calibrate.js') },
  export: { summary: 'turn a run into SFT, DPO or KTO training data', load: () => import('./commands/export.js') },
  serve: { summary: 'an OpenAI-compatible proxy that votes over samples', load: () => import('./commands/serve.js') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`);
  return `usage: quorum <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun "quorum <command> --help" for a command's options.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name === undefined ? 1 : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    process.stderr.write(`quorum: unknown command "${name}"\n\n${usage()}`);
    return 1;
  }
  const module = await command.load();
  return module.run(rest);
}

process.exitCode = await main(process.argv.slice(2));
