#!/usr/bin/env node
// The kcp-harness command line.

import { Command } from 'commander';
import { serveCommand } from '../reference-server/src/main.js';
import { harnessVersion } from '../reference-server/src/server/version.js';
import { conformanceCommand } from '../suites/framework/command.js';

const program = new Command('kcp-harness')
  .description('conformance and scale harness for KCP-compatible control planes')
  .version(harnessVersion)
  .addCommand(serveCommand())
  .addCommand(conformanceCommand());

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`kcp-harness: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
