// Helpers of the CRD tests: a CRD builder, creating one and waiting until it is Established, and
// waiting until its resource is served (kube serves it a moment after Established).
import { expect } from 'chai';
import type { TestContext } from '../framework/conformance-test.js';
import type { ClusterClient } from '../framework/http/client.js';
import { describeResponse, expectStatusCode, type KubeObject } from '../framework/kube.js';
import { findCondition, type Condition } from '../framework/tenancy.js';

export const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

export interface CrdObject extends KubeObject {
  spec: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: {
      plural: string;
      kind: string;
      singular?: string;
      listKind?: string;
      shortNames?: string[];
      categories?: string[];
    };
    versions: Record<string, unknown>[];
  };
  status?: {
    conditions?: Condition[];
    acceptedNames?: Record<string, unknown>;
    storedVersions?: string[];
  };
}

/** A namespaced CRD `<plural>.<group>` with the given versions (the first one is the storage version). */
export function crd(
  group: string,
  plural: string,
  kind: string,
  versions: Record<string, unknown>[],
): CrdObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: { group, scope: 'Namespaced', names: { plural, kind }, versions },
  };
}

/** Creates the CRD and waits for Established=True; returns the CRD as last read. */
export async function createEstablished(
  ctx: TestContext,
  client: ClusterClient,
  object: CrdObject,
): Promise<CrdObject> {
  expectStatusCode(await client.post(CRDS, object), 201);
  return ctx.eventually(
    async () => {
      const response = await client.get<CrdObject>(`${CRDS}/${object.metadata.name}`);
      expect(response.status, describeResponse(response)).to.equal(200);
      expect(findCondition(response.body, 'Established')?.status, 'condition Established').to.equal('True');
      return response.body;
    },
    { description: `CRD ${object.metadata.name} Established` },
  );
}

/** Waits until a collection path of the CRD answers something other than 404. */
export async function waitServed(ctx: TestContext, client: ClusterClient, path: string): Promise<void> {
  await ctx.eventually(
    async () => {
      const response = await client.get(path);
      expect(response.status, describeResponse(response)).to.equal(200);
    },
    { description: `${path} served` },
  );
}

/** Deletes a CRD, ignoring one that is already gone (cleanup on targets without workspaces). */
export async function deleteCrd(client: ClusterClient, name: string | undefined): Promise<void> {
  if (!name) return;
  const response = await client.delete(`${CRDS}/${name}`);
  if (response.status !== 404) expect([200, 202], describeResponse(response)).to.include(response.status);
}
