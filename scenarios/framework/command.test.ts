import { expect } from 'chai';
import { benchCommand, benchTargetSpec } from './command.js';
import { UsageError } from './options.js';

describe('bench command', () => {
  it('has one subcommand per registered scenario, each with the common and its own options', () => {
    const bench = benchCommand();
    const creation = bench.commands.find((command) => command.name() === 'workspace-creation');
    const memory = bench.commands.find((command) => command.name() === 'memory-per-workspace');
    const flags = (command: typeof creation) => command?.options.map((option) => option.long) ?? [];
    expect(flags(creation)).to.include.members([
      '--kubeconfig',
      '--kcp-binary',
      '--out',
      '--count',
      '--rate',
    ]);
    expect(flags(memory)).to.include.members(['--target', '--label', '--steps']);
  });

  it('chooses the target: reference by default, or exactly one of the alternatives', () => {
    expect(benchTargetSpec({})).to.deep.equal({ kind: 'reference' });
    expect(benchTargetSpec({ kcpBinary: '/usr/bin/kcp' })).to.deep.equal({
      kind: 'kcp-binary',
      path: '/usr/bin/kcp',
    });
    expect(benchTargetSpec({ kubeconfig: 'k', context: 'root' })).to.deep.equal({
      kind: 'kubeconfig',
      path: 'k',
      context: 'root',
    });
    expect(() => benchTargetSpec({ kubeconfig: 'k', kcpBinary: 'b' })).to.throw(UsageError);
    expect(() => benchTargetSpec({ context: 'root' })).to.throw(UsageError);
  });
});
