// Waiting for CRDs to be served: a CRD counts once its Established condition is True (the
// apiextensions controller's answer to "can I use it now"), read by listing all CRDs of the
// workspace at a fixed interval rather than one GET per CRD.
import { setTimeout as delay } from 'node:timers/promises';
import type { ClusterClient } from '../../suites/framework/http/client.js';

const CRDS_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const POLL_MS = 200;

interface CrdList {
  items?: { metadata?: { name?: string }; status?: { conditions?: { type?: string; status?: string }[] } }[];
}

/** Resolves once every CRD in `names` is Established; throws with the missing ones after timeoutMs. */
export async function waitEstablished(
  client: ClusterClient,
  names: readonly string[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let missing = new Set(names);
  for (;;) {
    const response = await client.get<CrdList>(CRDS_PATH, { signal });
    if (response.status === 200) {
      const established = new Set(
        (response.body?.items ?? [])
          .filter((crd) =>
            (crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True'),
          )
          .map((crd) => crd.metadata?.name ?? ''),
      );
      missing = new Set(names.filter((name) => !established.has(name)));
      if (missing.size === 0) return;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${missing.size} CRDs not Established after ${timeoutMs} ms (e.g. ${[...missing].slice(0, 3).join(', ')}); last list: HTTP ${response.status}`,
      );
    await delay(POLL_MS, undefined, { signal });
  }
}

export { CRDS_PATH };
