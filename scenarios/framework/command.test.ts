import { expect } from 'chai';
import { apiThroughputFixture } from '../../reports/scale/fixtures.js';
import { benchCommand, benchTargetSpec, formatSummary } from './command.js';
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

  it('refuses --tenancy namespaces for a scenario that measures workspaces, before any target starts', async () => {
    const err: string[] = [];
    let code: number | undefined;
    const bench = benchCommand({
      out: () => undefined,
      err: (text) => void err.push(text),
      setExitCode: (value) => void (code = value),
      exit: (value) => {
        throw new Error(`exit ${value}`);
      },
    });
    await bench.parseAsync(['workspace-creation', '--tenancy', 'namespaces', '--count', '1'], {
      from: 'user',
    });
    expect(code).to.equal(2);
    expect(err.join('')).to.match(
      /^error: workspace-creation measures workspaces, and --tenancy namespaces asks for a namespace per unit; .* run: api-throughput, watch-latency, authorization, crd-footprint\n$/,
    );
    const flags = bench.commands.find((command) => command.name() === 'api-throughput')?.options;
    expect(flags?.find((option) => option.long === '--tenancy')?.argChoices).to.deep.equal([
      'auto',
      'workspaces',
      'namespaces',
    ]);
  });

  it('says in the summary whether the units were workspaces or namespaces', () => {
    const result = apiThroughputFixture();
    expect(formatSummary({ ...result, tenancy: 'namespaces' })[1]).to.equal(
      '  tenancy: a namespace per unit',
    );
    expect(formatSummary({ ...result, tenancy: 'workspaces' })[1]).to.equal(
      '  tenancy: a workspace per unit',
    );
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
