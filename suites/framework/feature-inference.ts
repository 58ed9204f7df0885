// Infers supported features from the target's discovery documents (the kcp analogue of
// Gateway API's GatewayClass.status.supportedFeatures, GEP-2162). Each rule is a fact a
// Kubernetes-like server advertises about itself; the evidence is kept for the log.
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

const hasVerbs = (resource: APIResource | undefined, verbs: readonly string[]): boolean =>
  resource !== undefined && verbs.every((verb) => resource.verbs?.includes(verb));

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
  const byName = (name: string): APIResource | undefined =>
    resources.find((resource) => resource.name === name);
  const namespaces = byName('namespaces');
  const configmaps = byName('configmaps');
  if (hasVerbs(namespaces, ['create', 'get', 'list', 'delete']))
    found(Feature.Namespaces, 'namespaces: create, get, list, delete');
  if (hasVerbs(configmaps, ['create', 'get', 'list', 'update', 'delete'])) {
    found(Feature.ConfigMaps, 'configmaps: create, get, list, update, delete');
  }
  if (hasVerbs(configmaps, ['watch'])) found(Feature.Watch, 'configmaps: watch');
  // Every Kubernetes list accepts labelSelector; there is no separate advertisement.
  if (hasVerbs(configmaps, ['list']))
    found(Feature.LabelSelectors, 'configmaps: list (labelSelector is part of list)');

  const apis = await client.get<{ groups?: { name: string }[] }>('/apis', { signal });
  evidence.push(`GET ${apis.url} -> ${apis.status}`);
  const groups =
    apis.status === 200 && Array.isArray(apis.body?.groups)
      ? apis.body.groups.map((group) => group.name)
      : [];
  if (groups.includes('tenancy.kcp.io')) found(Feature.Workspaces, '/apis lists tenancy.kcp.io');
  if (groups.includes('apis.kcp.io')) found(Feature.APIBinding, '/apis lists apis.kcp.io');
  evidence.push(
    `${Feature.WildcardRequests}: not inferred (needs a privileged identity); claim it with --features`,
  );
  return { features: [...features].sort(), evidence };
}
