// Permission claims: an APIExport asks for access to other resources in its consumers
// (spec.permissionClaims: built-in ones such as configmaps, or another export's by identity hash);
// a consumer accepts or rejects each on its APIBinding, with a label selector and verbs. What is
// applied (exported ∩ accepted) labels the consumer's objects of that resource, and the export's
// virtual workspace shows its provider exactly the objects carrying its label
// (kcp sdk apis/v1alpha2/permissionclaims/labels.go, pkg/admission/permissionclaims,
// pkg/reconciler/apis/permissionclaimlabel).
//
// The label is kcp's bit for bit: key `claimed.internal.apis.kcp.io/<base62 SHA-224 of
// "<export cluster>:<export name>">`, value the base62 SHA-224 of the claim's JSON without verbs.

import type { AdmissionPlugin } from '../admission/admission.js';
import { matchesLabelSelector, type LabelSelector } from '../authz/label-selector.js';
import type { KubeObject } from '../api/types.js';
import type { CustomResourceDefinition } from '../apiextensions/crd-object.js';
import { customResourceDefinitions } from '../registry/builtins/crds.js';
import { builtinTypes } from '../registry/catalog.js';
import type { ResourceType } from '../registry/resource-type.js';
import { mutateObject } from '../registry/objects.js';
import { storageOf } from '../registry/scope.js';
import { createClusterCache } from '../storage/cluster-cache.js';
import { collectionPrefix } from '../storage/keys.js';
import type { Store } from '../storage/store.js';
import { base62Sha224, exportLabelValue } from './hashes.js';
import { apiBindingsResource, boundResourceTypes } from './bound-types.js';
import { boundCRDsCluster } from './names.js';
import type { APIBinding } from './types.js';

export const claimLabelPrefix = 'claimed.internal.apis.kcp.io/';

export interface ClaimSelector extends LabelSelector {
  matchAll?: boolean;
}

export interface ClaimKey {
  group?: string;
  resource: string;
  identityHash?: string;
}

export interface AcceptableClaim extends ClaimKey {
  verbs?: string[];
  state?: string;
  selector?: ClaimSelector;
}

/** A claim in force in a consumer: accepted there, still exported, with the label it stamps. */
export interface AppliedClaim extends ClaimKey {
  verbs: string[];
  selector: ClaimSelector;
  labelKey: string;
  labelValue: string;
}

export function claimLabelKey(exportCluster: string, exportName: string): string {
  return `${claimLabelPrefix}${exportLabelValue(exportCluster, exportName)}`;
}

/** Go's json.Marshal of the claim with verbs nil: field order group, resource, verbs, identityHash. */
export function claimLabelValue(claim: ClaimKey): string {
  const json: Record<string, unknown> = {};
  if (claim.group) json.group = claim.group;
  json.resource = claim.resource;
  json.verbs = null;
  if (claim.identityHash) json.identityHash = claim.identityHash;
  return base62Sha224(JSON.stringify(json));
}

export const sameClaim = (a: ClaimKey, b: ClaimKey): boolean =>
  (a.group ?? '') === (b.group ?? '') &&
  a.resource === b.resource &&
  (a.identityHash ?? '') === (b.identityHash ?? '');

/**
 * The binding's accepted claims that its export still makes (status.exportPermissionClaims), or
 * with `recorded` the ones its status says were applied (what the labels were last made from).
 */
export function appliedClaimsOf(binding: APIBinding, recorded = false): AppliedClaim[] {
  const exportCluster = binding.status?.apiExportClusterName;
  const exportName = binding.spec?.reference?.export?.name;
  if (!exportCluster || !exportName) return [];
  const exported = (binding.status?.exportPermissionClaims ?? []) as AcceptableClaim[];
  const claims = recorded
    ? ((binding.status?.appliedPermissionClaims ?? []) as AcceptableClaim[]).map((c) => ({
        ...c,
        state: 'Accepted',
      }))
    : ((binding.spec?.permissionClaims ?? []) as AcceptableClaim[]);
  const applied: AppliedClaim[] = [];
  for (const claim of claims) {
    if (claim.state !== 'Accepted' || !exported.some((e) => sameClaim(e, claim))) continue;
    applied.push({
      group: claim.group ?? '',
      resource: claim.resource,
      identityHash: claim.identityHash ?? '',
      verbs: claim.verbs ?? [],
      selector: claim.selector ?? {},
      labelKey: claimLabelKey(exportCluster, exportName),
      labelValue: claimLabelValue(claim),
    });
  }
  return applied;
}

export function selectorMatches(selector: ClaimSelector, labels: Record<string, string>): boolean {
  if (selector.matchAll) return true;
  if (!selector.matchLabels && !selector.matchExpressions) return false;
  return matchesLabelSelector(selector, labels);
}

