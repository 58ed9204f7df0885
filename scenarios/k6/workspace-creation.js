// workspace-creation, driven by k6: how long a new workspace takes from its POST to phase Ready
// (create_to_ready) and to the first request its own path answers 200 (create_to_first_request).
//
// setup() creates a parent workspace kh-k6-<random> under K6_KCP_PARENT (default root) and waits
// until it is Ready; the VUs create workspaces w-<n> under it and poll each (bounded) until Ready;
// teardown() deletes the parent, which takes everything under it along.
//
//   K6_KCP_SERVER=https://127.0.0.1:6443 K6_KCP_TOKEN=... SSL_CERT_FILE=.kcp/ca.crt \
//     k6 run scenarios/k6/workspace-creation.js
//
// Closed loop by default (K6_KCP_VUS in flight until K6_KCP_WORKSPACES are done); with
// K6_KCP_RATE, open loop at that many creations per second. See scenarios/k6/README.md.
import exec from 'k6/execution';
import { sleep } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import * as kcp from './lib/kcp.js';

const SCENARIO = 'workspace-creation';

const connection = kcp.connectionFromEnv();
const workspaces = kcp.envNumber('K6_KCP_WORKSPACES', 20, { min: 1, integer: true });
const rate = kcp.envNumber('K6_KCP_RATE', undefined, { min: 0.001 });
// k6's shared-iterations refuses more VUs than iterations.
const vus = Math.min(kcp.envNumber('K6_KCP_VUS', 5, { min: 1, integer: true }), rate ? Infinity : workspaces);
const maxVus = kcp.envNumber('K6_KCP_MAX_VUS', Math.max(vus, 50), { min: vus, integer: true });
const readyTimeoutMs = kcp.envNumber('K6_KCP_READY_TIMEOUT_MS', 120000, { min: 1 });
const pollMs = kcp.envNumber('K6_KCP_POLL_MS', 50, { min: 1 });
const firstRequest = kcp.envBool('K6_KCP_FIRST_REQUEST', true);
const maxDuration = kcp.envString('K6_KCP_MAX_DURATION', '10m');
const p99Ms = kcp.envNumber('K6_P99_MS', 5000, { min: 0 });
const maxFailedRate = kcp.envNumber('K6_KCP_MAX_FAILED_RATE', 0.01, { min: 0 });
const maxFailedWorkspaces = kcp.envNumber('K6_KCP_MAX_FAILED_WORKSPACES', 0, { min: 0, integer: true });

/** kcp admits against caches that may lag, sheds load or fails transiently: retried, each counted. */
const RETRIED_STATUSES = [0, 403, 404, 429, 500, 502, 503, 504];
const MAX_CREATE_ATTEMPTS = 5;
const RETRY_BACKOFF_MS = 100;

const createToReady = new Trend('create_to_ready', true);
const createToFirstRequest = new Trend('create_to_first_request', true);
const workspacesReady = new Counter('workspaces_ready');
const workspacesFailed = new Counter('workspaces_failed');
/** When each workspace became usable, in ms since set-up ended (the first POST): throughput's clock. */
const doneAt = new Trend('kh_done_at_ms');
const errors = kcp.errorCounters([
  ...kcp.statusKeys('create'),
  ...kcp.statusKeys('create').map((key) => `${key} (retried)`),
  ...kcp.statusKeys('ready poll'),
  'ready timeout',
  'first request timeout',
]);

const scenario = rate
  ? {
      executor: 'constant-arrival-rate',
      rate,
      timeUnit: '1s',
      // k6 wants at least 1s; the guard in the default function keeps the count exact.
      duration: `${Math.max(1000, Math.round((workspaces / rate) * 1000))}ms`,
      preAllocatedVUs: vus,
      maxVUs: maxVus,
      gracefulStop: `${Math.ceil(readyTimeoutMs / 1000) + 10}s`,
    }
  : { executor: 'shared-iterations', vus, iterations: workspaces, maxDuration };

