// api-throughput, driven by k6: requests per second and latency of GET (one ConfigMap), LIST (a
// namespace of seeded ConfigMaps) and CREATE (ConfigMaps with fresh names) in one workspace.
//
// setup() creates a workspace kh-k6-<random> under K6_KCP_PARENT (default root), waits until it
// is usable and seeds it; then each operation runs K6_KCP_DURATION seconds, one after the other
// (get, list, create: LIST before CREATE so the listed collection keeps its seeded size);
// teardown() deletes the workspace.
//
//   K6_KCP_SERVER=https://127.0.0.1:6443 K6_KCP_TOKEN=... SSL_CERT_FILE=.kcp/ca.crt \
//     k6 run scenarios/k6/api-throughput.js
//
// Closed loop by default (K6_KCP_VUS busy VUs per operation); with K6_KCP_RATE, open loop at
// that many requests per second per operation. See scenarios/k6/README.md.
import exec from 'k6/execution';
import { Counter, Trend } from 'k6/metrics';
import * as kcp from './lib/kcp.js';

const SCENARIO = 'api-throughput';
const OPERATIONS = ['get', 'list', 'create'];
const NAMESPACE = 'default';
/** What GET reads; with the list seeds, what LIST returns (plus kube-root-ca.crt). Same as the node driver. */
const GET_TARGET = 'kh-bench-get';
const LIST_SEED_COUNT = 10;

const connection = kcp.connectionFromEnv();
const vus = kcp.envNumber('K6_KCP_VUS', 4, { min: 1, integer: true });
const durationSec = kcp.envNumber('K6_KCP_DURATION', 10, { min: 1, integer: true });
const rate = kcp.envNumber('K6_KCP_RATE', undefined, { min: 0.001 });
const maxVus = kcp.envNumber('K6_KCP_MAX_VUS', Math.max(vus, 50), { min: vus, integer: true });
const readyTimeoutMs = kcp.envNumber('K6_KCP_READY_TIMEOUT_MS', 120000, { min: 1 });
const p99Ms = kcp.envNumber('K6_P99_MS', 1000, { min: 0 });
const maxFailedRate = kcp.envNumber('K6_KCP_MAX_FAILED_RATE', 0.01, { min: 0 });

const latency = {};
const succeeded = {};
const answeredAt = {};
for (const operation of OPERATIONS) {
  latency[operation] = new Trend(`${operation}_configmap${operation === 'list' ? 's' : ''}`, true);
  succeeded[operation] = new Counter(`${operation}_ok`);
  // When each answer came, in ms since set-up ended: tells an interrupted phase's real length.
  answeredAt[operation] = new Trend(`kh_${operation}_at_ms`);
}
const errors = kcp.errorCounters(OPERATIONS.flatMap((operation) => kcp.statusKeys(operation)));

function phase(operation, index) {
  const common = { exec: operation, startTime: `${index * durationSec}s`, gracefulStop: '10s' };
  return rate
    ? {
        ...common,
        executor: 'constant-arrival-rate',
        rate,
        timeUnit: '1s',
        duration: `${durationSec}s`,
        preAllocatedVUs: vus,
        maxVUs: maxVus,
      }
    : { ...common, executor: 'constant-vus', vus, duration: `${durationSec}s` };
}

const thresholds = { http_req_failed: [`rate<${maxFailedRate}`] };
for (const operation of OPERATIONS) thresholds[latency[operation].name] = [`p(99)<${p99Ms}`];

export const options = {
  ...kcp.commonOptions(connection, { setupTimeoutMs: readyTimeoutMs }),
  scenarios: Object.fromEntries(OPERATIONS.map((operation, index) => [operation, phase(operation, index)])),
  thresholds,
};

const configMap = (name, data) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
const collection = (workspacePath) =>
  `${kcp.clusterUrl(connection, workspacePath)}/api/v1/namespaces/${NAMESPACE}/configmaps`;

export function setup() {
  const startedAt = new Date().toISOString();
  const probe = kcp.probeTarget(connection);
  const name = kcp.uniqueName('kh-k6');
  const path = kcp.createUsableWorkspace(connection, connection.parent, name, readyTimeoutMs);
  const names = [GET_TARGET, ...Array.from({ length: LIST_SEED_COUNT - 1 }, (_, i) => `kh-bench-list-${i}`)];
  for (const seed of names) {
    const response = kcp.send(connection, 'POST', collection(path), configMap(seed, { seeded: 'true' }), {
      name: 'POST configmap (seed)',
      expect: kcp.EXPECT.created,
    });
    if (response.status !== 201) {
      kcp.deleteWorkspace(connection, connection.parent, name, 0);
      throw new Error(
        `seeding ConfigMap ${seed} in ${path}: HTTP ${response.status} ${String(response.body).slice(0, 300)}`,
      );
    }
  }
  console.log(
    `api-throughput: workspace ${path}; ${durationSec} s per operation, ${rate ? `${rate} req/s` : `${vus} VUs`}`,
  );
  return {
    startedAt,
    workspaceName: name,
    workspacePath: path,
    version: probe.version,
    k6Version: probe.k6Version,
    phaseStartMs: Date.now(),
  };
}

/** The answer each operation expects; anything else is counted as an error under its status. */
const expectation = {
  get: { status: 200, callback: kcp.EXPECT.ok },
  list: { status: 200, callback: kcp.EXPECT.ok },
  create: { status: 201, callback: kcp.EXPECT.created },
};

