// Admission of Workspaces and WorkspaceTypes, as kcp's admission plugins do it
// (pkg/admission/workspace, workspacetypeexists, reservednames): default and resolve the type,
// enforce parent/child limits, record the creator, and keep system-owned fields to
// system:masters.

import { forbidden } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import { systemMasters, type UserInfo } from '../authn/user.js';
import { resourceAttributes, type Authorizer } from '../authz/authorizer.js';
import { requiredGroupsAnnotation } from '../authz/policy-cache.js';
import { logicalClusters } from '../registry/builtins/logicalclusters.js';
import {
  reservedWorkspaceTypeNames,
  workspaceTypes,
  workspaces,
  type WorkspaceSpec,
} from '../registry/builtins/tenancy.js';
import { getObject } from '../registry/objects.js';
import type { Store } from '../storage/store.js';
import { logicalClusterName } from '../tenancy/keys.js';
import {
  findType,
  parentChildConflict,
  parseTypeAnnotation,
  pathAnnotation,
  typeAnnotation,
  typeClosure,
  type ResolvedType,
} from '../tenancy/workspace-types.js';
import type { AdmissionPlugin, AdmissionRequest } from './admission.js';

export const ownerAnnotation = 'experimental.tenancy.kcp.io/owner';

const isMaster = (u: UserInfo) => u.groups.includes(systemMasters);

function refuse(r: AdmissionRequest, why: string): never {
  throw forbidden(`workspaces.tenancy.kcp.io "${r.name}" is forbidden: ${why}`, {
    name: r.name,
    group: 'tenancy.kcp.io',
    kind: 'workspaces',
  });
}

function ownerOf(u: UserInfo): string {
  const info: Record<string, unknown> = { username: u.name };
  if (u.uid) info.uid = u.uid;
  if (u.groups.length) info.groups = u.groups;
  if (u.extra && Object.keys(u.extra).length) info.extra = u.extra;
  return JSON.stringify(info);
}

/**
 * kcp pkg/admission/workspacetypeexists: the creator needs verb `use` on the type and on every
 * type it extends, each in the type's own workspace (asked as RBAC alone, like kcp's deep SAR).
 */
async function checkUse(store: Store, authorize: Authorizer, r: AdmissionRequest, t: ResolvedType) {
  for (const alias of await typeClosure(store, t)) {
    const d = await authorize(
      resourceAttributes({
        user: r.user,
        cluster: alias.cluster,
        verb: 'use',
        group: 'tenancy.kcp.io',
        resource: 'workspacetypes',
        name: alias.name,
      }),
    );
    if (d.decision !== 'allow')
      refuse(
        r,
        `unable to use workspace type ${alias.path}:${alias.name}: missing verb='use' permission on workspacetype`,
      );
  }
}

