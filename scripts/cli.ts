#!/usr/bin/env node
// The kcp-harness command line.

import { Command } from 'commander';
import { clientCertCommand } from '../reference-server/src/client-cert-command.js';
import { serveCommand, startCommand } from '../reference-server/src/main.js';
import { harnessVersion } from '../reference-server/src/server/version.js';

const program = new Command('kcp-harness')
  .description('conformance and scale harness for KCP-compatible control planes')
  .version(harnessVersion)
  .addCommand(serveCommand())
  .addCommand(startCommand())
  .addCommand(clientCertCommand());

// `serve` and `start` are what start-up time is measured on; they should not load the test and
// benchmark stacks (mocha, chai, autocannon, vega) that only the harness commands need.
if (!['serve', 'start'].includes(process.argv[2] ?? '')) {
  const [
    { conformanceCommand },
    { conformanceDiffCommand },
    { benchCommand },
    { reportCommand, compareCommand },
  ] = await Promise.all([
    import('../suites/framework/command.js'),
    import('../reports/conformance/diff-command.js'),
    import('../scenarios/framework/command.js'),
    import('../reports/scale/command.js'),
  ]);
  program
    .addCommand(conformanceCommand())
    .addCommand(conformanceDiffCommand())
    .addCommand(benchCommand())
    .addCommand(reportCommand())
    .addCommand(compareCommand());
}

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`kcp-harness: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
