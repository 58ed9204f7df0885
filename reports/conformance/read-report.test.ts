import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readReport, ReportReadError } from './read-report.js';
import { sampleReport } from './sample-report.js';
import { reportProblems } from './validate-report.js';
import { renderReportYaml } from './yaml.js';

describe('reading a conformance report', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kh-read-report-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const write = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  /** The ReportReadError's message; fails the test for anything else. */
  const failure = async (path: string): Promise<string> => {
    try {
      await readReport(path);
    } catch (error) {
      expect(error).to.be.instanceOf(ReportReadError);
      return (error as Error).message;
    }
    throw new Error(`reading ${path} did not fail`);
  };

  it('reads a file written by the writer, or the one inside a report directory', async () => {
    const file = await write('conformance-report.yaml', renderReportYaml(sampleReport()));
    expect(await readReport(file)).to.deep.equal({ file, report: sampleReport() });
    expect((await readReport(dir)).file).to.equal(file);
  });

  it('names the file when it is missing, or the directory holds no report', async () => {
    expect(await failure(join(dir, 'nope.yaml'))).to.equal(
      `${join(dir, 'nope.yaml')}: no such file or directory`,
    );
    await mkdir(join(dir, 'empty'));
    expect(await failure(join(dir, 'empty'))).to.equal(
      `${join(dir, 'empty', 'conformance-report.yaml')}: no such file or directory`,
    );
  });

  it('names the file and the line of invalid YAML', async () => {
    const file = await write('broken.yaml', 'apiVersion: kcp-harness.io/v1alpha1\ntests: [\n');
    expect(await failure(file)).to.match(new RegExp(`^${file}: not valid YAML: .*line \\d+`));
  });

  it('says that another kind of document is not a report, in one line', async () => {
    const file = await write('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\n');
    expect(await failure(file)).to.equal(
      `${file}: not a valid conformance report:\n  apiVersion/kind: expected kcp-harness.io/v1alpha1 ConformanceReport, ` +
        'got "v1" "ConfigMap": not a conformance report',
    );
    expect(await failure(await write('list.yaml', '- a\n- b\n'))).to.contain(
      '(document): expected a YAML mapping, got a list',
    );
    expect(await failure(await write('empty.yaml', ''))).to.contain(
      '(document): expected a YAML mapping, got null',
    );
  });

  it('names every malformed field by its path', async () => {
    const report = sampleReport() as unknown as Record<string, unknown> & ReturnType<typeof sampleReport>;
    (report.tests[1] as unknown as Record<string, unknown>).result = 'ok';
    (report.tests[2] as unknown as Record<string, unknown>).features = 'Watch';
    delete (report as Partial<typeof report>).summary;
    (report.features as unknown as Record<string, unknown>).source = 'guessed';
    const file = await write('bad.yaml', renderReportYaml(report));
    expect(await failure(file)).to.equal(
      `${file}: not a valid conformance report:\n` +
        '  features.source: expected one of claimed, inferred, got "guessed"\n' +
        '  summary: expected a mapping, got nothing\n' +
        '  tests[1].result: expected one of passed, failed, skipped, got "ok"\n' +
        '  tests[2].features: expected a list, got "Watch"',
    );
  });

  it('checks the per-feature decisions when a report has them', () => {
    const report = sampleReport();
    const decision = report.features.decisions?.[0] as unknown as Record<string, unknown>;
    decision.decidedBy = 'guessed';
    decision.flag = '--feature';
    delete decision.evidence;
    expect(reportProblems(report)).to.deep.equal([
      'features.decisions[0].decidedBy: expected one of claimed, inferred, got "guessed"',
      'features.decisions[0].flag: expected one of --features, --add-features, got "--feature"',
      'features.decisions[0].evidence: expected a string, got nothing',
    ]);
    delete report.features.decisions;
    expect(reportProblems(report)).to.deep.equal([]);
  });

  it('finds no problem in a sample report, and flags duplicate test ids', () => {
    expect(reportProblems(sampleReport())).to.deep.equal([]);
    const report = sampleReport();
    report.tests.push({ ...report.tests[0]! });
    expect(reportProblems(report)).to.deep.equal(['tests[3].id: duplicate test id "api-machinery/passes"']);
  });

  it('shows the first ten problems of a document with many', async () => {
    const report = sampleReport();
    report.tests = Array.from({ length: 12 }, (_, index) => ({
      ...report.tests[0]!,
      id: `t/${index}`,
      durationMs: -0,
    }));
    for (const test of report.tests) (test as unknown as Record<string, unknown>).level = 'MAY';
    const message = await failure(await write('many.yaml', renderReportYaml(report)));
    expect(message.split('\n')).to.have.length(12);
    expect(message).to.match(/\n {2}\.\.\. and 2 more$/);
  });
});
