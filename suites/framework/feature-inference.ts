// Infers supported features from the target's discovery documents and a few probes (the kcp
// analogue of Gateway API's GatewayClass.status.supportedFeatures, GEP-2162). Each rule is a fact
// a Kubernetes-like server advertises about itself, or what a probe's answer body shows (a 200 is
// not evidence when the body can say otherwise: a watch whose first event is ERROR, a /metrics
// page that is not Prometheus text). Every feature a rule looks at gets a decision with its
// evidence, supported or not, for the report. Behaviour that discovery cannot show (e.g.
// wildcard requests) is never inferred: it must be claimed.
import { clusterUrl, serverOf } from './cluster-paths.js';
import { Feature, type FeatureName } from './features.js';
import type { ClusterClient } from './http/client.js';
import { probeWatchList } from './watch-list-probe.js';

interface APIResource {
  name: string;
  verbs?: string[];
}

/** What inference concluded about one feature, and why. */
export interface InferenceDecision {
  feature: FeatureName;
  supported: boolean;
  /** e.g. "discovery lists apiextensions.k8s.io/v1 customresourcedefinitions: create, get, delete". */
  evidence: string;
}

export interface InferredFeatures {
  /** The supported ones, sorted. */
  features: FeatureName[];
  /** One per feature inference rules on, in rule order. */
  decisions: InferenceDecision[];
  /** The requests asked and their status codes, for conformance.log. */
  evidence: string[];
}

/** How long the WatchList probe waits for its bookmark. */
const WATCH_LIST_PROBE_MS = 10_000;

/** The Accept value (and response Content-Type) of aggregated discovery v2. */
const AGGREGATED_DISCOVERY = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** The Accept value kubectl get sends for server-side printing. */
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

const hasVerbs = (resource: APIResource | undefined, verbs: readonly string[]): boolean =>
  resource !== undefined && verbs.every((verb) => resource.verbs?.includes(verb));

/** Reads one group version's resource list; an error or non-list answer counts as "no resources". */
async function resourcesOf(
  client: ClusterClient,
  path: string,
  evidence: string[],
  signal?: AbortSignal,
): Promise<(name: string) => APIResource | undefined> {
  const response = await client.get<{ kind?: string; resources?: APIResource[] }>(path, { signal });
  evidence.push(`GET ${response.url} -> ${response.status}`);
  const resources =
    response.status === 200 && Array.isArray(response.body?.resources) ? response.body.resources : [];
  return (name) => resources.find((resource) => resource.name === name);
}

/** The group names /apis lists; none when it does not answer a list. */
async function apiGroupsOf(
  client: ClusterClient,
  evidence: string[],
  signal?: AbortSignal,
): Promise<string[]> {
  const apis = await client.get<{ groups?: { name: string }[] }>('/apis', { signal });
  evidence.push(`GET ${apis.url} -> ${apis.status}`);
  return apis.status === 200 && Array.isArray(apis.body?.groups)
    ? apis.body.groups.map((group) => group.name)
    : [];
}

const TENANCY_VERSION_PATH = '/apis/tenancy.kcp.io/v1alpha1';

/** What WorkspaceTypes add to a workspace's life, decided together. */
const lifecycleFeatures = [
  Feature.WorkspaceInitializers,
  Feature.InitializingWorkspacesVirtualWorkspace,
  Feature.WorkspaceTerminators,
  Feature.TerminatingWorkspacesVirtualWorkspace,
  Feature.LifecyclePermissions,
] as const;
/** The Workspaces rule, shared by inferFeatures and detectWorkspaces: [served, evidence]. */
const workspacesRule = (tenancy: (name: string) => APIResource | undefined): [boolean, string] =>
  servedWith('tenancy.kcp.io/v1alpha1', 'workspaces', tenancy('workspaces'), [
    'create',
    'get',
    'list',
    'delete',
  ]);

export interface WorkspacesDetection {
  served: boolean;
  /** The requests asked and the rule's answer, for logs and results. */
  evidence: string[];
}

/**
 * The Workspaces rule of inferFeatures on its own, for callers that need only that answer: the
 * bench uses it to decide between a workspace and a namespace per unit, as the conformance
 * fixture decides from Feature.Workspaces.
 */
