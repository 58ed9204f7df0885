// `npm start`: boots the reference server, runs every conformance suite against it (DEFAULT_PARALLEL
// tests at once), then a short scale run (start-scale.ts); writes reports/latest/
// (conformance-report.yaml, junit.xml, conformance.log, index.html), stops the server and says
// where the report is and how long each part took. Ctrl-C stops the running tests; the server is
// still stopped, its directory removed and the partial report written.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPORT_FILES } from '../reports/conformance/write.js';
import { Feature } from '../suites/framework/features.js';
import { runShortScale, SHORT_SCALE_PARAMETERS } from './start-scale.js';
import { interruptOnSignals } from '../suites/framework/interrupt.js';
import { describeError } from '../suites/framework/runner.js';
import { DEFAULT_REPORT_DIR, runConformance } from '../suites/framework/run-conformance.js';
import { DEFAULT_PARALLEL } from '../suites/framework/schedule.js';

/**
 * The server sends a BOOKMARK every 5 s instead of kube's minute, so that watch/bookmarks does not
 * hold the whole run for a minute; `kcp-harness conformance --target reference` keeps the minute.
 * The report's target line names the flag.
 */
const SERVER_ARGS = ['--watch-bookmark-interval', '5'];
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const started = performance.now();

const reportDir = resolve(DEFAULT_REPORT_DIR);
const interrupt = interruptOnSignals((name) =>
  process.stderr.write(
    `\n${name}: stopping the running tests and writing the partial report; press again to exit now\n`,
  ),
);

try {
  process.stdout.write(
    `kcp-harness: starting the reference server (serve ${SERVER_ARGS.join(' ')}) and running every ` +
      `conformance suite, ${DEFAULT_PARALLEL} tests at once\n`,
  );
  const report = await runConformance({
    target: { kind: 'reference', serverArgs: SERVER_ARGS },
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
  const conformanceDone = performance.now();
  let scalePartial = false;
  if (!interrupt.signal.aborted) {
    process.stdout.write('\nkcp-harness: short scale run, a fresh reference server per scenario\n');
    for (const line of SHORT_SCALE_PARAMETERS) process.stdout.write(`  ${line}\n`);
    const scale = await runShortScale(reportDir, interrupt.signal);
    scalePartial = scale.partial;
    process.stdout.write(`scale report: ${scale.html}\n`);
  }
  const now = performance.now();
  process.stdout.write(
    `\ntook ${seconds(now - started)}: conformance ${seconds(conformanceDone - started)}, ` +
      `scale ${seconds(now - conformanceDone)} (the build before it not counted)\n`,
  );
  process.exitCode = summary.failed > 0 ? 1 : summary.interrupted || scalePartial ? 130 : 0;
} catch (error) {
  process.stderr.write(`kcp-harness: the run could not complete: ${describeError(error)}\n`);
  process.stderr.write(`log: ${resolve(reportDir, REPORT_FILES.log)}\n`);
  process.exitCode = interrupt.signal.aborted ? 130 : 1;
} finally {
  interrupt.dispose();
}
