import { expect } from 'chai';
import { diffReports } from './diff.js';
import { type ConformanceDiffDocument, renderDiffJson } from './diff-json.js';
import { baselineReport, otherReport } from './diff-sample.js';

describe('conformance diff as JSON', () => {
  const diff = diffReports(
    { file: 'a.yaml', report: baselineReport() },
    { file: 'b.yaml', report: otherReport() },
  );
  const parse = (all: boolean) => JSON.parse(renderDiffJson(diff, { all })) as ConformanceDiffDocument;

  it('is a typed ConformanceDiff document with both sides, counts, features and regressions', () => {
    const document = parse(false);
    expect([document.apiVersion, document.kind]).to.deep.equal([
      'kcp-harness.io/v1alpha1',
      'ConformanceDiff',
    ]);
    expect(document.a.implementation).to.deep.equal({ name: 'kcp', version: 'v1.0.0' });
    expect(document.b.file).to.equal('b.yaml');
    expect(document.counts).to.deep.equal(diff.counts);
    expect(document.features).to.deep.equal(diff.features);
    expect(document.regressions).to.deep.equal(['a/regressed', 'a/skipped-on-b', 'a/gone-passed']);
  });

  it('keeps full error texts, and leaves out the same tests unless --all', () => {
    const document = parse(false);
    const regressed = document.tests.find((test) => test.id === 'a/regressed');
    expect(regressed?.b?.error).to.equal('expected 200, got 403\nsecond line of the error');
    expect(document.tests.some((test) => test.group === 'same')).to.equal(false);
    expect(document.tests).to.have.length(8);
    expect(parse(true).tests).to.have.length(10);
  });
});