export const options = {
  ...kcp.commonOptions(connection, { setupTimeoutMs: readyTimeoutMs }),
  scenarios: { create: scenario },
  thresholds: {
    create_to_ready: [`p(99)<${p99Ms}`],
    http_req_failed: [`rate<${maxFailedRate}`],
    workspaces_failed: [`count<=${maxFailedWorkspaces}`],
  },
};

export function setup() {
  const startedAt = new Date().toISOString();
  const probe = kcp.probeTarget(connection);
  const parentName = kcp.uniqueName('kh-k6');
  const parentPath = kcp.createUsableWorkspace(connection, connection.parent, parentName, readyTimeoutMs);
  console.log(
    `workspace-creation: parent ${parentPath}; ${workspaces} workspaces, ${rate ? `${rate}/s` : `${vus} VUs`}`,
  );
  return {
    startedAt,
    parentName,
    parentPath,
    version: probe.version,
    k6Version: probe.k6Version,
    phaseStartMs: Date.now(),
  };
}

function fail(key) {
  errors.add(key);
  workspacesFailed.add(1);
}

export default function (data) {
  // An arrival-rate scenario may start one iteration more than rate × duration: keep the count exact.
  if (exec.scenario.iterationInTest >= workspaces) return;
  const name = `w-${exec.scenario.iterationInTest}`;
  const path = kcp.joinPath(data.parentPath, name);
  const parentUrl = kcp.clusterUrl(connection, data.parentPath);
  const start = Date.now();
  const deadline = start + readyTimeoutMs;

  for (let attempt = 1; ; attempt += 1) {
    const response = kcp.send(
      connection,
      'POST',
      `${parentUrl}${kcp.WORKSPACES_PATH}`,
      kcp.workspaceObject(name),
      {
        name: 'POST workspace',
        expect: kcp.EXPECT.created,
        timeoutMs: Math.max(1, deadline - Date.now()),
      },
    );
    if (response.status === 201) break;
    // A retry after a lost answer may find the first attempt's workspace: it was created.
    if (response.status === 409 && attempt > 1) break;
    const key = kcp.statusKey('create', response.status);
    if (
      !RETRIED_STATUSES.includes(response.status) ||
      attempt >= MAX_CREATE_ATTEMPTS ||
      Date.now() >= deadline
    ) {
      fail(key);
      return;
    }
    errors.add(`${key} (retried)`);
    sleep((RETRY_BACKOFF_MS * attempt) / 1000);
  }

  // Ready: polled every pollMs, so the value is late by up to pollMs plus one GET.
  for (;;) {
    const workspace = kcp.getWorkspace(connection, data.parentPath, name, Math.max(1, deadline - Date.now()));
    if (workspace.phase === 'Ready') {
      createToReady.add(Date.now() - start);
      break;
    }
    if (workspace.status !== 200) errors.add(kcp.statusKey('ready poll', workspace.status));
    if (Date.now() + pollMs >= deadline) {
      fail('ready timeout');
      return;
    }
    sleep(pollMs / 1000);
  }

  // Usable: the workspace's own path answers (403/404 while it resolves are "not yet").
  if (firstRequest) {
    const url = `${kcp.clusterUrl(connection, path)}/api/v1/namespaces/default`;
    for (;;) {
      const response = kcp.send(connection, 'GET', url, undefined, {
        name: 'GET namespace (first request)',
        expect: kcp.EXPECT.probe,
        timeoutMs: Math.max(1, deadline - Date.now()),
      });
      if (response.status === 200) {
        createToFirstRequest.add(Date.now() - start);
        break;
      }
      if (Date.now() + pollMs >= deadline) {
        fail('first request timeout');
        return;
      }
      sleep(pollMs / 1000);
    }
  }
  workspacesReady.add(1);
  doneAt.add(Date.now() - data.phaseStartMs);
}

export function teardown(data) {
  const deletion = kcp.deleteWorkspace(connection, connection.parent, data.parentName, readyTimeoutMs);
  if (deletion.error) console.warn(`deleting ${data.parentPath}: ${deletion.error}`);
  else console.log(`deleted ${data.parentPath} in ${deletion.goneMs} ms`);
}