async function admitWorkspaceCreate(store: Store, authorize: Authorizer, r: AdmissionRequest): Promise<void> {
  const obj = r.object as KubeObject;
  const spec = (obj.spec ??= {}) as WorkspaceSpec;
  if (!isMaster(r.user) && (spec.cluster || spec.URL))
    refuse(r, 'spec.cluster and spec.URL can only be set by system:masters');

  const parent = await getObject(
    store,
    { type: logicalClusters, cluster: r.scope.cluster },
    logicalClusterName,
  ).catch(() => undefined);
  if (!parent) refuse(r, `logical cluster ${r.scope.cluster} does not exist`);
  const parentPath = parent.metadata?.annotations?.[pathAnnotation] ?? r.scope.cluster;
  const parentRef = parseTypeAnnotation(parent.metadata?.annotations?.[typeAnnotation]);
  const parentType = parentRef ? await findType(store, parentRef, parentPath) : undefined;

  const ref = spec.type?.name
    ? spec.type
    : (parentType?.spec.defaultChildWorkspaceType ?? { name: 'universal', path: 'root' });
  const childType = await findType(store, ref, parentPath);
  if (!childType) refuse(r, `WorkspaceType "${ref.path ? `${ref.path}:` : ''}${ref.name}" does not exist`);
  spec.type = { name: childType.name, path: childType.path };
  await checkUse(store, authorize, r, childType);

  if (parentType) {
    const conflict = parentChildConflict(
      await typeClosure(store, parentType),
      await typeClosure(store, childType),
    );
    if (conflict) refuse(r, conflict);
  }

  const meta = (obj.metadata ??= {});
  if (!isMaster(r.user))
    meta.annotations = { ...(meta.annotations ?? {}), [ownerAnnotation]: ownerOf(r.user) };
  // kcp pkg/admission/workspace: a child inherits its parent's required groups; only
  // system:masters may choose them.
  if (meta.annotations?.[requiredGroupsAnnotation] === undefined || !isMaster(r.user)) {
    const inherited = parent.metadata?.annotations?.[requiredGroupsAnnotation];
    const annotations = { ...(meta.annotations ?? {}) };
    if (inherited !== undefined) annotations[requiredGroupsAnnotation] = inherited;
    else delete annotations[requiredGroupsAnnotation];
    if (Object.keys(annotations).length > 0) meta.annotations = annotations;
    else delete meta.annotations;
  }
}

function admitWorkspaceUpdate(r: AdmissionRequest): void {
  if (isMaster(r.user)) return;
  const spec = (r.object?.spec ?? {}) as WorkspaceSpec;
  const old = (r.old?.spec ?? {}) as WorkspaceSpec;
  if (spec.cluster !== old.cluster || spec.URL !== old.URL)
    refuse(r, 'spec.cluster and spec.URL can only be changed by system:masters');
}

/**
 * kcp's path annotation admission (pkg/admission/pathannotation): WorkspaceTypes (like
 * APIExports and APIBindings) carry the canonical path of their workspace in `kcp.io/path`.
 */
async function annotatePath(store: Store, obj: KubeObject, cluster: string): Promise<void> {
  const lc = await getObject(store, { type: logicalClusters, cluster }, logicalClusterName).catch(
    () => undefined,
  );
  const path = lc?.metadata?.annotations?.[pathAnnotation];
  if (path)
    obj.metadata = {
      ...(obj.metadata ?? {}),
      annotations: { ...(obj.metadata?.annotations ?? {}), [pathAnnotation]: path },
    };
}

export function workspaceAdmission(store: Store, authorizeUse: Authorizer): AdmissionPlugin {
  return async (r) => {
    const t = r.scope.type;
    if (t === workspaces) {
      if (r.operation === 'create') await admitWorkspaceCreate(store, authorizeUse, r);
      if (r.operation === 'update') admitWorkspaceUpdate(r);
    } else if (t === workspaceTypes) {
      if (r.operation === 'create' && reservedWorkspaceTypeNames.has(r.name))
        throw forbidden(`workspacetypes.tenancy.kcp.io "${r.name}" is forbidden: name is reserved`, {
          name: r.name,
          group: 'tenancy.kcp.io',
          kind: 'workspacetypes',
        });
      if (r.object) await annotatePath(store, r.object, r.scope.cluster);
    } else if (t === logicalClusters) {
      // kcp pkg/admission/logicalcluster: clusters come from workspaces, not from clients, and
      // go away with them unless marked directly deletable.
      if (r.operation === 'create' && !isMaster(r.user))
        throw forbidden('LogicalCluster cannot be created', {
          name: r.name,
          group: 'core.kcp.io',
          kind: 'logicalclusters',
        });
      const spec = (r.old?.spec ?? {}) as { directlyDeletable?: boolean };
      if (r.operation === 'delete' && !spec.directlyDeletable && !isMaster(r.user))
        throw forbidden('LogicalCluster cannot be deleted', {
          name: r.name,
          group: 'core.kcp.io',
          kind: 'logicalclusters',
        });
    }
  };
}
