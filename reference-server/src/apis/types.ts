// apis.kcp.io objects as the controllers read them, in the storage version (v1alpha2 for
// APIExport and APIBinding). Only the fields the server interprets are typed.

import type { KubeObject } from '../api/types.js';
import type { Condition } from '../registry/builtins/tenancy.js';
import type { CRDNames, CRDVersion } from '../apiextensions/crd-object.js';

export interface ExportReference {
  path?: string;
  name: string;
}

export interface APIResourceSchema extends KubeObject {
  spec: {
    group: string;
    names: CRDNames;
    scope: 'Cluster' | 'Namespaced';
    versions: (Omit<CRDVersion, 'schema'> & { schema?: unknown })[];
    nameValidation?: 'DNS1123Subdomain' | 'PathSegmentName';
    conversion?: { strategy: string; webhook?: unknown };
  };
}

export interface ExportedResource {
  name: string;
  group: string;
  schema: string;
  storage?: { crd?: object; virtual?: unknown };
}

export interface PermissionClaim {
  group?: string;
  resource: string;
  identityHash?: string;
  verbs?: string[];
}

export interface APIExport extends KubeObject {
  spec?: {
    resources?: ExportedResource[];
    identity?: { secretRef?: { namespace?: string; name?: string } };
    maximalPermissionPolicy?: { local?: object };
    permissionClaims?: PermissionClaim[];
  };
  status?: {
    identityHash?: string;
    conditions?: Condition[];
    virtualWorkspaces?: { url: string }[];
  };
}

export interface BoundResource {
  group: string;
  resource: string;
  schema: { name: string; UID: string; identityHash: string };
  storageVersions?: string[];
}

export type BindingPhase = '' | 'Binding' | 'Bound';

export interface APIBinding extends KubeObject {
  spec?: {
    reference?: { export?: ExportReference };
    permissionClaims?: unknown[];
  };
  status?: {
    apiExportClusterName?: string;
    boundResources?: BoundResource[];
    phase?: BindingPhase;
    conditions?: Condition[];
    appliedPermissionClaims?: unknown[];
    exportPermissionClaims?: PermissionClaim[];
  };
}

export interface APIExportEndpointSlice extends KubeObject {
  spec?: { export?: ExportReference; partition?: string };
  status?: { endpoints?: { url: string }[]; conditions?: Condition[]; shardSelector?: string };
}