export function handleSummary(data) {
  kcp.checkSummaryShape(data);
  const ready = kcp.countOf(data, 'workspaces_ready');
  const failed = kcp.countOf(data, 'workspaces_failed');
  const dropped = kcp.countOf(data, 'dropped_iterations');
  const lastDone = data.metrics.kh_done_at_ms;
  const phaseSeconds = lastDone && lastDone.values.count ? lastDone.values.max / 1000 : 0;
  const latencies = {};
  const toReady = kcp.latencyOf(data, 'create_to_ready');
  const toFirst = kcp.latencyOf(data, 'create_to_first_request');
  if (toReady) latencies.createToReady = toReady;
  if (toFirst) latencies.createToFirstRequest = toFirst;
  const metrics = [
    {
      name: 'readyWorkspacesPerSecond',
      value: phaseSeconds > 0 ? ready / phaseSeconds : 0,
      unit: 'workspaces/s',
      better: 'higher',
    },
  ];
  if (toReady) {
    metrics.push({ name: 'createToReadyP50Ms', value: toReady.p50Ms, unit: 'ms', better: 'lower' });
    metrics.push({ name: 'createToReadyP99Ms', value: toReady.p99Ms, unit: 'ms', better: 'lower' });
  }
  if (toFirst) {
    metrics.push({ name: 'createToFirstRequestP50Ms', value: toFirst.p50Ms, unit: 'ms', better: 'lower' });
    metrics.push({ name: 'createToFirstRequestP99Ms', value: toFirst.p99Ms, unit: 'ms', better: 'lower' });
  }
  const counted = errors.collect(data);
  if (dropped > 0) counted['dropped iterations'] = dropped;
  const setupData = data.setup_data || {};
  const notes = [
    rate
      ? `open loop (k6 constant-arrival-rate): ${rate} creations/s for ${workspaces / rate} s; latencies count from the actual POST, not the scheduled start, and starts k6 could not serve with ${maxVus} VUs are dropped and counted under "dropped iterations"`
      : `closed loop (k6 shared-iterations): ${vus} VUs create ${workspaces} workspaces one after another each`,
    `Ready is polled (GET of the Workspace every ${pollMs} ms), not watched: create-to-Ready is late by up to ${pollMs} ms plus one GET; k6 times in whole milliseconds`,
    firstRequest
      ? 'create-to-first-request: from the POST until GET /clusters/<path>/api/v1/namespaces/default answers 200, polled from Ready on'
      : 'first request not measured (K6_KCP_FIRST_REQUEST=false)',
    `readyWorkspacesPerSecond: usable workspaces over the time from the first POST to the last workspace usable (${phaseSeconds.toFixed(2)} s)`,
    `workspaces: ${ready} usable, ${failed} failed; created under ${setupData.parentPath || '(set-up failed)'}, deleted in teardown`,
  ];
  if (connection.insecure) notes.push('the server certificate was not verified (K6_KCP_INSECURE=true)');
  // Interrupted (Ctrl-C, maxDuration): fewer workspaces than planned were tried to the end.
  const partial = !data.setup_data || ready + failed + dropped < workspaces;
  const result = kcp.buildResult({
    scenario: SCENARIO,
    data,
    connection,
    parameters: {
      workspaces,
      mode: rate ? 'open-loop' : 'closed-loop',
      vus,
      ...(rate ? { rate, maxVus } : { maxDuration }),
      readyTimeoutMs,
      pollMs,
      firstRequest,
      parent: setupData.parentPath,
      thresholds: {
        createToReadyP99Ms: p99Ms,
        httpReqFailedRate: maxFailedRate,
        failedWorkspaces: maxFailedWorkspaces,
      },
    },
    metrics,
    latencies,
    errors: counted,
    notes,
    partial,
  });
  return kcp.summaryOutputs(SCENARIO, data, result);
}
