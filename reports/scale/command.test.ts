import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Command } from 'commander';
import type { CommandIO } from '../../suites/framework/command.js';
import { compareCommand, reportCommand } from './command.js';
import { fixtureRun, withMetric, workspaceCreationFixture } from './fixtures.js';

class Exit extends Error {}

interface Captured {
  out: string;
  err: string;
  code?: number;
}

async function run(make: (io: CommandIO) => Command, args: string[]): Promise<Captured> {
  const captured: Captured = { out: '', err: '' };
  const io: CommandIO = {
    out: (text) => void (captured.out += text),
    err: (text) => void (captured.err += text),
    setExitCode: (code) => void (captured.code = code),
    exit: (code) => {
      captured.code = code;
      throw new Exit();
    },
  };
  try {
    await make(io).parseAsync(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof Exit)) throw error;
  }
  return captured;
}

describe('kcp-harness report and compare', function () {
  // Rendering charts with vega takes a few hundred milliseconds per report.
  this.timeout(20_000);

  let dir: string;
  const write = async (name: string, value: unknown) => {
    const path = join(dir, name);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, JSON.stringify(value));
    return path;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kh-scale-command-'));
    for (const result of fixtureRun({ label: 'reference' }))
      await write(`baseline/${result.scenario}.json`, result);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('report writes index.html, report.md and the SVGs, and says where', async () => {
    const out = join(dir, 'report');
    const result = await run(reportCommand, [join(dir, 'baseline'), '--out', out]);
    expect(result.code).to.equal(0);
    expect(result.out).to.contain(`${join(out, 'index.html')}`);
    const files = await readdir(out);
    expect(files).to.include.members(['index.html', 'report.md', 'workspace-creation-cdf.svg']);
    expect(await readFile(join(out, 'workspace-creation-cdf.svg'), 'utf8')).to.match(/^<\?xml[^>]*>\n<svg /);
    expect(files.filter((file) => file.endsWith('.tmp'))).to.deep.equal([]);
  });

  it('report names bad inputs, still writes the rest (exit 1), and needs at least one result (exit 2)', async () => {
    const bad = await write('bad.json', { ...workspaceCreationFixture(), partial: 'yes' });
    const out = join(dir, 'report');
    const partly = await run(reportCommand, [join(dir, 'baseline'), bad, '--out', out]);
    expect(partly.code).to.equal(1);
    expect(partly.err).to.contain(`error: ${bad}: partial: expected true or false, got "yes"`);
    expect(await readdir(out)).to.include('index.html');

    const nothing = await run(reportCommand, [bad, '--out', join(dir, 'none')]);
    expect(nothing.code).to.equal(2);
    expect(nothing.err).to.contain('error: no results to report');
    expect((await run(reportCommand, [])).code).to.equal(2);
  });

  it('compare exits 0 on a rerun within the allowance', async () => {
    for (const result of fixtureRun({ label: 'reference', slowdown: 1.1 }))
      await write(`current/${result.scenario}.json`, result);
    const result = await run(compareCommand, [
      join(dir, 'baseline'),
      join(dir, 'current'),
      '--max-regression',
      '20%',
    ]);
    expect(result.err).to.equal('');
    expect(result.code).to.equal(0);
    expect(result.out).to.match(/pass: all \d+ metrics are within 20% of the baseline\n$/);
  });

  it('compare exits 1 on a doctored 2x regression', async () => {
    const creation = workspaceCreationFixture({ label: 'reference' });
    const current = await write('current.json', withMetric(creation, 'create-to-ready-p99', 1260));
    const result = await run(compareCommand, [join(dir, 'baseline'), current, '--max-regression', '0.2']);
    expect(result.code).to.equal(1);
    expect(result.out).to.match(/create-to-ready-p99 .*REGRESSION/);
    expect(result.out).to.contain(
      'note: memory-per-workspace: in the baseline but not among the current results',
    );
  });

  it('compare --metrics gates only on the selected metrics', async () => {
    const creation = workspaceCreationFixture({ label: 'reference' });
    const current = await write('noisy.json', withMetric(creation, 'create-to-ready-p99', 1260));
    const kept = await run(compareCommand, [join(dir, 'baseline'), current, '--metrics', 'p50']);
    expect(kept.code).to.equal(0);
    expect(kept.out).to.not.contain('create-to-ready-p99');
    const gated = await run(compareCommand, [join(dir, 'baseline'), current, '--metrics', 'p99']);
    expect(gated.code).to.equal(1);
    const bad = await run(compareCommand, [join(dir, 'baseline'), current, '--metrics', '(']);
    expect(bad.code).to.equal(2);
  });

  it('compare exits 1 on an incomplete comparison only with --strict', async () => {
    const current = await write('current.json', workspaceCreationFixture({ label: 'reference' }));
    const lenient = await run(compareCommand, [join(dir, 'baseline'), current]);
    expect(lenient.code).to.equal(0);
    expect(lenient.out).to.contain('incomplete:');
    expect((await run(compareCommand, [join(dir, 'baseline'), current, '--strict'])).code).to.equal(1);
  });

  it('compare exits 2 on usage errors and unreadable inputs', async () => {
    const baseline = join(dir, 'baseline');
    const ambiguous = await run(compareCommand, [baseline, baseline, '--max-regression', '20']);
    expect(ambiguous.code).to.equal(2);
    expect(ambiguous.err).to.contain('ambiguous');
    expect((await run(compareCommand, [baseline])).code).to.equal(2);
    const missing = await run(compareCommand, [baseline, join(dir, 'nope')]);
    expect(missing.code).to.equal(2);
    expect(missing.err).to.contain(`error: ${join(dir, 'nope')}: no such file or directory`);
  });
});
