// What each scenario measures, in words, for the top of its report section. The numbers, the
// parameters and the scenario's own notes follow it; this only says what they are numbers of.
import type { ScenarioName } from '../../scenarios/framework/result.js';

export const SCENARIO_TITLES: Record<ScenarioName, string> = {
  'workspace-creation': 'Workspace creation',
  'memory-per-workspace': 'Memory per workspace',
  'api-throughput': 'API throughput',
  'watch-latency': 'Watch latency',
  capacity: 'Capacity',
  authorization: 'Authorization',
  'crd-footprint': 'CRD footprint',
  'api-binding': 'API binding',
  'virtual-workspace': 'APIExport virtual workspace',
  'bad-input': 'Bad input',
};

export const SCENARIO_DESCRIPTIONS: Record<ScenarioName, string> = {
  'workspace-creation':
    'Creates workspaces (flat, or as a tree of a given depth and fan-out) at a fixed concurrency or ' +
    'rate, and times each one from its create request until a watch sees it Ready, and until a first ' +
    'request inside it succeeds. Reports the latency percentiles, the creation rate achieved and the ' +
    'errors by HTTP status.',
  'memory-per-workspace':
    'Grows the number of workspaces in steps and samples the resident memory (RSS) of the server ' +
    'at each step once it has settled. Bytes per workspace is the slope of a least-squares line ' +
    'through the samples; R² says how well a line fits them.',
  'api-throughput':
    'Sends requests of each API verb on ConfigMaps (GET, LIST and CREATE by default; UPDATE, PATCH, ' +
    'server-side APPLY and DELETE on request) spread over many workspaces and reports requests per ' +
    'second and the latency percentiles of each operation.',
  'watch-latency':
    'Keeps watchers open across many workspaces, writes objects, and times each event from the ' +
    'acknowledgement of the write until a watcher receives it. Events lost must be zero.',
  capacity:
    'Searches for the highest workspace creation rate the target sustains while p99 ' +
    'create→Ready stays under the SLO given for the run: the rate doubles until the SLO is ' +
    'missed, then bisects.',
  authorization:
    'Measures what authorizing a request costs: the latency and requests per second of GETting one ' +
    'ConfigMap as a user whose RoleBinding sits among N other RoleBindings (with the server-side ' +
    'authorizer time when the target exports it), and the resident memory the authorizer needs to ' +
    "hold many workspaces' RBAC, per cached workspace.",
  'crd-footprint':
    'Creates N CustomResourceDefinitions in one workspace and one CRD in each of W workspaces, and ' +
    'samples the resident memory before and after each (once settled) for bytes per CRD; also times ' +
    'CRDs until Established and compares the create latency of custom objects (schema validation, ' +
    'pruning, defaulting) with ConfigMaps of about the same size.',
  'api-binding':
    'APIs as a service: a provider workspace exports a small namespaced kind through an APIExport and ' +
    'consumer workspaces bind it. At each step the resident memory is sampled (once settled) with the ' +
    "step's new workspaces still unbound and again after binding them, so bytes per binding (the slope " +
    'of the accumulated difference) is kept apart from bytes per bare workspace. Then more consumers ' +
    'are bound and each binding is timed from its create request until a watch sees it Bound, and ' +
    'objects of the bound resource are created against ConfigMaps of the same size. Design target: ' +
    'under 2 KB of RSS per binding, Bound in under 50 ms p99 at 1,000 bindings.',
  'virtual-workspace':
    "A provider controller's view through its APIExport virtual workspace: consumer workspaces bind " +
    'the export and create one object each; the provider lists all of them at /clusters/* (timed) and ' +
    'watches from that list while objects are created in the consumers at a steady rate, each timed ' +
    "from its create request until the provider's watch delivers it. Lost and duplicated events are " +
    'counted (both must be 0); the resident memory is sampled (once settled) before the consumers, ' +
    'once they are bound and with the watch open, for bytes per bound consumer.',
  'bad-input':
    'A seeded, deterministic corpus of malformed and abusive requests (broken and byte-flipped JSON, ' +
    'wrongly typed fields, huge values and entry counts, deep nesting, invalid UTF-8, protobuf garbage, ' +
    'malformed paths, percent-encodings and queries, odd methods, invalid patches of every kind incl. apply ' +
    'YAML with anchors and tags, illegal names, header abuse) sent into a few fresh workspaces. Counted: ' +
    'answers that are 5xx, requests without an answer, and workspaces that stop working after an accepted ' +
    'write (a canary request as the admin and as an ordinary user after each one); all three must be 0. ' +
    '/readyz is probed all along: its stalls say whether one request holds the server for everyone.',
};
