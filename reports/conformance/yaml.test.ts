import { expect } from 'chai';
import { parseReportYaml, renderReportYaml } from './yaml.js';
import { HOSTILE, sampleReport } from './sample-report.js';

describe('conformance-report.yaml', () => {
  it('round-trips a report unchanged', () => {
    const report = sampleReport();
    expect(parseReportYaml(renderReportYaml(report))).to.deep.equal(report);
  });

  it('keeps hostile strings and multi-line errors intact', () => {
    const parsed = parseReportYaml(renderReportYaml(sampleReport()));
    expect(parsed.tests[1]?.error).to.equal(`expected 404, got 500: ${HOSTILE}\nsecond line`);
  });

  it('starts with apiVersion and kind', () => {
    const text = renderReportYaml(sampleReport());
    expect(text.split('\n').slice(0, 2)).to.deep.equal([
      'apiVersion: kcp-harness.io/v1alpha1',
      'kind: ConformanceReport',
    ]);
  });

  it('writes no YAML anchors or aliases even when values are shared', () => {
    const report = sampleReport();
    report.features.supported = report.features.inferred;
    expect(renderReportYaml(report)).not.to.match(/[&*]a\d/);
  });

  it('rejects a document of another kind', () => {
    expect(() => parseReportYaml('apiVersion: v1\nkind: ConfigMap\n')).to.throw(
      /expected kcp-harness.io\/v1alpha1/,
    );
  });
});