function run(data, operation, url, body, method) {
  const expected = expectation[operation];
  const response = kcp.send(connection, method, url, body, {
    name: `${operation} configmap`,
    expect: expected.callback,
  });
  answeredAt[operation].add(Date.now() - data.phaseStartMs);
  if (response.status === expected.status) {
    latency[operation].add(response.timings.duration);
    succeeded[operation].add(1);
  } else {
    errors.add(kcp.statusKey(operation, response.status));
  }
}

export function get(data) {
  run(data, 'get', `${collection(data.workspacePath)}/${GET_TARGET}`, undefined, 'GET');
}

export function list(data) {
  run(data, 'list', collection(data.workspacePath), undefined, 'GET');
}

export function create(data) {
  const sequence = exec.scenario.iterationInTest;
  run(
    data,
    'create',
    collection(data.workspacePath),
    configMap(`kh-c-${sequence}`, { sequence: String(sequence) }),
    'POST',
  );
}

export function teardown(data) {
  const deletion = kcp.deleteWorkspace(connection, connection.parent, data.workspaceName, readyTimeoutMs);
  if (deletion.error) console.warn(`deleting ${data.workspacePath}: ${deletion.error}`);
  else console.log(`deleted ${data.workspacePath} in ${deletion.goneMs} ms`);
}

export function handleSummary(data) {
  kcp.checkSummaryShape(data);
  const latencies = {};
  const metrics = [];
  const sent = {};
  const seconds = {};
  // A phase whose last answer came (nearly) at its planned end ran in full; an interrupted one
  // counts until its last answer. Open loop: the last start may come one interval before the end.
  const toleranceMs = Math.min(1000, durationSec * 100) + (rate ? 1000 / rate : 0);
  OPERATIONS.forEach((operation, index) => {
    const at = data.metrics[`kh_${operation}_at_ms`];
    const endMs = at && at.values.count ? at.values.max - index * durationSec * 1000 : 0;
    seconds[operation] = endMs >= durationSec * 1000 - toleranceMs ? durationSec : Math.max(0, endMs / 1000);
  });
  for (const operation of OPERATIONS) {
    const ok = kcp.countOf(data, `${operation}_ok`);
    const summary = kcp.latencyOf(data, latency[operation].name);
    sent[operation] = ok;
    metrics.push({
      name: `${operation}RequestsPerSecond`,
      value: seconds[operation] > 0 ? ok / seconds[operation] : 0,
      unit: 'req/s',
      better: 'higher',
    });
    if (summary) {
      latencies[operation] = summary;
      metrics.push({ name: `${operation}LatencyP50Ms`, value: summary.p50Ms, unit: 'ms', better: 'lower' });
      metrics.push({ name: `${operation}LatencyP99Ms`, value: summary.p99Ms, unit: 'ms', better: 'lower' });
    }
  }
  const counted = errors.collect(data);
  for (const key of Object.keys(counted)) sent[key.split(' ')[0]] += counted[key];
  const dropped = kcp.countOf(data, 'dropped_iterations');
  if (dropped > 0) counted['dropped iterations'] = dropped;
  const setupData = data.setup_data || {};
  const notes = [
    rate
      ? `open loop (k6 constant-arrival-rate): ${rate} req/s per operation with up to ${maxVus} VUs; latency runs from send to answer (k6 does not count the wait for a free VU; starts it could not serve are dropped and counted under "dropped iterations")`
      : `closed loop (k6 constant-vus): ${vus} VUs send one request after another; latency runs from send to answer, so it is not corrected for coordinated omission (use K6_KCP_RATE for that)`,
    `each operation runs ${durationSec} s, one after the other (${OPERATIONS.join(', ')}); req/s counts 2xx answers only, over the planned ${durationSec} s (an interrupted phase: until its last answer); latencies are of 2xx answers (k6 http_req_duration: sending + waiting + receiving, connection set-up excluded)`,
    `GET reads one ConfigMap, LIST reads a namespace holding ${LIST_SEED_COUNT} seeded ConfigMaps plus kube-root-ca.crt, CREATE posts ConfigMaps with fresh names; all in ${setupData.workspacePath || '(set-up failed)'}, deleted in teardown`,
  ];
  if (connection.insecure) notes.push('the server certificate was not verified (K6_KCP_INSECURE=true)');
  // Interrupted (Ctrl-C): some phase stopped well before its planned end.
  const partial = !data.setup_data || OPERATIONS.some((operation) => seconds[operation] < durationSec);
  const result = kcp.buildResult({
    scenario: SCENARIO,
    data,
    connection,
    parameters: {
      duration: durationSec,
      mode: rate ? 'open-loop' : 'closed-loop',
      vus,
      ...(rate ? { rate, maxVus } : {}),
      workspaces: 1,
      operations: OPERATIONS,
      listSize: LIST_SEED_COUNT + 1,
      workspace: setupData.workspacePath,
      readyTimeoutMs,
      sent,
      phaseSeconds: seconds,
      thresholds: { latencyP99Ms: p99Ms, httpReqFailedRate: maxFailedRate },
    },
    metrics,
    latencies,
    errors: counted,
    notes,
    partial,
  });
  return kcp.summaryOutputs(SCENARIO, data, result);
}
