#!/usr/bin/env node
// The kcp-harness command line.

import { Command } from 'commander';
import { serveCommand } from '../reference-server/src/main.js';
import { harnessVersion } from '../reference-server/src/server/version.js';

const program = new Command('kcp-harness')
  .description('conformance and scale harness for KCP-compatible control planes')
  .version(harnessVersion)
  .addCommand(serveCommand());

// `serve` is what start-up time is measured on; it should not load the test stack (mocha, chai,
// reporters) that only the harness commands need.
if (process.argv[2] !== 'serve') {
  const { conformanceCommand } = await import('../suites/framework/command.js');
  program.addCommand(conformanceCommand());
}

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`kcp-harness: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
