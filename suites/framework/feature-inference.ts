// Infers supported features from the target's discovery documents (the kcp analogue of
// Gateway API's GatewayClass.status.supportedFeatures, GEP-2162). Each rule is a fact a
// Kubernetes-like server advertises about itself; the evidence is kept for the log. Behaviour
// that discovery cannot show (e.g. wildcard requests) is never inferred: it must be claimed.
import { serverOf } from './cluster-paths.js';
import { Feature, type FeatureName } from './features.js';
import type { ClusterClient } from './http/client.js';

interface APIResource {
  name: string;
  verbs?: string[];
}

export interface InferredFeatures {
  features: FeatureName[];
  /** One line per decision, for conformance.log. */
  evidence: string[];
}

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

export async function inferFeatures(client: ClusterClient, signal?: AbortSignal): Promise<InferredFeatures> {
  const features = new Set<FeatureName>();
  const evidence: string[] = [];
  const found = (feature: FeatureName, why: string): void => {
    features.add(feature);
    evidence.push(`${feature}: ${why}`);
  };

  const api = await client.get<{ kind?: string; versions?: string[] }>('/api', { signal });
  const core = await client.get<{ kind?: string; resources?: APIResource[] }>('/api/v1', { signal });
  evidence.push(`GET ${api.url} -> ${api.status}; GET ${core.url} -> ${core.status}`);
  const resources = core.status === 200 && Array.isArray(core.body?.resources) ? core.body.resources : [];
  if (
    api.status === 200 &&
    api.body?.kind === 'APIVersions' &&
    api.body.versions?.includes('v1') &&
    core.body?.kind === 'APIResourceList'
  ) {
    found(Feature.Discovery, '/api lists v1 and /api/v1 is an APIResourceList');
  }
  const aggregated = await client.get<{ kind?: string }>('/api', {
    signal,
    headers: { accept: AGGREGATED_DISCOVERY },
  });
  evidence.push(`GET ${aggregated.url} (Accept: ${AGGREGATED_DISCOVERY}) -> ${aggregated.status}`);
  if (
    aggregated.status === 200 &&
    aggregated.headers['content-type'] === AGGREGATED_DISCOVERY &&
    aggregated.body?.kind === 'APIGroupDiscoveryList'
  ) {
    found(Feature.AggregatedDiscovery, '/api answers an apidiscovery.k8s.io/v2 APIGroupDiscoveryList');
  }
  const openapi = await client.get<{ paths?: Record<string, unknown> }>('/openapi/v3', { signal });
  evidence.push(`GET ${openapi.url} -> ${openapi.status}`);
  if (openapi.status === 200 && openapi.body?.paths?.['api/v1'] !== undefined)
    found(Feature.OpenAPIv3, '/openapi/v3 lists api/v1');
  const byName = (name: string): APIResource | undefined =>
    resources.find((resource) => resource.name === name);
  const namespaces = byName('namespaces');
  const configmaps = byName('configmaps');
  if (hasVerbs(namespaces, ['create', 'get', 'list', 'delete']))
    found(Feature.Namespaces, 'namespaces: create, get, list, delete');
  if (hasVerbs(configmaps, ['create', 'get', 'list', 'update', 'delete'])) {
    found(Feature.ConfigMaps, 'configmaps: create, get, list, update, delete');
    found(Feature.GarbageCollection, 'configmaps served (the garbage collector has no advertisement)');
  }
  if (hasVerbs(configmaps, ['watch'])) {
    found(Feature.Watch, 'configmaps: watch');
    found(Feature.WatchBookmarks, 'configmaps: watch (allowWatchBookmarks is part of watch)');
    // A one-second watch list of the namespaces: the gate off answers 422 Invalid.
    const watchList = await client.get('/api/v1/namespaces', {
      signal,
      query: {
        watch: 'true',
        sendInitialEvents: 'true',
        resourceVersionMatch: 'NotOlderThan',
        allowWatchBookmarks: 'true',
        timeoutSeconds: '1',
      },
    });
    evidence.push(`GET ${watchList.url} -> ${watchList.status}`);
    if (watchList.status === 200)
      found(Feature.WatchList, 'a watch with sendInitialEvents=true&resourceVersionMatch=NotOlderThan: 200');
  }
  if (
    hasVerbs(byName('serviceaccounts'), ['create']) &&
    hasVerbs(byName('serviceaccounts/token'), ['create'])
  )
    found(Feature.ServiceAccountTokens, 'serviceaccounts: create; serviceaccounts/token: create');
  if (hasVerbs(configmaps, ['patch']))
    found(Feature.ServerSideApply, 'configmaps: patch (apply is a patch type since Kubernetes 1.22)');
  if (hasVerbs(byName('serviceaccounts'), ['patch']))
    found(
      Feature.StrategicMergePatch,
      'serviceaccounts: patch (built-in types take strategic merge patches)',
    );
  if (hasVerbs(configmaps, ['create']))
    found(
      Feature.DryRunAndFieldValidation,
      'configmaps: create (dryRun and fieldValidation are write options)',
    );
  if (hasVerbs(configmaps, ['list'])) {
    const table = await client.get<{ kind?: string }>('/api/v1/namespaces', {
      signal,
      query: { limit: '1' },
      headers: { accept: TABLE },
    });
    evidence.push(`GET ${table.url} (Accept: ${TABLE}) -> ${table.status}`);
    if (table.status === 200 && table.body?.kind === 'Table')
      found(Feature.TableOutput, '/api/v1/namespaces answers a meta.k8s.io/v1 Table');
  }
  // Every Kubernetes list accepts labelSelector; there is no separate advertisement.
  if (hasVerbs(configmaps, ['list']))
    found(Feature.LabelSelectors, 'configmaps: list (labelSelector is part of list)');
  if (hasVerbs(configmaps, ['list']))
    found(Feature.Paging, 'configmaps: list (limit/continue and resourceVersion are part of list)');

  const apis = await client.get<{ groups?: { name: string }[] }>('/apis', { signal });
  evidence.push(`GET ${apis.url} -> ${apis.status}`);
  const groups =
    apis.status === 200 && Array.isArray(apis.body?.groups)
      ? apis.body.groups.map((group) => group.name)
      : [];

  if (groups.includes('tenancy.kcp.io')) {
    const tenancy = await resourcesOf(client, '/apis/tenancy.kcp.io/v1alpha1', evidence, signal);
    if (hasVerbs(tenancy('workspaces'), ['create', 'get', 'list', 'delete']))
      found(Feature.Workspaces, 'tenancy.kcp.io/v1alpha1 workspaces: create, get, list, delete');
    if (hasVerbs(tenancy('workspacetypes'), ['create', 'get', 'delete']))
      found(Feature.WorkspaceTypes, 'tenancy.kcp.io/v1alpha1 workspacetypes: create, get, delete');
    // Initializers are taken off a LogicalCluster by writing its status (kcp e2e
    // test/e2e/workspacetype/controller_test.go), so the status subresource must be writable.
    if (features.has(Feature.WorkspaceTypes) && groups.includes('core.kcp.io')) {
      const core = await resourcesOf(client, '/apis/core.kcp.io/v1alpha1', evidence, signal);
      if (hasVerbs(core('logicalclusters/status'), ['get', 'update'])) {
        found(
          Feature.WorkspaceInitializers,
          'workspacetypes served and core.kcp.io/v1alpha1 logicalclusters/status: get, update',
        );
      }
    }
  }
  if (groups.includes('apiextensions.k8s.io')) {
    const apiextensions = await resourcesOf(client, '/apis/apiextensions.k8s.io/v1', evidence, signal);
    if (hasVerbs(apiextensions('customresourcedefinitions'), ['create', 'get', 'delete'])) {
      found(
        Feature.CustomResourceDefinitions,
        'apiextensions.k8s.io/v1 customresourcedefinitions: create, get, delete',
      );
      // apiextensions.k8s.io/v1 requires structural schemas, so serving v1 CRDs means serving them.
      found(Feature.CRDValidation, 'apiextensions.k8s.io/v1 CRDs carry structural schemas');
    }
  }
  if (groups.includes('events.k8s.io') && hasVerbs(byName('events'), ['create', 'get', 'list'])) {
    const events = await resourcesOf(client, '/apis/events.k8s.io/v1', evidence, signal);
    if (hasVerbs(events('events'), ['create', 'get', 'list']))
      found(Feature.Events, 'events and events.k8s.io/v1 events: create, get, list');
  }
  if (groups.includes('apis.kcp.io')) found(Feature.APIBinding, '/apis lists apis.kcp.io');
  // A shard-level path: asked of the bare server, never of a workspace (kcp answers 501 there).
  const metrics = await client
    .at(serverOf(client.baseUrl))
    .get('/metrics', { signal, headers: { accept: 'text/plain' } });
  evidence.push(`GET ${metrics.url} -> ${metrics.status}`);
  if (metrics.status === 200) found(Feature.ShardMetrics, 'top-level /metrics answers 200');
  evidence.push(
    `${Feature.WildcardRequests}: never inferred (only a shard serves /clusters/*, discovery cannot tell); claim it with --add-features`,
  );
  return { features: [...features].sort(), evidence };
}
