// `npm start`: boots the reference server, runs every conformance suite against it, then a short
// scale run (start-scale.ts); writes
// reports/latest/ (conformance-report.yaml, junit.xml, conformance.log, index.html), stops the
// server and says where the report is. Ctrl-C stops the run after the current test; the server
// is still stopped, its directory removed and the partial report written.
import { resolve } from 'node:path';
import { REPORT_FILES } from '../reports/conformance/write.js';
import { Feature } from '../suites/framework/features.js';
import { runShortScale } from './start-scale.js';
import { interruptOnSignals } from '../suites/framework/interrupt.js';
import { describeError } from '../suites/framework/runner.js';
import { DEFAULT_REPORT_DIR, runConformance } from '../suites/framework/run-conformance.js';

const reportDir = resolve(DEFAULT_REPORT_DIR);
const interrupt = interruptOnSignals((name) =>
  process.stderr.write(
    `\n${name}: stopping after the current test and writing the partial report; press again to exit now\n`,
  ),
);

try {
  process.stdout.write('kcp-harness: starting the reference server and running every conformance suite\n');
  const report = await runConformance({
    target: { kind: 'reference' },
    // Discovery cannot show wildcard support (kcp serves it only to system:masters on a shard);
    // our own server is known to serve it, so the run claims it instead of skipping its tests.
    addFeatures: [Feature.WildcardRequests],
    reportDir,
    signal: interrupt.signal,
    onProgress: (line) => process.stdout.write(`${line}\n`),
  });
  const { summary } = report;
  process.stdout.write(
    `\n${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped` +
      `${summary.interrupted ? ' (interrupted)' : ''}\n` +
      `report: ${resolve(reportDir, REPORT_FILES.html)}\n` +
      `        ${resolve(reportDir, REPORT_FILES.yaml)}, ${REPORT_FILES.junit}, ${REPORT_FILES.log}\n`,
  );
  let scalePartial = false;
  if (!interrupt.signal.aborted) {
    process.stdout.write('\nkcp-harness: short scale run (workspace creation, memory per workspace)\n');
    const scale = await runShortScale(reportDir, interrupt.signal);
    scalePartial = scale.partial;
    process.stdout.write(`scale report: ${scale.html}\n`);
  }
  process.exitCode = summary.failed > 0 ? 1 : summary.interrupted || scalePartial ? 130 : 0;
} catch (error) {
  process.stderr.write(`kcp-harness: the run could not complete: ${describeError(error)}\n`);
  process.stderr.write(`log: ${resolve(reportDir, REPORT_FILES.log)}\n`);
  process.exitCode = interrupt.signal.aborted ? 130 : 1;
} finally {
  interrupt.dispose();
}