export async function detectWorkspaces(
  client: ClusterClient,
  signal?: AbortSignal,
): Promise<WorkspacesDetection> {
  const evidence: string[] = [];
  const groups = await apiGroupsOf(client, evidence, signal);
  if (!groups.includes('tenancy.kcp.io')) {
    evidence.push(`no tenancy.kcp.io group in ${client.baseUrl}/apis`);
    return { served: false, evidence };
  }
  const [served, why] = workspacesRule(await resourcesOf(client, TENANCY_VERSION_PATH, evidence, signal));
  evidence.push(why);
  return { served, evidence };
}

const verbsOf = (resource: APIResource | undefined): string =>
  resource ? `verbs ${resource.verbs?.join(', ') || 'none'}` : 'not listed';

/** "lists <what>: <verbs>" when served with those verbs, else what discovery shows instead. */
function servedWith(
  where: string,
  name: string,
  resource: APIResource | undefined,
  verbs: readonly string[],
): [boolean, string] {
  const served = hasVerbs(resource, verbs);
  return [
    served,
    served
      ? `discovery lists ${where} ${name}: ${verbs.join(', ')}`
      : `discovery does not list ${where} ${name} with ${verbs.join(', ')} (${verbsOf(resource)})`,
  ];
}

/** The paths of an /openapi/v3 index, or undefined when the text is not one. */
function openapiPaths(text: string): Record<string, unknown> | undefined {
  try {
    const index = JSON.parse(text) as { paths?: Record<string, unknown> } | null;
    return index?.paths;
  } catch {
    return undefined;
  }
}

/** A Prometheus text exposition (what kcp and kube-apiserver serve at /metrics). */
const PROMETHEUS_TEXT = /^# (HELP|TYPE) /m;

