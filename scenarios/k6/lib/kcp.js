// Shared by the k6 scenarios: configuration from the environment, the few kcp requests set-up
// and teardown make, errors counted by key, and the ScenarioResult (scenarios/framework/result.ts)
// that handleSummary writes, plus a compact text summary for stdout.
//
// k6 runs this file in its own JavaScript runtime (not Node): no npm modules, no filesystem
// besides open() in the init context, no network at start-up. Keep it plain JavaScript.
import http from 'k6/http';
import { sleep } from 'k6';
import { Counter } from 'k6/metrics';

export const RESULT_API_VERSION = 'kcp-harness.io/v1alpha1';

/** Every Trend is summarised with these, so latencies can fill LatencySummary. */
export const SUMMARY_TREND_STATS = ['count', 'min', 'avg', 'p(50)', 'p(90)', 'p(99)', 'max'];

export const WORKSPACES_PATH = '/apis/tenancy.kcp.io/v1alpha1/workspaces';

// ---------------------------------------------------------------------------------------------
// Configuration. Our variables are K6_KCP_* (plus K6_RESULT_OUT and K6_P99_MS): k6 itself reads
// K6_VUS, K6_DURATION, K6_ITERATIONS, ... as options that would replace the scenarios below.

function raw(name) {
  const value = __ENV[name];
  return value === undefined || value === '' ? undefined : value;
}

export function envString(name, fallback) {
  const value = raw(name);
  return value === undefined ? fallback : value;
}

/** A number from the environment; throws (k6 exits 107 with the message) when malformed. */
export function envNumber(name, fallback, { min = -Infinity, integer = false } = {}) {
  const value = raw(name);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < min || (integer && !Number.isInteger(number))) {
    throw new Error(`${name}=${value}: expected ${integer ? 'an integer' : 'a number'} >= ${min}`);
  }
  return number;
}

export function envBool(name, fallback = false) {
  const value = raw(name);
  if (value === undefined) return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new Error(`${name}=${value}: expected true or false`);
}

/**
 * Where and as whom. K6_KCP_SERVER is the server's base URL; a kubeconfig-style URL ending in
 * /clusters/<path> is accepted too and names the workspace to work under (else K6_KCP_PARENT,
 * default root).
 */
