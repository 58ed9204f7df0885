// The apis.kcp.io API group as one module, installed where the server is assembled
// (server/api-server.ts) the way kube-apiserver installs an API group: the kinds it serves in
// every workspace, the types its APIBindings add to a workspace, its admission, what it adds to
// authorization, the naming rules it imposes on CRDs, and its controllers.

import type { AdmissionPlugin } from '../admission/admission.js';
import type { CRDTypeCache } from '../apiextensions/crd-cache.js';
import type { CustomResourceDefinition } from '../apiextensions/crd-object.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { CRDNamingHooks } from '../controllers/crd-controller.js';
import type { Controller } from '../controllers/namespace-controller.js';
import { logicalClusterName, logicalClusters } from '../registry/builtins/logicalclusters.js';
import { mutateObject } from '../registry/objects.js';
import type { ResourceType } from '../registry/resource-type.js';
import { allClusters } from '../registry/scope.js';
import type { Store } from '../storage/store.js';
import { apisAdmission } from './admission.js';
import { startAPIBinderController } from './apibinder-controller.js';
import { startAPIBindingController } from './apibinding-controller.js';
import { bootstrapRootAPIs } from './root-apis.js';
import { clusterrolebindings, clusterroles } from '../registry/builtins/rbac.js';
import { startAPIExportController } from './apiexport-controller.js';
import { apisAuthorizer } from './authorization.js';
import { boundResourceTypes, createBoundTypeCache } from './bound-types.js';
import { startEndpointSliceController } from './endpointslice-controller.js';
import { boundCRDsCluster, resourceBindingsAnnotation } from './names.js';
import { formatLocks, groupResourceKey, parseLocks } from './resource-locks.js';
import { apisTypes } from './system-types.js';
import { createAppliedClaimsCache, permissionClaimsAdmission } from './permission-claims.js';

export interface APIsGroup {
  /** APIResourceSchema, APIExport, APIBinding, APIExportEndpointSlice, served everywhere. */
  types: readonly ResourceType[];
  /** The types a logical cluster's APIBindings serve there. */
  boundTypes(cluster: string): Promise<readonly ResourceType[]>;
  /**
   * `/clusters/*` of `<resource>:<identity hash>`: one export identity's objects across every
   * workspace bound to it (system:masters only, as every wildcard request).
   */
  wildcardType(group: string, version: string, plural: string): Promise<ResourceType | undefined>;
  admission: AdmissionPlugin;
  /** Wraps the RBAC chain with the system-CRD and maximal permission policy checks. */
  authorizer(rbacChain: Authorizer): Authorizer;
  crdHooks: CRDNamingHooks;
  /** root's exports of kcp's own APIs, its bindings to them and their RBAC (root-apis.ts). */
  bootstrap(): Promise<void>;
  /** Controllers that need the server's URL (endpoint slices publish it). */
  startControllers(o: { externalURL: string; log: (msg: string) => void }): Promise<Controller[]>;
  stop(): void;
}

export async function installAPIs(o: {
  store: Store;
  crdTypes: CRDTypeCache;
  maxClusters: number;
  /** RBAC of a logical cluster without its workspace gates, for bind checks and policies. */
  rbacOnly: Authorizer;
}): Promise<APIsGroup> {
  const { store, crdTypes, rbacOnly } = o;
  const bound = await createBoundTypeCache(store, crdTypes, { maxClusters: o.maxClusters });
  const claims = await createAppliedClaimsCache(store, { maxClusters: o.maxClusters });
  const claimsAdmission = permissionClaimsAdmission(claims);
  const bindingAdmission = apisAdmission(store, rbacOnly);
  const crdByName = async () => {
    const all = await crdTypes.get(boundCRDsCluster);
    return new Map([...all.crdOf.values()].map((crd) => [crd.metadata?.name ?? '', crd]));
  };
  return {
    types: apisTypes,
    boundTypes: async (cluster) => (await bound.get(cluster)).types,
    async wildcardType(group, version, plural) {
      const colon = plural.indexOf(':');
      if (colon < 0) return undefined;
      const resource = plural.slice(0, colon);
      const identityHash = plural.slice(colon + 1);
      for (const crd of (await crdByName()).values()) {
        if (crd.spec?.group !== group || crd.spec?.names?.plural !== resource) continue;
        const bound = { group, resource, schema: { name: '', UID: crd.metadata?.name ?? '', identityHash } };
        const type = boundResourceTypes(crd, bound, allClusters, false).find((t) => t.version === version);
        if (type) return type;
      }
      return undefined;
    },
    // Claim labels last: they depend on the object's final labels.
    admission: async (r) => {
      await bindingAdmission(r);
      await claimsAdmission(r);
    },
    authorizer: (inner) => apisAuthorizer({ store, boundTypes: bound, rbacOnly, inner }),
    crdHooks: {
      unchecked: (cluster) => cluster === boundCRDsCluster,
      async heldNames(cluster) {
        const { boundOf } = await bound.get(cluster);
        if (boundOf.size === 0) return [];
        const crds = await crdByName();
        const held: CustomResourceDefinition[] = [];
        for (const { bound: b } of new Set(boundOf.values())) {
          const crd = crds.get(b.schema.UID);
          if (crd) held.push({ spec: { group: b.group }, status: { acceptedNames: crd.spec?.names ?? {} } });
        }
        return held;
      },
      async establishing(cluster, crd) {
        const key = groupResourceKey(crd.spec?.group ?? '', crd.spec?.names?.plural ?? '');
        await mutateObject(store, { type: logicalClusters, cluster }, logicalClusterName, (lc) => {
          const annotations = (lc.metadata!.annotations ??= {});
          const locks = parseLocks(annotations[resourceBindingsAnnotation]);
          if (locks[key]) return false;
          locks[key] = { c: true };
          annotations[resourceBindingsAnnotation] = formatLocks(locks);
        }).catch(() => undefined);
      },
    },
    bootstrap: () =>
      bootstrapRootAPIs(store, { clusterRoles: clusterroles, clusterRoleBindings: clusterrolebindings }),
    async startControllers({ externalURL, log }) {
      return [
        await startAPIBinderController({ store, log }),
        await startAPIExportController({ store, log }),
        await startAPIBindingController({ store, log }),
        await startEndpointSliceController({ store, externalURL, log }),
      ];
    },
    stop: () => {
      bound.stop();
      claims.stop();
    },
  };
}
