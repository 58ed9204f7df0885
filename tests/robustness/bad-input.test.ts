// The bad-input corpus (scenarios/bad-input) against the reference server: seeded malformed and
// abusive requests, none of which may get a 5xx, go unanswered, or leave a workspace that no
// longer works. CI runs the first 2,000 of the corpus (about a minute here); the whole 10,000 run
// through `kcp-harness bench bad-input` (or KH_BAD_INPUT_COUNT=10000). How long /readyz stalls
// is reported, not asserted (a figure for the bench, not a timed test).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Agent } from 'node:https';
import { loadConnection } from '../../suites/framework/http/connection.js';
import { runCorpus, totals, type CorpusResult } from '../../scenarios/bad-input/run-corpus.js';
import { prepareWorkspaces } from '../../scenarios/bad-input/setup.js';
import { rawAgent } from '../../scenarios/bad-input/send-raw.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

const SEED = Number(process.env.KH_BAD_INPUT_SEED ?? 20261208);
const COUNT = Number(process.env.KH_BAD_INPUT_COUNT ?? 2_000);

describe('bad-input corpus against the reference server', function () {
  this.timeout(600_000);
  let rootDirectory: string | undefined;
  let server: ServerProcess | undefined;
  let agent: Agent | undefined;
  let result: CorpusResult;

  before(async function () {
    rootDirectory = await mkdtemp(join(tmpdir(), 'kcp-harness-bad-input-'));
    server = await startServerProcess({ rootDirectory });
    const connection = await loadConnection(server.kubeconfigPath, 'root');
    agent = rawAgent(connection.tls, 16);
    const base = { origin: server.url, agent, auth: connection.headers };
    const workspaces = await prepareWorkspaces(base, 'root', [
      'kh-bad-0',
      'kh-bad-1',
      'kh-bad-2',
      'kh-bad-3',
    ]);
    result = await runCorpus(
      { ...base, workspaces },
      { seed: SEED, count: COUNT, concurrency: 8, timeoutMs: 30_000 },
    );
    const sum = totals(result);
    console.log(
      `      bad-input seed ${SEED}: ${COUNT} requests in ${result.durationMs} ms: ${sum['2xx']} 2xx, ${sum['4xx']} 4xx, ` +
        `${sum['5xx']} 5xx, ${sum.unanswered} unanswered, ${sum.unsendable} unsendable; /readyz max ` +
        `${result.readyz.maxMs} ms, p99 ${result.readyz.p99Ms} ms, ${result.readyz.over100ms} of ${result.readyz.probes} over 100 ms`,
    );
  });

  after(async function () {
    agent?.destroy();
    await server?.stop();
    if (rootDirectory) await rm(rootDirectory, { recursive: true, force: true });
  });

  const describeFindings = () =>
    result.findings
      .slice(0, 20)
      .map(
        (f) =>
          `#${f.index} ${f.kind} ${f.method} ${f.path} -> ${f.status} ${f.error ?? ''} ${f.excerpt.slice(0, 160)}`,
      )
      .join('\n');

  it('answers every request, none with a 5xx', function () {
    const sum = totals(result);
    expect(sum.sent).to.equal(COUNT);
    expect(sum['5xx'] + sum.unanswered, describeFindings()).to.equal(0);
  });

  it('leaves every workspace working for its admin and an ordinary user', function () {
    expect(result.poisoned, JSON.stringify(result.poisoned, null, 2)).to.deep.equal([]);
  });

  it('covers every class of the corpus and gets past decoding in some of them', function () {
    const sum = totals(result);
    // Most of the corpus is refused, and some of it must be accepted, or the canary checks nothing.
    expect(sum['4xx']).to.be.greaterThan(COUNT / 2);
    expect(sum['2xx']).to.be.greaterThan(100);
    expect(sum.unsendable).to.be.lessThan(COUNT / 50);
  });
});