export function connectionFromEnv() {
  const server = raw('K6_KCP_SERVER');
  if (!server) {
    throw new Error(
      'K6_KCP_SERVER is not set: the base URL of the target, e.g. https://127.0.0.1:6443 (see scenarios/k6/README.md)',
    );
  }
  const match = /^(https?:\/\/[^/?#]+)(?:\/clusters\/([^/?#]+))?\/*$/.exec(server);
  if (!match)
    throw new Error(`K6_KCP_SERVER=${server}: expected https://host:port[/clusters/<workspace path>]`);
  const token = raw('K6_KCP_TOKEN');
  if (!token) throw new Error('K6_KCP_TOKEN is not set: a bearer token of the target (e.g. kcp-admin)');
  return {
    server: match[1],
    parent: envString('K6_KCP_PARENT', match[2] || 'root'),
    token,
    insecure: envBool('K6_KCP_INSECURE'),
  };
}

/** Options every scenario shares. */
export function commonOptions(connection, { setupTimeoutMs }) {
  const seconds = `${Math.ceil(setupTimeoutMs / 1000) + 30}s`;
  return {
    summaryTrendStats: SUMMARY_TREND_STATS,
    // Only when asked: the sound way to trust a private CA is SSL_CERT_FILE=<ca.crt> (Go on
    // Linux reads its roots from there), which keeps verification on.
    insecureSkipTLSVerify: connection.insecure,
    setupTimeout: seconds,
    teardownTimeout: seconds,
  };
}

// ---------------------------------------------------------------------------------------------
// Requests.

export function clusterUrl(connection, path) {
  return `${connection.server}/clusters/${path}`;
}

export const joinPath = (parent, name) => `${parent}:${name}`;

/** `<prefix>-<5 random [a-z0-9]>`, a DNS label like the harness's uniqueName(). */
export function uniqueName(prefix) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let suffix = '';
  for (let i = 0; i < 5; i += 1) suffix += alphabet[Math.floor(Math.random() * alphabet.length)];
  return `${prefix}-${suffix}`;
}

// Which answers count as expected (http_req_failed is the share of the others). Made once here.
export const EXPECT = {
  ok: http.expectedStatuses(200),
  created: http.expectedStatuses(201),
  /** Probing a new workspace's path: 403/404 mean "not yet", not failure. */
  probe: http.expectedStatuses(200, 403, 404),
  deleted: http.expectedStatuses(200, 202, 404),
  /** /version is informative only. */
  anyAnswer: http.expectedStatuses({ min: 200, max: 499 }),
};

/** One request as the target's user. `name` groups URLs in k6's own metrics (tag name). */
export function send(connection, method, url, body, { name, expect, timeoutMs }) {
  const params = {
    headers: { Authorization: `Bearer ${connection.token}`, Accept: 'application/json' },
    tags: { name },
    responseCallback: expect,
  };
  if (body !== undefined) params.headers['Content-Type'] = 'application/json';
  if (timeoutMs !== undefined) params.timeout = `${Math.max(1, Math.ceil(timeoutMs))}ms`;
  return http.request(method, url, body === undefined ? null : JSON.stringify(body), params);
}

function phaseOf(response) {
  try {
    return response.json('status.phase');
  } catch (_) {
    return undefined;
  }
}

export function workspaceObject(name) {
  return { apiVersion: 'tenancy.kcp.io/v1alpha1', kind: 'Workspace', metadata: { name }, spec: {} };
}

/** GET <parent>/workspaces/<name>: returns { status, phase }. */
export function getWorkspace(connection, parentPath, name, timeoutMs) {
  const response = send(
    connection,
    'GET',
    `${clusterUrl(connection, parentPath)}${WORKSPACES_PATH}/${name}`,
    undefined,
    {
      name: 'GET workspace',
      expect: EXPECT.ok,
      timeoutMs,
    },
  );
  return {
    status: response.status,
    phase: response.status === 200 ? phaseOf(response) : undefined,
    response,
  };
}

/**
 * Set-up work, not measured: creates `name` under `parentPath` and waits (bounded) until it is
 * Ready and answers at its own path. Throws with the reason, after deleting what it created.
 */
export function createUsableWorkspace(connection, parentPath, name, timeoutMs, pollMs = 100) {
  const path = joinPath(parentPath, name);
  const created = send(
    connection,
    'POST',
    `${clusterUrl(connection, parentPath)}${WORKSPACES_PATH}`,
    workspaceObject(name),
    {
      name: 'POST workspace (set-up)',
      expect: EXPECT.created,
    },
  );
  if (created.status !== 201) {
    throw new Error(
      `creating workspace ${path}: HTTP ${created.status} ${created.error || ''} ${String(created.body).slice(0, 300)}`,
    );
  }
  const deadline = Date.now() + timeoutMs;
  let last = 'not polled yet';
  for (;;) {
    const workspace = getWorkspace(connection, parentPath, name);
    if (workspace.phase === 'Ready') {
      const own = send(
        connection,
        'GET',
        `${clusterUrl(connection, path)}/api/v1/namespaces/default`,
        undefined,
        {
          name: 'GET namespace (set-up probe)',
          expect: EXPECT.probe,
        },
      );
      if (own.status === 200) return path;
      last = `Ready, but ${path} answers ${own.status}`;
    } else {
      last =
        workspace.status === 200 ? `phase ${workspace.phase || 'unset'}` : `GET answers ${workspace.status}`;
    }
    if (Date.now() + pollMs >= deadline) {
      deleteWorkspace(connection, parentPath, name, 0);
      throw new Error(`workspace ${path} not Ready and reachable within ${timeoutMs} ms (${last})`);
    }
    sleep(pollMs / 1000);
  }
}

/**
 * DELETE a workspace (its subtree and content go with it) and wait up to timeoutMs for it to
 * answer 404. Never throws: it runs in teardown. Returns { status, goneMs?, error? }.
 */
export function deleteWorkspace(connection, parentPath, name, timeoutMs, pollMs = 100) {
  const started = Date.now();
  const url = `${clusterUrl(connection, parentPath)}${WORKSPACES_PATH}/${name}`;
  const deleted = send(connection, 'DELETE', url, undefined, {
    name: 'DELETE workspace',
    expect: EXPECT.deleted,
  });
  if (deleted.status === 404) return { status: 404, goneMs: Date.now() - started };
  if (deleted.status !== 200 && deleted.status !== 202) {
    return { status: deleted.status, error: `DELETE answered ${deleted.status} ${deleted.error || ''}` };
  }
  while (Date.now() - started < timeoutMs) {
    const response = send(connection, 'GET', url, undefined, {
      name: 'GET workspace (deletion)',
      expect: EXPECT.deleted,
    });
    if (response.status === 404) return { status: deleted.status, goneMs: Date.now() - started };
    sleep(pollMs / 1000);
  }
  return { status: deleted.status, error: timeoutMs > 0 ? `still there after ${timeoutMs} ms` : undefined };
}

/**
 * What setup() learns about the target and the driver: /version's gitVersion (asked in the
 * working workspace, as kcp refuses the top-level /version to non-system users) and k6's version,
 * read from the User-Agent k6 sent ("Grafana k6/1.8.1") since scripts cannot ask k6 directly.
 */
export function probeTarget(connection) {
  const response = send(
    connection,
    'GET',
    `${clusterUrl(connection, connection.parent)}/version`,
    undefined,
    {
      name: 'GET version',
      expect: EXPECT.anyAnswer,
    },
  );
  if (response.status === 0) {
    throw new Error(
      `cannot reach ${connection.server}: ${response.error} (TLS: set SSL_CERT_FILE to the CA, or K6_KCP_INSECURE=true)`,
    );
  }
  if (response.status === 401) throw new Error(`${connection.server} refuses K6_KCP_TOKEN (401)`);
  let version;
  if (response.status === 200) {
    try {
      version = response.json('gitVersion') || undefined;
    } catch (_) {
      version = undefined;
    }
  }
  const agent =
    ((response.request && response.request.headers && response.request.headers['User-Agent']) || [])[0] || '';
  const match = /k6\/([0-9][^\s;]*)/.exec(agent);
  return { version, k6Version: match ? `v${match[1]}` : undefined };
}

// ---------------------------------------------------------------------------------------------
// Errors by key ("create 503", "create network", "ready timeout"), as the node drivers count them.
// k6 metrics must exist before the run and have plain names, so every key gets a Counter here.

const STATUSES = [400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 429, 500, 501, 502, 503, 504];

/** Keys for an operation: "<op> <status>", "<op> network", "<op> other". */
export function statusKeys(operation) {
  return [
    ...STATUSES.map((status) => `${operation} ${status}`),
    `${operation} network`,
    `${operation} other`,
  ];
}

export function statusKey(operation, status) {
  if (status === 0) return `${operation} network`;
  return STATUSES.includes(status) ? `${operation} ${status}` : `${operation} other`;
}

/** Must be called in the init context (k6 creates metrics only there), with every key it may count. */
export function errorCounters(keys) {
  const counters = {};
  for (const key of keys) counters[key] = new Counter(`kh_error_${key.replace(/[^A-Za-z0-9]+/g, '_')}`);
  return {
    add(key) {
      const counter = counters[key];
      if (!counter) throw new Error(`error key "${key}" was not declared`);
      counter.add(1);
    },
    /** { key: count } of the keys counted at least once, from handleSummary's data. */
    collect(data) {
      const errors = {};
      for (const key of keys) {
        const metric = data.metrics[counters[key].name];
        const count = metric && metric.values ? metric.values.count : 0;
        if (count > 0) errors[key] = count;
      }
      return errors;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Summary: ScenarioResult JSON plus a compact text summary. handleSummary runs in a fresh VU after
// the test, so what setup() learnt comes from data.setup_data.

/** The legacy summary shape (k6's default), the one this reads. */
export function checkSummaryShape(data) {
  if (!data || !data.metrics || Array.isArray(data.metrics) || !data.state) {
    throw new Error(
      'handleSummary got an unexpected summary shape; run without K6_NEW_MACHINE_READABLE_SUMMARY (kcp-harness reads the default one)',
    );
  }
}

/** LatencySummary of a Trend (ms), or undefined when it has no samples. */
export function latencyOf(data, metricName) {
  const metric = data.metrics[metricName];
  const values = metric && metric.values;
  if (!values || !values.count) return undefined;
  const round = (value) => Math.round(value * 1000) / 1000;
  return {
    count: values.count,
    minMs: round(values.min),
    meanMs: round(values.avg),
    p50Ms: round(values['p(50)']),
    p90Ms: round(values['p(90)']),
    p99Ms: round(values['p(99)']),
    maxMs: round(values.max),
  };
}

export function countOf(data, metricName) {
  const metric = data.metrics[metricName];
  return metric && metric.values && metric.values.count ? metric.values.count : 0;
}

export function harnessVersionFromPackage() {
  try {
    return JSON.parse(open('../../../package.json')).version || 'unknown';
  } catch (_) {
    return 'unknown';
  }
}

// open() works only in the init context, so the version is read when this module loads.
const HARNESS_VERSION = harnessVersionFromPackage();

const ENVIRONMENT_FIELDS = [
  'hostname',
  'platform',
  'arch',
  'cpus',
  'cpuModel',
  'memoryBytes',
  'node',
  'harnessVersion',
  'harnessCommit',
];

/**
 * EnvironmentInfo. k6 cannot read the machine's facts itself (open() fails on /proc), so the
 * caller may pass them as JSON in K6_KCP_ENVIRONMENT (any of the fields; driver is always ours);
 * what is missing says "unknown".
 */
export function environmentInfo(k6Version) {
  let given = {};
  const text = raw('K6_KCP_ENVIRONMENT');
  if (text) {
    try {
      given = JSON.parse(text) || {};
    } catch (error) {
      throw new Error(`K6_KCP_ENVIRONMENT is not JSON: ${error}`);
    }
  }
  const pick = {};
  for (const field of ENVIRONMENT_FIELDS)
    if (given[field] !== undefined && given[field] !== null) pick[field] = given[field];
  const environment = {
    hostname: String(pick.hostname || raw('HOSTNAME') || 'unknown'),
    platform: String(pick.platform || 'unknown'),
    arch: String(pick.arch || 'unknown'),
    cpus: Number(pick.cpus || 0),
    cpuModel: String(pick.cpuModel || 'unknown'),
    memoryBytes: Number(pick.memoryBytes || 0),
    node: String(pick.node || 'none (k6)'),
    harnessVersion: String(pick.harnessVersion || HARNESS_VERSION),
    driver: `k6 ${k6Version || 'unknown'}`,
  };
  if (pick.harnessCommit) environment.harnessCommit = String(pick.harnessCommit);
  return environment;
}

/** Where the result goes: K6_RESULT_OUT, default reports/latest/k6-<scenario>.json (relative to k6's working directory, which must hold the directory). */
export function resultPath(scenario) {
  return envString('K6_RESULT_OUT', `reports/latest/k6-${scenario}.json`);
}

/** Builds the ScenarioResult: exactly the fields of scenarios/framework/result.ts. */
export function buildResult({
  scenario,
  data,
  connection,
  parameters,
  metrics,
  latencies,
  errors,
  notes,
  partial,
}) {
  const setupData = data.setup_data || {};
  const finishedAt = new Date();
  const startedAt =
    setupData.startedAt || new Date(finishedAt.getTime() - data.state.testRunDurationMs).toISOString();
  const target = {
    kind: envString('K6_KCP_TARGET_KIND', 'kubeconfig'),
    describe: envString(
      'K6_KCP_TARGET_DESCRIBE',
      `${connection.server} as the K6_KCP_TOKEN bearer, under ${connection.parent}`,
    ),
    server: connection.server,
  };
  if (setupData.version) target.version = setupData.version;
  if (!data.setup_data) {
    // k6 still calls handleSummary when setup() threw; its error is on stderr.
    errors = { ...errors, 'set-up failed': 1 };
    notes = [...notes, 'set-up failed (see k6 error output): nothing was measured'];
  }
  return {
    apiVersion: RESULT_API_VERSION,
    kind: 'ScenarioResult',
    scenario,
    label: envString('K6_KCP_LABEL', 'k6'),
    startedAt,
    finishedAt: finishedAt.toISOString(),
    partial,
    parameters,
    target,
    environment: environmentInfo(setupData.k6Version),
    metrics,
    latencies,
    series: [],
    errors,
    notes,
  };
}

function formatMs(value) {
  if (value === undefined || value === null || Number.isNaN(value)) return '-';
  return value >= 1000 ? `${(value / 1000).toFixed(2)}s` : `${value.toFixed(2)}ms`;
}

function pad(text, width) {
  return text.length >= width ? `${text} ` : text + '.'.repeat(width - text.length);
}

/** A compact text summary (k6's own is not reachable from a script once handleSummary exists). */
export function textSummary(data, result, path) {
  const lines = [];
  const width = 28;
  lines.push('');
  lines.push(`  kcp-harness ${result.scenario} (${result.environment.driver}, label ${result.label})`);
  lines.push(`  target ${result.target.server}${result.target.version ? ` (${result.target.version})` : ''}`);
  lines.push('');
  const names = Object.keys(data.metrics).sort();
  for (const name of names) {
    const metric = data.metrics[name];
    const values = metric.values || {};
    if (name.indexOf('kh_') === 0) continue; // our bookkeeping: errors by key, timestamps
    let text;
    if (metric.type === 'trend') {
      if (!values.count) continue;
      const time = metric.contains === 'time';
      const show = (value) => (time ? formatMs(value) : String(Math.round(value * 100) / 100));
      text = `count=${values.count} avg=${show(values.avg)} p50=${show(values['p(50)'])} p90=${show(values['p(90)'])} p99=${show(values['p(99)'])} max=${show(values.max)}`;
    } else if (metric.type === 'counter') {
      text = `${values.count} (${(values.rate || 0).toFixed(2)}/s)`;
    } else if (metric.type === 'rate') {
      text = `${((values.rate || 0) * 100).toFixed(2)}% (${values.passes} of ${values.passes + values.fails})`;
    } else if (metric.type === 'gauge') {
      text = `${values.value} (min ${values.min}, max ${values.max})`;
    } else {
      continue;
    }
    lines.push(`    ${pad(name, width)}: ${text}`);
  }
  const thresholds = [];
  for (const name of names) {
    const metric = data.metrics[name];
    for (const source of Object.keys(metric.thresholds || {})) {
      thresholds.push(`    ${metric.thresholds[source].ok ? 'ok    ' : 'FAILED'} ${name}: ${source}`);
    }
  }
  if (thresholds.length > 0) {
    lines.push('');
    lines.push('  thresholds');
    lines.push(...thresholds);
  }
  lines.push('');
  const errorKeys = Object.keys(result.errors);
  lines.push(
    `  errors: ${errorKeys.length === 0 ? 'none' : errorKeys.map((key) => `${key}: ${result.errors[key]}`).join(', ')}`,
  );
  for (const metric of result.metrics)
    lines.push(`  ${metric.name}: ${Math.round(metric.value * 1000) / 1000} ${metric.unit}`);
  if (result.partial) lines.push('  PARTIAL: the run stopped before its plan was done');
  lines.push(`  result: ${path}`);
  lines.push('');
  return `${lines.join('\n')}\n`;
}

/**
 * JSON.stringify(value, null, 2), written out here: k6's runtime (sobek) indents everything after
 * an empty [] or {} one level too deep, and a result always holds `series: []`.
 */
export function prettyJson(value, indent = '') {
  if (value === null || typeof value !== 'object') return JSON.stringify(value === undefined ? null : value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + prettyJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value).filter(
    (key) => value[key] !== undefined && typeof value[key] !== 'function',
  );
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((key) => `${inner}${JSON.stringify(key)}: ${prettyJson(value[key], inner)}`).join(',\n')}\n${indent}}`;
}

/** handleSummary's return value: the result file and the text summary on stdout. */
export function summaryOutputs(scenario, data, result) {
  const path = resultPath(scenario);
  return { [path]: `${prettyJson(result)}\n`, stdout: textSummary(data, result, path) };
}
