// What the APIExport virtual workspace tests share: the virtual workspace's URL as the export's
// APIExportEndpointSlice publishes it once something binds the export, and clients for its
// `/clusters/*` (every bound consumer) and `/clusters/<logical cluster>` (one consumer) views,
// with the credentials of the client they are made from (kcp pkg/virtual/apiexport).
import { expect } from 'chai';
import type { TestContext } from '../framework/conformance-test.js';
import type { ClusterClient } from '../framework/http/client.js';
import { describeResponse, expectStatusCode, type KubeList } from '../framework/kube.js';
import { ENDPOINT_SLICES_PATH, PLURAL, GROUP_VERSION, type EndpointSlice, type Provider } from './support.js';

/** The annotation kcp puts on every object it returns: the object's logical cluster. */
export const CLUSTER_ANNOTATION = 'kcp.io/cluster';

/** The exported collection across namespaces, as a provider's informer lists it. */
export const ALL_COWHANDS = `${GROUP_VERSION}/${PLURAL}`;

export interface VirtualWorkspace {
  /** The endpoint slice's URL: .../services/apiexport/<export cluster>/<export name>. */
  url: string;
  /** The view of every bound consumer. */
  all: ClusterClient;
  /** The view of one consumer, by logical cluster name. */
  cluster(name: string): ClusterClient;
}

/** Waits for the provider's endpoint slice to list its URL (it does once a binding exists). */
export async function virtualWorkspaceOf(
  ctx: TestContext,
  provider: Provider,
  as: ClusterClient = provider.client,
): Promise<VirtualWorkspace> {
  const url = await ctx.eventually(
    async () => {
      const slice = expectStatusCode(
        await provider.client.get<EndpointSlice>(`${ENDPOINT_SLICES_PATH}/${provider.exportName}`),
        200,
      );
      const urls = (slice.status?.endpoints ?? []).map((endpoint) => endpoint.url);
      expect(urls, `endpoints of APIExportEndpointSlice ${provider.exportName}`).to.have.length(1);
      return urls[0]!.replace(/\/+$/, '');
    },
    { description: `APIExportEndpointSlice ${provider.exportName} lists the virtual workspace` },
  );
  return virtualWorkspaceAt(url, as);
}

export function virtualWorkspaceAt(url: string, as: ClusterClient): VirtualWorkspace {
  return {
    url,
    all: as.at(`${url}/clusters/*`),
    cluster: (name) => as.at(`${url}/clusters/${name}`),
  };
}

/** `<logical cluster>/<namespace>/<name>` of each item, the identity of an object across clusters. */
export function clusterKeys(list: KubeList): string[] {
  return list.items
    .map((item) => {
      const cluster = item.metadata.annotations?.[CLUSTER_ANNOTATION] ?? '<none>';
      return `${cluster}/${item.metadata.namespace ?? ''}/${item.metadata.name}`;
    })
    .sort();
}

/**
 * Lists through the virtual workspace until the list holds `expected` (each
 * `<cluster>/<namespace>/<name>`); the virtual workspace learns of a new binding asynchronously.
 */
export function eventuallyListed(
  ctx: TestContext,
  client: ClusterClient,
  path: string,
  expected: string[],
  description: string,
): Promise<KubeList> {
  return ctx.eventually(
    async () => {
      const response = await client.get<KubeList>(path);
      expect(response.status, describeResponse(response)).to.equal(200);
      const keys = clusterKeys(response.body);
      for (const key of expected) expect(keys, description).to.include(key);
      return response.body;
    },
    { description },
  );
}

export const keyOf = (cluster: string, namespace: string, name: string): string =>
  `${cluster}/${namespace}/${name}`;