/** The claim key of a type's objects: a bound resource's carries its export's identity hash. */
export function claimKeyOf(type: ResourceType): ClaimKey {
  const stored = storageOf(type).resource;
  const colon = stored.indexOf(':');
  return {
    group: type.group,
    resource: type.names.plural,
    identityHash: colon < 0 ? '' : stored.slice(colon + 1),
  };
}

/**
 * `labels` with the claim labels `applied` gives an object of the resource `key` (group,
 * resource, identity) with those labels, and stale claim labels removed; undefined when nothing
 * changes.
 */
export function relabel(
  applied: readonly AppliedClaim[],
  key: ClaimKey,
  labels: Record<string, string>,
): Record<string, string> | undefined {
  const next: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (!k.startsWith(claimLabelPrefix)) next[k] = v;
  for (const claim of applied)
    if (sameClaim(claim, key) && selectorMatches(claim.selector, next))
      next[claim.labelKey] = claim.labelValue;
  const same =
    Object.keys(next).length === Object.keys(labels).length &&
    Object.entries(next).every(([k, v]) => labels[k] === v);
  return same ? undefined : next;
}

/** Per logical cluster, the claims its bindings apply (bounded LRU, dropped on binding writes). */
export async function createAppliedClaimsCache(store: Store, options: { maxClusters: number }) {
  const cache = await createClusterCache<AppliedClaim[]>(store, {
    sources: [apiBindingsResource],
    maxClusters: options.maxClusters,
    async load(s, cluster) {
      const list = await s.list(collectionPrefix(apiBindingsResource, cluster));
      return list.items.flatMap((kv) => appliedClaimsOf(JSON.parse(kv.value) as APIBinding));
    },
  });
  return { get: (cluster: string) => cache.get(cluster), stop: () => cache.stop() };
}

export type AppliedClaimsCache = Awaited<ReturnType<typeof createAppliedClaimsCache>>;

/** Resources kcp never labels: reviews are not stored (permissionclaims admission). */
const unlabelled = new Set(['subjectaccessreviews', 'localsubjectaccessreviews', 'tokenreviews']);

/**
 * Admission: every create and update of an object gets the claim labels of the claims applied in
 * its cluster (and loses stale ones), as kcp's mutating permission claims plugin does.
 */
export function permissionClaimsAdmission(claims: AppliedClaimsCache): AdmissionPlugin {
  return async (r) => {
    if (r.operation === 'delete' || !r.object) return;
    const { type, cluster } = r.scope;
    if (type.review || unlabelled.has(type.names.plural) || cluster === '*') return;
    const labels = r.object.metadata?.labels ?? {};
    const applied = await claims.get(cluster);
    if (applied.length === 0 && !Object.keys(labels).some((k) => k.startsWith(claimLabelPrefix))) return;
    const next = relabel(applied, claimKeyOf(type), labels);
    if (!next) return;
    const meta = ((r.object as KubeObject).metadata ??= {});
    if (Object.keys(next).length > 0) meta.labels = next;
    else delete meta.labels;
  };
}

/** A claim as APIBinding status shows it: group and identityHash always present. */
function scoped(claim: AcceptableClaim): Record<string, unknown> {
  return {
    group: claim.group ?? '',
    identityHash: claim.identityHash ?? '',
    resource: claim.resource,
    ...(claim.selector !== undefined ? { selector: claim.selector } : {}),
    verbs: claim.verbs ?? [],
  };
}

const claimKeyText = (c: ClaimKey) => `${c.resource}/${c.group ?? ''}/${c.identityHash ?? ''}`;

export interface ClaimStatus {
  valid: { status: 'True' } | { status: 'False'; reason: string; severity: string; message: string };
  exportPermissionClaims?: Record<string, unknown>[];
  appliedPermissionClaims?: Record<string, unknown>[];
}

/**
 * What kcp's permissionclaimlabel reconciler reports for a binding to an export making
 * `exported` claims: the claims as exported, the accepted ones that are exported (applied, in
 * kcp's key order), and PermissionClaimsValid (accepted but not exported: InvalidPermissionClaims;
 * accepted with other verbs than exported: PermissionClaimsMismatch).
 */
