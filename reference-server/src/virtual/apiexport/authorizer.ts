// Who may use an APIExport's virtual workspace, in kcp's order (pkg/virtual/apiexport/authorizer,
// assembled in builder/build.go newAuthorizer):
//  1. a request into one consumer needs an APIBinding there to this export, and then names a
//     resource the binding bound, a claim the consumer accepted with that verb, or apibindings
//     read-only (wildcard requests and discovery skip this step);
//  2. the caller needs the same verb on `apiexports/content` named by the export, in the
//     export's workspace, as the server authorizes there (workspace access included);
//  3. a resource claimed by identity (another export's) is also limited by the maximal
//     permission policy of every export with that identity: each that sets one must allow the
//     caller renamed `apis.kcp.io:binding:<name>` in its own workspace's RBAC; with no export
//     of that identity known (yet) the request is refused, as kcp refuses it (maximal_permission_policy.go).
// kcp tells callers only "access denied", whichever step refused.

import { allow, deny, type Authorizer } from '../../authz/authorizer.js';
import { apiBindings } from '../../apis/system-types.js';
import type { APIBinding } from '../../apis/types.js';
import { decodeObject } from '../../registry/codec.js';
import { collectionPrefix } from '../../storage/keys.js';
import type { Store } from '../../storage/store.js';
import { bindsExport, type ExportView } from './export-view.js';
import { storageOf } from '../../registry/scope.js';
import { apisGroup, bindingUser } from '../../apis/names.js';
import type { ExportsByIdentity } from './exports-by-identity.js';

const denied = deny('access denied');
const readOnly = new Set(['get', 'list', 'watch']);

interface Claim {
  group?: string;
  resource: string;
  identityHash?: string;
  verbs?: string[];
  state?: string;
}

const sameClaim = (a: Claim, b: Claim) =>
  (a.group ?? '') === (b.group ?? '') &&
  a.resource === b.resource &&
  (a.identityHash ?? '') === (b.identityHash ?? '');

/** The binding in `cluster` to the view's export, if there is one. */
export async function bindingTo(
  store: Store,
  cluster: string,
  view: ExportView,
): Promise<APIBinding | undefined> {
  const list = await store.list(collectionPrefix(storageOf(apiBindings), cluster));
  for (const kv of list.items) {
    const binding = decodeObject(kv, apiBindings, cluster) as APIBinding;
    if (bindsExport(binding, view.exportCluster, view.exportName)) return binding;
  }
  return undefined;
}

/** Whether the consumer's binding lets the provider use `verb` on `group`/`resource` there. */
function bindingAllows(
  view: ExportView,
  binding: APIBinding,
  group: string,
  resource: string,
  verb: string,
): boolean {
  if (binding.status?.boundResources?.some((r) => r.group === group && r.resource === resource)) return true;
  const exportClaims = (view.export.spec?.permissionClaims ?? []) as Claim[];
  for (const claim of (binding.spec?.permissionClaims ?? []) as Claim[]) {
    if (claim.state !== 'Accepted' || (claim.group ?? '') !== group || claim.resource !== resource) continue;
    const offered = new Set(exportClaims.find((c) => sameClaim(c, claim))?.verbs ?? []);
    const verbs = (claim.verbs ?? []).filter((v) => offered.has(v));
    if (verbs.includes(verb) || verbs.includes('*')) return true;
  }
  return group === apisGroup && resource === 'apibindings' && readOnly.has(verb);
}

/** The identity hash a claim of the view's export names for `group`/`resource`, if it is claimed so. */
function claimedIdentity(view: ExportView, group: string, resource: string): string | undefined {
  if (view.exported.has(`${group}/${resource}`)) return undefined;
  const claims = (view.export.spec?.permissionClaims ?? []) as Claim[];
  const claim = claims.find((c) => (c.group ?? '') === group && c.resource === resource);
  return claim?.identityHash || undefined;
}

export interface APIExportAuthorizerDeps {
  store: Store;
  /** The server's own authorizer, asked about `apiexports/content` in the export's workspace. */
  server: Authorizer;
  /** RBAC of a logical cluster without its workspace gates (kcp's deep SubjectAccessReview). */
  rbacOnly: Authorizer;
  exportsByIdentity: ExportsByIdentity;
}

export function apiExportAuthorizer(deps: APIExportAuthorizerDeps, view: ExportView): Authorizer {
  const { store, server, rbacOnly, exportsByIdentity } = deps;
  return async (a) => {
    if (a.cluster !== '*' && a.isResourceRequest) {
      const binding = await bindingTo(store, a.cluster ?? '', view);
      if (!binding || !bindingAllows(view, binding, a.group, a.resource, a.verb)) return denied;
    }
    const content = await server({
      user: a.user,
      cluster: view.exportCluster,
      verb: a.verb,
      isResourceRequest: true,
      path: '',
      group: apisGroup,
      resource: 'apiexports',
      subresource: 'content',
      namespace: '',
      name: view.exportName,
    });
    if (content.decision !== 'allow') return denied;
    const identity = a.isResourceRequest ? claimedIdentity(view, a.group, a.resource) : undefined;
    if (identity === undefined) return allow();
    const owners = await exportsByIdentity(identity);
    if (owners.length === 0) return denied;
    for (const owner of owners) {
      if (owner.export.spec?.maximalPermissionPolicy?.local === undefined) continue;
      const policy = await rbacOnly({ ...a, cluster: owner.cluster, user: bindingUser(a.user) });
      if (policy.decision !== 'allow') return denied;
    }
    return allow();
  };
}
