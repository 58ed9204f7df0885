// Whether a target serves what api-binding needs, read from root's discovery as the feature
// inference reads it: apis.kcp.io with APIResourceSchemas (v1alpha1) and APIExports and
// APIBindings (v1alpha2) that may be created, read, listed and watched.
import type { ClusterClient } from '../../suites/framework/http/client.js';
import { APIS_GROUP } from './manifests.js';

interface ResourceList {
  resources?: { name: string; verbs?: string[] }[];
}

const NEEDED: readonly { version: string; resource: string; verbs: readonly string[] }[] = [
  { version: 'v1alpha1', resource: 'apiresourceschemas', verbs: ['create', 'get'] },
  { version: 'v1alpha2', resource: 'apiexports', verbs: ['create', 'get'] },
  { version: 'v1alpha2', resource: 'apibindings', verbs: ['create', 'get', 'list', 'watch'] },
];

/** undefined when everything is served; else why not, in one line. */
export async function missingApis(root: ClusterClient, signal?: AbortSignal): Promise<string | undefined> {
  const groups = await root.get<{ groups?: { name: string }[] }>('/apis', { signal });
  if (groups.status !== 200) return `GET ${groups.url} answered ${groups.status}`;
  if (!(groups.body?.groups ?? []).some((group) => group.name === APIS_GROUP))
    return `${root.baseUrl}/apis does not list ${APIS_GROUP}`;
  const lists = new Map<string, ResourceList | undefined>();
  const missing: string[] = [];
  for (const { version, resource, verbs } of NEEDED) {
    if (!lists.has(version)) {
      const response = await root.get<ResourceList>(`/apis/${APIS_GROUP}/${version}`, { signal });
      lists.set(version, response.status === 200 ? response.body : undefined);
    }
    const served = lists.get(version)?.resources?.find((entry) => entry.name === resource);
    const lacking = verbs.filter((verb) => !(served?.verbs ?? []).includes(verb));
    if (!served) missing.push(`${APIS_GROUP}/${version} ${resource} not listed`);
    else if (lacking.length > 0)
      missing.push(`${APIS_GROUP}/${version} ${resource} lacks verbs ${lacking.join(', ')}`);
  }
  return missing.length > 0 ? missing.join('; ') : undefined;
}