export function claimStatus(binding: APIBinding, exported: readonly AcceptableClaim[]): ClaimStatus {
  const accepted = ((binding.spec?.permissionClaims ?? []) as AcceptableClaim[]).filter(
    (c) => c.state === 'Accepted',
  );
  const applied = accepted
    .filter((c) => exported.some((e) => sameClaim(e, c)))
    .sort((a, b) => claimKeyText(a).localeCompare(claimKeyText(b)));
  const unexpected = accepted
    .filter((c) => !exported.some((e) => sameClaim(e, c)))
    .sort((a, b) => claimKeyText(a).localeCompare(claimKeyText(b)));
  const mismatched = applied.filter((c) => {
    const offered = new Set(exported.find((e) => sameClaim(e, c))?.verbs ?? []);
    const asked = new Set(c.verbs ?? []);
    return offered.size !== asked.size || [...asked].some((v) => !offered.has(v));
  });
  let valid: ClaimStatus['valid'] = { status: 'True' };
  if (unexpected.length > 0) {
    const shown = unexpected
      .slice(0, 10)
      .map(
        (c) =>
          `unexpected/invalid claim for ${c.resource}.${c.group ?? ''} (identity "${c.identityHash ?? ''}")`,
      );
    valid = {
      status: 'False',
      reason: 'InvalidPermissionClaims',
      severity: 'Error',
      message: `${unexpected.length} unexpected and/or invalid permission claims (showing first ${shown.length}): ${
        shown.length === 1 ? shown[0] : `[${shown.join(', ')}]`
      }`,
    };
  } else if (mismatched.length > 0) {
    const shown = mismatched.slice(0, 5).map((c) => {
      const offered = exported.find((e) => sameClaim(e, c))?.verbs ?? [];
      return `${c.resource}.${c.group ?? ''} (verbs: accepted [${(c.verbs ?? []).join(' ')}], exported [${offered.join(' ')}])`;
    });
    valid = {
      status: 'False',
      reason: 'PermissionClaimsMismatch',
      severity: 'Warning',
      message: `${mismatched.length} permission claim(s) have mismatched verbs or selectors (showing first ${shown.length}): ${shown.join(', ')}`,
    };
  }
  return {
    valid,
    ...(exported.length > 0
      ? { exportPermissionClaims: exported.map((c) => scoped({ ...c, selector: undefined })) }
      : {}),
    ...(applied.length > 0 ? { appliedPermissionClaims: applied.map(scoped) } : {}),
  };
}

/**
 * The types (every served version) of a claimed resource: a built-in, or (with an identity hash)
 * another export's resource as its bound CRD in system:bound-crds serves it, stored under that
 * identity. None when nothing binds that export yet.
 */
export async function claimedResourceTypes(store: Store, claim: ClaimKey): Promise<ResourceType[]> {
  if (!claim.identityHash)
    return builtinTypes.filter(
      (t) => !t.review && t.group === (claim.group ?? '') && t.names.plural === claim.resource,
    );
  const crds = await store.list(collectionPrefix(storageOf(customResourceDefinitions), boundCRDsCluster));
  for (const kv of crds.items) {
    const crd = JSON.parse(kv.value) as CustomResourceDefinition;
    if (crd.spec?.group !== (claim.group ?? '') || crd.spec?.names?.plural !== claim.resource) continue;
    const bound = {
      group: crd.spec.group,
      resource: claim.resource,
      schema: { name: '', UID: crd.metadata?.name ?? '', identityHash: claim.identityHash },
    };
    return boundResourceTypes(crd, bound, boundCRDsCluster, false);
  }
  return [];
}

/**
 * Relabels every object of the claimed resources `changed` in `cluster` for the claims `applied`
 * there now, as kcp's permissionclaimlabel reconciler does when claims are accepted, rejected or
 * change selector (it patches each object and admission relabels it).
 */
export async function relabelClaimed(
  store: Store,
  cluster: string,
  applied: readonly AppliedClaim[],
  changed: readonly ClaimKey[],
): Promise<void> {
  for (const claim of changed) {
    if (unlabelled.has(claim.resource)) continue;
    const type = (await claimedResourceTypes(store, claim)).find((t) => t.storageVersion);
    if (!type) continue;
    const key = claimKeyOf(type);
    const list = await store.list(collectionPrefix(storageOf(type), cluster));
    for (const kv of list.items) {
      const obj = JSON.parse(kv.value) as KubeObject;
      if (!relabel(applied, key, obj.metadata?.labels ?? {})) continue;
      const scope = {
        type,
        cluster,
        ...(obj.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}),
      };
      await mutateObject(store, scope, obj.metadata?.name ?? '', (current) => {
        const next = relabel(applied, key, current.metadata?.labels ?? {});
        if (!next) return false;
        const meta = (current.metadata ??= {});
        if (Object.keys(next).length > 0) meta.labels = next;
        else delete meta.labels;
      }).catch((e: unknown) => {
        // Deleted meanwhile: nothing to label.
        if ((e as { code?: number }).code !== 404) throw e;
      });
    }
  }
}
