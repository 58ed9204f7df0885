import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { CommandIO } from '../../suites/framework/command.js';
import { conformanceDiffCommand } from './diff-command.js';
import { baselineReport, otherReport } from './diff-sample.js';
import { REPORT_FILES, writeReportFiles } from './write.js';

class Exit extends Error {}

interface Captured {
  out: string;
  err: string;
  code?: number;
}

async function run(args: string[]): Promise<Captured> {
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
    await conformanceDiffCommand(io).parseAsync(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof Exit)) throw error;
  }
  return captured;
}

describe('kcp-harness conformance-diff', function () {
  // The last test starts the real CLI through tsx, which loads every command's modules.
  this.timeout(60_000);

  let dir: string;
  let a: string;
  let b: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kh-conformance-diff-'));
    a = join(dir, 'a');
    b = join(dir, 'b');
    // The real writer, so the reader is tested against what runs produce.
    await writeReportFiles(a, baselineReport(), 'log of A\n');
    await writeReportFiles(b, otherReport(), 'log of B\n');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('prints the text diff of two report directories and exits 0 despite differences', async () => {
    const result = await run([a, b]);
    expect(result.code).to.equal(0);
    expect(result.err).to.equal('');
    expect(result.out).to.contain('Passes on A, not on B (2)\n');
    expect(result.out).to.contain(`   report    ${join(a, REPORT_FILES.yaml)}\n`);
  });

  it('--fail-on-regression exits 1 when a test passing on A does not pass on B, and says which', async () => {
    const failed = await run([a, b, '--fail-on-regression']);
    expect(failed.code).to.equal(1);
    expect(failed.err).to.equal(
      'regression: 3 tests pass on A and not on B: a/regressed, a/skipped-on-b, a/gone-passed\n',
    );
    const same = await run([a, a, '--fail-on-regression']);
    expect(same.code).to.equal(0);
    expect(same.err).to.equal('no regression: every test that passes on A passes on B\n');
  });

  it('--format json and markdown, --all, and --out writing the file', async () => {
    const json = await run([a, join(b, REPORT_FILES.yaml), '--format', 'json', '--all']);
    const document = JSON.parse(json.out) as { kind: string; tests: unknown[] };
    expect([document.kind, document.tests.length]).to.deep.equal(['ConformanceDiff', 10]);

    const out = join(dir, 'diff.md');
    const markdown = await run([a, b, '--format', 'markdown', '--out', out]);
    expect(markdown.code).to.equal(0);
    expect(markdown.out).to.equal(
      `${out}: 10 tests: 2 pass on A only, 1 pass on B only, 1 skipped on one side, ` +
        '1 fail on both, 2 only in A, 1 only in B, 2 the same\n',
    );
    expect(await readFile(out, 'utf8')).to.match(/^## Conformance diff: kcp v1\.0\.0 \(A\)/);
  });

  it('exits 2 naming each unreadable report, an unknown format, or an unwritable --out', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'apiVersion: v1\nkind: ConfigMap\n');
    const unreadable = await run([bad, join(dir, 'missing')]);
    expect(unreadable.code).to.equal(2);
    expect(unreadable.out).to.equal('');
    expect(unreadable.err).to.contain(`error: ${bad}: not a valid conformance report:\n  apiVersion/kind:`);
    expect(unreadable.err).to.contain(`error: ${join(dir, 'missing')}: no such file or directory\n`);
    expect(unreadable.err).not.to.match(/\n\s+at /);

    const format = await run([a, b, '--format', 'html']);
    expect(format.code).to.equal(2);
    expect(format.err).to.contain('Allowed choices are text, markdown, json');

    const out = await run([a, b, '--out', join(dir, 'no-such-dir', 'diff.txt')]);
    expect(out.code).to.equal(2);
    expect(out.err).to.match(/^error: writing .*diff\.txt: /);
  });

  it('runs as the real CLI on two reports written by the real writer', async () => {
    const repo = join(import.meta.dirname, '..', '..');
    const cli = (args: string[]) =>
      promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', join(repo, 'scripts/cli.ts'), 'conformance-diff', ...args],
        {
          cwd: repo,
        },
      );
    const { stdout } = await cli([a, b]);
    expect(stdout).to.contain('Conformance diff (A is the baseline)\nA: kcp v1.0.0\n');
    expect(stdout.trimEnd().split('\n').at(-1)).to.match(/^10 tests: 2 pass on A only/);
    const gate = await cli([join(a, REPORT_FILES.yaml), b, '--fail-on-regression', '--format', 'json']).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(gate?.code).to.equal(1);
    expect(gate?.stderr).to.match(/^regression: 3 tests pass on A and not on B: /);
    expect((JSON.parse(gate?.stdout ?? '') as { regressions: string[] }).regressions).to.have.length(3);
  });
});
