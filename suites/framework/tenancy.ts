// Wire shapes and names of kcp's workspace APIs (tenancy.kcp.io, core.kcp.io) that the fixture
// and the suites read, plus the references the fixture hands to tests. Only the fields read
// are typed. Sources: kcp staging/src/github.com/kcp-dev/sdk/apis/tenancy/v1alpha1/types_workspace.go,
// types_workspacetype.go, apis/core/v1alpha1/logicalcluster_types.go.
import type { ClusterClient } from './http/client.js';
import type { KubeObject } from './kube.js';

export const WORKSPACES_PATH = '/apis/tenancy.kcp.io/v1alpha1/workspaces';
export const WORKSPACE_TYPES_PATH = '/apis/tenancy.kcp.io/v1alpha1/workspacetypes';
/** Every logical cluster has exactly one LogicalCluster, named "cluster". */
export const LOGICAL_CLUSTER_PATH = '/apis/core.kcp.io/v1alpha1/logicalclusters/cluster';

/** The logical cluster NAME an object lives in, set by the server on every object. */
export const CLUSTER_ANNOTATION = 'kcp.io/cluster';
/** The canonical workspace path, set on LogicalClusters (and WorkspaceTypes, APIExports, ...). */
export const PATH_ANNOTATION = 'kcp.io/path';

export const workspacePath = (name: string): string => `${WORKSPACES_PATH}/${name}`;
export const workspaceTypePath = (name: string): string => `${WORKSPACE_TYPES_PATH}/${name}`;

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface WorkspaceTypeReference {
  name: string;
  /** Path or logical cluster name of the workspace that defines the type. */
  path?: string;
}

export interface Workspace extends KubeObject {
  spec?: { type?: WorkspaceTypeReference; cluster?: string; URL?: string };
  status?: { phase?: string; conditions?: Condition[]; initializers?: string[]; terminators?: string[] };
}

export interface WorkspaceType extends KubeObject {
  spec?: {
    initializer?: boolean;
    terminator?: boolean;
    initializerPermissions?: PolicyRuleLike[];
    terminatorPermissions?: PolicyRuleLike[];
    defaultChildWorkspaceType?: WorkspaceTypeReference;
  };
  status?: { conditions?: Condition[] };
}

/** An rbac.authorization.k8s.io/v1 PolicyRule, as WorkspaceTypes carry them. */
export interface PolicyRuleLike {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

export interface LogicalCluster extends KubeObject {
  spec?: { initializers?: string[]; terminators?: string[] };
  status?: {
    URL?: string;
    phase?: string;
    conditions?: Condition[];
    initializers?: string[];
    terminators?: string[];
  };
}

export function workspaceObject(name: string, type?: WorkspaceTypeReference): Workspace {
  return {
    apiVersion: 'tenancy.kcp.io/v1alpha1',
    kind: 'Workspace',
    metadata: { name },
    ...(type ? { spec: { type } } : {}),
  };
}

export function findCondition(
  object: { status?: { conditions?: Condition[] } } | undefined,
  type: string,
): Condition | undefined {
  return object?.status?.conditions?.find((condition) => condition.type === type);
}

/** A workspace as the fixture knows it. */
export interface WorkspaceRef {
  /** metadata.name inside the parent workspace. */
  name: string;
  /** Canonical path, e.g. root:kh-run-abc:kh-configmap-crud-x1y2z. */
  path: string;
  /** Path of the parent workspace. */
  parentPath: string;
  /** The logical cluster name (spec.cluster), e.g. 2x7ukqvbklfm3gdw. */
  clusterName: string;
  /** spec.URL as the server wrote it. */
  url: string;
}

export interface CreatedWorkspace extends WorkspaceRef {
  /** A client for the new workspace, addressed by its path, with the test's identity. */
  client: ClusterClient;
  /** The Workspace object as read once it was Ready. */
  object: Workspace;
}

export interface CreateWorkspaceOptions {
  /** spec.type; left out, the server defaults it from the parent's type. */
  type?: WorkspaceTypeReference;
  /** Path of the parent workspace; default: the test's own workspace. */
  parent?: string;
}