export async function inferFeatures(client: ClusterClient, signal?: AbortSignal): Promise<InferredFeatures> {
  const decisions: InferenceDecision[] = [];
  const evidence: string[] = [];
  const decide = (feature: FeatureName, supported: boolean, why: string): boolean => {
    decisions.push({ feature, supported, evidence: why });
    evidence.push(`${feature}: ${supported ? 'supported' : 'not supported'}: ${why}`);
    return supported;
  };
  /** A feature that rides on another: decided with it, saying which. */
  const withOther = (feature: FeatureName, base: FeatureName, supported: boolean, why: string): boolean =>
    decide(feature, supported, supported ? why : `${base} is not supported (${why})`);

  const api = await client.get<{ kind?: string; versions?: string[] }>('/api', { signal });
  const core = await client.get<{ kind?: string; resources?: APIResource[] }>('/api/v1', { signal });
  evidence.push(`GET ${api.url} -> ${api.status}; GET ${core.url} -> ${core.status}`);
  const resources = core.status === 200 && Array.isArray(core.body?.resources) ? core.body.resources : [];
  decide(
    Feature.Discovery,
    api.status === 200 &&
      api.body?.kind === 'APIVersions' &&
      (api.body.versions?.includes('v1') ?? false) &&
      core.body?.kind === 'APIResourceList',
    `/api answered ${api.status} ${api.body?.kind ?? 'without a kind'} (versions ${api.body?.versions?.join(', ') ?? 'none'}); ` +
      `/api/v1 answered ${core.status} ${core.body?.kind ?? 'without a kind'}`,
  );

  const aggregated = await client.get<{ kind?: string }>('/api', {
    signal,
    headers: { accept: AGGREGATED_DISCOVERY },
  });
  evidence.push(`GET ${aggregated.url} (Accept: ${AGGREGATED_DISCOVERY}) -> ${aggregated.status}`);
  decide(
    Feature.AggregatedDiscovery,
    aggregated.status === 200 &&
      aggregated.headers['content-type'] === AGGREGATED_DISCOVERY &&
      aggregated.body?.kind === 'APIGroupDiscoveryList',
    `/api asked for apidiscovery.k8s.io/v2 answered ${aggregated.status} ${aggregated.body?.kind ?? 'without a kind'} ` +
      `(Content-Type ${aggregated.headers['content-type'] ?? 'none'})`,
  );

  const openapi = await client.get('/openapi/v3', { signal });
  evidence.push(
    `GET ${openapi.url} -> ${openapi.status} (${openapi.headers['content-type'] ?? 'no Content-Type'})`,
  );
  // Read the body whatever its Content-Type: kube-apiserver 1.37 serves this JSON as text/plain.
  const openapiListsCore = openapi.status === 200 && openapiPaths(openapi.text)?.['api/v1'] !== undefined;
  decide(
    Feature.OpenAPIv3,
    openapiListsCore,
    openapiListsCore
      ? '/openapi/v3 lists api/v1'
      : `/openapi/v3 answered ${openapi.status}${openapi.status === 200 ? ' without api/v1 in its paths' : ''}`,
  );

  const byName = (name: string): APIResource | undefined =>
    resources.find((resource) => resource.name === name);
  const namespaces = byName('namespaces');
  const configmaps = byName('configmaps');
  decide(
    Feature.Namespaces,
    ...servedWith('v1', 'namespaces', namespaces, ['create', 'get', 'list', 'delete']),
  );
  const [configMapsServed, configMapsWhy] = servedWith('v1', 'configmaps', configmaps, [
    'create',
    'get',
    'list',
    'update',
    'delete',
  ]);
  decide(Feature.ConfigMaps, configMapsServed, configMapsWhy);
  // Every Kubernetes-like server runs the garbage collector; no document advertises it.
  withOther(
    Feature.GarbageCollection,
    Feature.ConfigMaps,
    configMapsServed,
    `${configMapsWhy}; the garbage collector has no advertisement of its own`,
  );

  const [watchServed, watchWhy] = servedWith('v1', 'configmaps', configmaps, ['watch']);
  decide(Feature.Watch, watchServed, watchWhy);
  withOther(
    Feature.WatchBookmarks,
    Feature.Watch,
    watchServed,
    `${watchWhy}; allowWatchBookmarks is part of watch`,
  );
  if (watchServed) {
    const probe = await probeWatchList(client, WATCH_LIST_PROBE_MS, signal);
    evidence.push(`watch list of ${client.baseUrl}/api/v1/namespaces: ${probe.evidence}`);
    decide(Feature.WatchList, probe.supported, probe.evidence);
  } else {
    decide(Feature.WatchList, false, `not probed: ${watchWhy}`);
  }

  decide(
    Feature.ServiceAccountTokens,
    ...both(
      servedWith('v1', 'serviceaccounts', byName('serviceaccounts'), ['create']),
      servedWith('v1', 'serviceaccounts/token', byName('serviceaccounts/token'), ['create']),
    ),
  );
  const [patchServed, patchWhy] = servedWith('v1', 'configmaps', configmaps, ['patch']);
  decide(Feature.ServerSideApply, patchServed, `${patchWhy} (apply is a patch type since Kubernetes 1.22)`);
  const [saPatch, saPatchWhy] = servedWith('v1', 'serviceaccounts', byName('serviceaccounts'), ['patch']);
  decide(Feature.StrategicMergePatch, saPatch, `${saPatchWhy} (built-in types take strategic merge patches)`);
  const [createServed, createWhy] = servedWith('v1', 'configmaps', configmaps, ['create']);
  decide(
    Feature.DryRunAndFieldValidation,
    createServed,
    `${createWhy} (dryRun and fieldValidation are write options)`,
  );
  const [listServed, listWhy] = servedWith('v1', 'configmaps', configmaps, ['list']);
  if (listServed) {
    const table = await client.get<{ kind?: string }>('/api/v1/namespaces', {
      signal,
      query: { limit: '1' },
      headers: { accept: TABLE },
    });
    evidence.push(`GET ${table.url} (Accept: ${TABLE}) -> ${table.status}`);
    decide(
      Feature.TableOutput,
      table.status === 200 && table.body?.kind === 'Table',
      `/api/v1/namespaces asked for a meta.k8s.io/v1 Table answered ${table.status} ${table.body?.kind ?? 'without a kind'}`,
    );
  } else {
    decide(Feature.TableOutput, false, `not probed: ${listWhy}`);
  }
  // Every Kubernetes list accepts labelSelector, limit/continue and resourceVersion.
  decide(Feature.LabelSelectors, listServed, `${listWhy} (labelSelector is part of list)`);
  decide(Feature.Paging, listServed, `${listWhy} (limit/continue and resourceVersion are part of list)`);

  const groups = await apiGroupsOf(client, evidence, signal);
  const notListed = (group: string): string => `/apis does not list ${group}`;

  if (groups.includes('tenancy.kcp.io')) {
    const tenancy = await resourcesOf(client, TENANCY_VERSION_PATH, evidence, signal);
    decide(Feature.Workspaces, ...workspacesRule(tenancy));
    const types = decide(
      Feature.WorkspaceTypes,
      ...servedWith('tenancy.kcp.io/v1alpha1', 'workspacetypes', tenancy('workspacetypes'), [
        'create',
        'get',
        'delete',
      ]),
    );
    // Initializers are taken off a LogicalCluster by writing its status (kcp e2e
    // test/e2e/workspacetype/controller_test.go), so the status subresource must be writable.
    if (!types) {
      for (const feature of lifecycleFeatures)
        decide(feature, false, `${Feature.WorkspaceTypes} is not supported`);
    } else if (!groups.includes('core.kcp.io')) {
      for (const feature of lifecycleFeatures) decide(feature, false, notListed('core.kcp.io'));
    } else {
      const kcpCore = await resourcesOf(client, '/apis/core.kcp.io/v1alpha1', evidence, signal);
      const [initializers, initializersWhy] = servedWith(
        'core.kcp.io/v1alpha1',
        'logicalclusters/status',
        kcpCore('logicalclusters/status'),
        ['get', 'update'],
      );
      decide(Feature.WorkspaceInitializers, initializers, initializersWhy);
      // kcp serves it wherever types have initializers; their status publishes its URL.
      withOther(
        Feature.InitializingWorkspacesVirtualWorkspace,
        Feature.WorkspaceInitializers,
        initializers,
        `${initializersWhy}; WorkspaceTypes publish the initializing virtual workspace's URL`,
      );
      // Terminators remove themselves from the same status; nothing tells them apart from kcp
      // versions without them.
      withOther(
        Feature.WorkspaceTerminators,
        Feature.WorkspaceInitializers,
        initializers,
        `${initializersWhy}; terminators are written in the same LogicalCluster status`,
      );
      withOther(
        Feature.TerminatingWorkspacesVirtualWorkspace,
        Feature.WorkspaceTerminators,
        initializers,
        `${initializersWhy}; WorkspaceTypes publish the terminating virtual workspace's URL`,
      );
      withOther(
        Feature.LifecyclePermissions,
        Feature.InitializingWorkspacesVirtualWorkspace,
        initializers,
        `${initializersWhy}; WorkspaceTypes carry initializerPermissions for its content proxy`,
      );
    }
  } else {
    for (const feature of [Feature.Workspaces, Feature.WorkspaceTypes, ...lifecycleFeatures])
      decide(feature, false, notListed('tenancy.kcp.io'));
  }

  if (groups.includes('apiextensions.k8s.io')) {
    const apiextensions = await resourcesOf(client, '/apis/apiextensions.k8s.io/v1', evidence, signal);
    const [crds, crdsWhy] = servedWith(
      'apiextensions.k8s.io/v1',
      'customresourcedefinitions',
      apiextensions('customresourcedefinitions'),
      ['create', 'get', 'delete'],
    );
    decide(Feature.CustomResourceDefinitions, crds, crdsWhy);
    // apiextensions.k8s.io/v1 requires structural schemas, so serving v1 CRDs means serving them.
    withOther(
      Feature.CRDValidation,
      Feature.CustomResourceDefinitions,
      crds,
      `${crdsWhy}; v1 CRDs carry structural schemas`,
    );
  } else {
    decide(Feature.CustomResourceDefinitions, false, notListed('apiextensions.k8s.io'));
    decide(Feature.CRDValidation, false, notListed('apiextensions.k8s.io'));
  }

  const coreEvents = servedWith('v1', 'events', byName('events'), ['create', 'get', 'list']);
  if (groups.includes('events.k8s.io')) {
    const events = await resourcesOf(client, '/apis/events.k8s.io/v1', evidence, signal);
    decide(
      Feature.Events,
      ...both(
        coreEvents,
        servedWith('events.k8s.io/v1', 'events', events('events'), ['create', 'get', 'list']),
      ),
    );
  } else {
    decide(Feature.Events, false, notListed('events.k8s.io'));
  }

  // apis.kcp.io serves schemas (and endpoint slices) only in v1alpha1, exports and bindings in
  // v1alpha1 and v1alpha2 (kcp config/crds/apis.kcp.io_*.yaml); the suites write v1alpha2.
  let bindings = false;
  if (groups.includes('apis.kcp.io')) {
    const v1alpha1 = await resourcesOf(client, '/apis/apis.kcp.io/v1alpha1', evidence, signal);
    const v1alpha2 = await resourcesOf(client, '/apis/apis.kcp.io/v1alpha2', evidence, signal);
    const crud = ['create', 'get', 'delete'];
    const [exports, exportsWhy] = both(
      servedWith('apis.kcp.io/v1alpha1', 'apiresourceschemas', v1alpha1('apiresourceschemas'), crud),
      servedWith('apis.kcp.io/v1alpha2', 'apiexports', v1alpha2('apiexports'), crud),
    );
    decide(Feature.APIExports, exports, exportsWhy);
    bindings = decide(
      Feature.APIBindings,
      ...servedWith('apis.kcp.io/v1alpha2', 'apibindings', v1alpha2('apibindings'), crud),
    );
    // No document advertises enforcement of the policy; it is part of the APIExport API.
    withOther(
      Feature.MaximalPermissionPolicy,
      Feature.APIExports,
      exports,
      `${exportsWhy}; spec.maximalPermissionPolicy is part of the APIExport API`,
    );
    // Served wherever exports are (endpoint slices publish its URL); nothing advertises it.
    withOther(
      Feature.APIExportVirtualWorkspace,
      exports ? Feature.APIBindings : Feature.APIExports,
      exports && bindings,
      `${exportsWhy}; APIExportEndpointSlices publish the virtual workspace's URL`,
    );
    withOther(
      Feature.PermissionClaims,
      Feature.APIExportVirtualWorkspace,
      exports && bindings,
      'spec.permissionClaims is part of the v1alpha2 APIExport and APIBinding APIs',
    );
  } else {
    for (const feature of [
      Feature.APIExports,
      Feature.APIBindings,
      Feature.MaximalPermissionPolicy,
      Feature.APIExportVirtualWorkspace,
      Feature.PermissionClaims,
    ])
      decide(feature, false, notListed('apis.kcp.io'));
  }
  if (!bindings || !groups.includes('tenancy.kcp.io')) {
    decide(Feature.DefaultAPIBindings, false, `${Feature.APIBindings} or tenancy.kcp.io is not served`);
  } else {
    // New workspaces under an organization are of type universal, whose defaultAPIBindings
    // every kcp type extends (kcp config/root/workspacetype-universal.yaml).
    const universal = await client
      .at(clusterUrl(serverOf(client.baseUrl), 'root'))
      .get<{ spec?: { defaultAPIBindings?: { path?: string; export?: string }[] } }>(
        `${TENANCY_VERSION_PATH}/workspacetypes/universal`,
        { signal },
      );
    evidence.push(`GET ${universal.url} -> ${universal.status}`);
    const defaults = universal.status === 200 ? (universal.body?.spec?.defaultAPIBindings ?? []) : [];
    decide(
      Feature.DefaultAPIBindings,
      defaults.length > 0,
      universal.status !== 200
        ? `WorkspaceType root:universal answered ${universal.status}`
        : defaults.length > 0
          ? `WorkspaceType root:universal lists defaultAPIBindings ${defaults
              .map((entry) => `${entry.path ?? ''}:${entry.export ?? ''}`)
              .join(', ')}`
          : 'WorkspaceType root:universal lists no defaultAPIBindings',
    );
  }

  // A shard-level path: asked of the bare server, never of a workspace (kcp answers 501 there).
  const metrics = await client
    .at(serverOf(client.baseUrl))
    .get('/metrics', { signal, headers: { accept: 'text/plain' } });
  evidence.push(`GET ${metrics.url} -> ${metrics.status}`);
  const prometheus = metrics.status === 200 && PROMETHEUS_TEXT.test(metrics.text);
  decide(
    Feature.ShardMetrics,
    prometheus,
    prometheus
      ? 'top-level /metrics answered 200 with Prometheus text'
      : `top-level /metrics answered ${metrics.status}${metrics.status === 200 ? ', but not Prometheus text' : ''}`,
  );
  decide(
    Feature.WildcardRequests,
    false,
    'never inferred: only a shard serves /clusters/*, and discovery cannot tell a shard from a front-proxy; claim it with --add-features',
  );
  const features = decisions.filter((decision) => decision.supported).map((decision) => decision.feature);
  return { features: [...new Set(features)].sort(), decisions, evidence };
}

/** Both rules must hold; the evidence names both. */
function both(first: [boolean, string], second: [boolean, string]): [boolean, string] {
  return [first[0] && second[0], `${first[1]}; ${second[1]}`];
}
