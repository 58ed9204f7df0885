// APIExport and APIBinding between v1alpha1 and v1alpha2, as kcp converts them
// (sdk apis/apis/v1alpha2 types_apiexport_conversion.go, types_apibinding_conversion.go).
// What one version cannot express travels in annotations and comes back on the way home, so a
// client of either version can read, change and write an object without losing the other's data:
//   v1alpha2 resources that are not CRD-backed   -> apis.v1alpha2.kcp.io/resource-schemas
//   v1alpha2 claims whose verbs are not ["*"]     -> apis.v1alpha2.kcp.io/permission-claims
//   v1alpha1 claims' `all` and `resourceSelector` -> apis.v1alpha2.kcp.io/v1alpha1-permission-claims
// and for bindings the acceptable, status-export and status-applied claims likewise.

import type { KubeObject } from '../api/types.js';

const resourceSchemasAnnotation = 'apis.v1alpha2.kcp.io/resource-schemas';
const permissionClaimsAnnotation = 'apis.v1alpha2.kcp.io/permission-claims';
const v1alpha1PermissionClaimsAnnotation = 'apis.v1alpha2.kcp.io/v1alpha1-permission-claims';
const acceptableClaimsAnnotation = 'apis.v1alpha2.kcp.io/acceptable-permission-claims';
const statusClaimsAnnotation = 'apis.v1alpha2.kcp.io/status-export-permission-claims';
const statusAppliedAnnotation = 'apis.v1alpha2.kcp.io/status-applied-permission-claims';
const v1alpha1StatusClaimsAnnotation = 'apis.v1alpha2.kcp.io/v1alpha1-status-export-permission-claims';
const v1alpha1StatusAppliedAnnotation = 'apis.v1alpha2.kcp.io/v1alpha1-status-applied-permission-claims';

type Obj = Record<string, unknown>;
type Claim = Obj & { group?: string; resource?: string; identityHash?: string };

const v1alpha1 = 'apis.kcp.io/v1alpha1';
const v1alpha2 = 'apis.kcp.io/v1alpha2';

function sameGRI(a: Claim, b: Claim): boolean {
  return (
    (a.group ?? '') === (b.group ?? '') &&
    (a.resource ?? '') === (b.resource ?? '') &&
    (a.identityHash ?? '') === (b.identityHash ?? '')
  );
}

/** The group, resource and identity of a claim, in the field order kcp's types have. */
function gri(c: Claim): Claim {
  return {
    ...(c.group !== undefined ? { group: c.group } : {}),
    ...(c.resource !== undefined ? { resource: c.resource } : {}),
    ...(c.identityHash ? { identityHash: c.identityHash } : {}),
  };
}

const isWildcard = (c: Claim) => Array.isArray(c.verbs) && c.verbs.length === 1 && c.verbs[0] === '*';
const selectorOf = (c: Claim) => (c.selector ?? {}) as Obj;

/** Working on a copy's annotations: take one out (parsed), put one in, drop the map when empty. */
function annotations(obj: KubeObject) {
  const meta = (obj.metadata = { ...(obj.metadata ?? {}) });
  const map: Record<string, string> = { ...(meta.annotations ?? {}) };
  return {
    take<T>(key: string): T[] | undefined {
      const value = map[key];
      if (value === undefined) return undefined;
      delete map[key];
      try {
        const parsed = JSON.parse(value) as unknown;
        return Array.isArray(parsed) ? (parsed as T[]) : [];
      } catch {
        return [];
      }
    },
    put(key: string, value: unknown[]): void {
      if (value.length > 0) map[key] = JSON.stringify(value);
    },
    done(): void {
      if (Object.keys(map).length > 0) meta.annotations = map;
      else delete meta.annotations;
    },
  };
}

/** v1alpha1 claim (all, resourceSelector) -> v1alpha2 claim fields (verbs come from elsewhere). */
function claimToV2(c: Claim): Claim {
  return gri(c);
}

function claimToV1(c: Claim): Claim {
  return gri(c);
}

function exportToV2(input: KubeObject): KubeObject {
  const out = structuredClone(input);
  out.apiVersion = v1alpha2;
  const a = annotations(out);
  const spec = { ...((input.spec ?? {}) as Obj) };
  const latest = spec.latestResourceSchemas as string[] | undefined;
  delete spec.latestResourceSchemas;
  const resources: Obj[] = [];
  for (const schema of latest ?? []) {
    const parts = schema.split('.');
    if (parts.length < 3) continue;
    const group = parts.slice(2).join('.');
    resources.push({ group: group === 'core' ? '' : group, name: parts[1], schema, storage: { crd: {} } });
  }
  const v1Claims = (spec.permissionClaims as Claim[] | undefined) ?? [];
  if (v1Claims.length > 0) spec.permissionClaims = v1Claims.map(claimToV2);
  if (v1Claims.length > 0) a.put(v1alpha1PermissionClaimsAnnotation, v1Claims);
  const extra = a.take<Obj>(resourceSchemasAnnotation);
  if (extra) resources.push(...extra);
  if (resources.length > 0 || latest !== undefined) spec.resources = resources;
  const v2Claims = a.take<Claim>(permissionClaimsAnnotation);
  const claims = spec.permissionClaims as Claim[] | undefined;
  for (const pc of v2Claims ?? [])
    for (const c of claims ?? [])
      if (sameGRI(pc, c)) {
        c.verbs = pc.verbs;
        if (pc.defaultSelector !== undefined) c.defaultSelector = pc.defaultSelector;
      }
  for (const c of claims ?? []) if (!Array.isArray(c.verbs) || c.verbs.length === 0) c.verbs = ['*'];
  out.spec = spec;
  a.done();
  return out;
}

function exportToV1(input: KubeObject): KubeObject {
  const out = structuredClone(input);
  out.apiVersion = v1alpha1;
  const a = annotations(out);
  const spec = { ...((input.spec ?? {}) as Obj) };
  const resources = (spec.resources as Obj[] | undefined) ?? [];
  delete spec.resources;
  const crdBacked = resources.filter((r) => (r.storage as Obj | undefined)?.crd !== undefined);
  a.put(
    resourceSchemasAnnotation,
    resources.filter((r) => (r.storage as Obj | undefined)?.crd === undefined),
  );
  if (crdBacked.length > 0) spec.latestResourceSchemas = crdBacked.map((r) => r.schema);
  const claims = (spec.permissionClaims as Claim[] | undefined) ?? [];
  a.put(
    permissionClaimsAnnotation,
    claims.filter((c) => !isWildcard(c)),
  );
  if (claims.length > 0) spec.permissionClaims = claims.map(claimToV1);
  const original = a.take<Claim>(v1alpha1PermissionClaimsAnnotation);
  for (const pc of original ?? [])
    for (const c of (spec.permissionClaims as Claim[] | undefined) ?? [])
      if (sameGRI(pc, c)) {
        if (pc.all !== undefined) c.all = pc.all;
        if (pc.resourceSelector !== undefined) c.resourceSelector = pc.resourceSelector;
      }
  out.spec = spec;
  a.done();
  return out;
}

/** v1alpha1 AcceptablePermissionClaim -> v1alpha2 (verbs ["*"], selector matchAll by default). */
function acceptableToV2(c: Claim): Claim {
  return { ...gri(c), ...(c.state !== undefined ? { state: c.state } : {}) };
}

function acceptableToV1(c: Claim): Claim {
  return {
    ...gri(c),
    ...(selectorOf(c).matchAll ? { all: true } : {}),
    ...(c.state !== undefined ? { state: c.state } : {}),
  };
}

function scopedToV1(c: Claim): Claim {
  return { ...gri(c), ...(selectorOf(c).matchAll ? { all: true } : {}) };
}

const isWildcardMatchAll = (c: Claim) => isWildcard(c) && selectorOf(c).matchAll === true;

function restoreV1Fields(target: Claim[] | undefined, original: Claim[] | undefined): void {
  for (const pc of original ?? [])
    for (const c of target ?? [])
      if (sameGRI(pc, c)) {
        if (pc.all !== undefined) c.all = pc.all;
        else delete c.all;
        if (pc.resourceSelector !== undefined) c.resourceSelector = pc.resourceSelector;
      }
}

function restoreV2Fields(
  target: Claim[] | undefined,
  extra: Claim[] | undefined,
  withSelector: boolean,
): void {
  for (const pc of extra ?? [])
    for (const c of target ?? [])
      if (sameGRI(pc, c)) {
        c.verbs = pc.verbs;
        if (withSelector && pc.selector !== undefined) c.selector = pc.selector;
      }
}

function defaultV2Claims(claims: Claim[] | undefined, withSelector: boolean): void {
  for (const c of claims ?? []) {
    if (!Array.isArray(c.verbs) || c.verbs.length === 0) c.verbs = ['*'];
    if (!withSelector) continue;
    const s = selectorOf(c);
    const empty =
      !s.matchAll &&
      Object.keys((s.matchLabels as Obj | undefined) ?? {}).length === 0 &&
      ((s.matchExpressions as unknown[] | undefined) ?? []).length === 0;
    if (empty) c.selector = { ...s, matchAll: true };
  }
}

function bindingToV2(input: KubeObject): KubeObject {
  const out = structuredClone(input);
  out.apiVersion = v1alpha2;
  const a = annotations(out);
  const spec = { ...((input.spec ?? {}) as Obj) };
  const status = { ...((input.status ?? {}) as Obj) };
  const v1Claims = (spec.permissionClaims as Claim[] | undefined) ?? [];
  if (v1Claims.length > 0) spec.permissionClaims = v1Claims.map(acceptableToV2);
  a.put(
    v1alpha1PermissionClaimsAnnotation,
    v1Claims.filter((c) => !(c.all === true && c.resourceSelector === undefined)),
  );
  restoreV2Fields(
    spec.permissionClaims as Claim[] | undefined,
    a.take<Claim>(acceptableClaimsAnnotation),
    true,
  );
  defaultV2Claims(spec.permissionClaims as Claim[] | undefined, true);

  const exportClaims = (status.exportPermissionClaims as Claim[] | undefined) ?? [];
  if (exportClaims.length > 0) status.exportPermissionClaims = exportClaims.map(claimToV2);
  a.put(v1alpha1StatusClaimsAnnotation, exportClaims);
  const applied = (status.appliedPermissionClaims as Claim[] | undefined) ?? [];
  if (applied.length > 0) status.appliedPermissionClaims = applied.map(claimToV2);
  a.put(
    v1alpha1StatusAppliedAnnotation,
    applied.filter((c) => !(c.all === true && c.resourceSelector === undefined)),
  );
  restoreV2Fields(
    status.exportPermissionClaims as Claim[] | undefined,
    a.take<Claim>(statusClaimsAnnotation),
    false,
  );
  restoreV2Fields(
    status.appliedPermissionClaims as Claim[] | undefined,
    a.take<Claim>(statusAppliedAnnotation),
    true,
  );
  defaultV2Claims(status.exportPermissionClaims as Claim[] | undefined, false);
  defaultV2Claims(status.appliedPermissionClaims as Claim[] | undefined, true);
  out.spec = spec;
  if (input.status !== undefined) out.status = status;
  a.done();
  return out;
}

function bindingToV1(input: KubeObject): KubeObject {
  const out = structuredClone(input);
  out.apiVersion = v1alpha1;
  const a = annotations(out);
  const spec = { ...((input.spec ?? {}) as Obj) };
  const status = { ...((input.status ?? {}) as Obj) };
  const claims = (spec.permissionClaims as Claim[] | undefined) ?? [];
  a.put(
    acceptableClaimsAnnotation,
    claims.filter((c) => !isWildcardMatchAll(c)),
  );
  if (claims.length > 0) spec.permissionClaims = claims.map(acceptableToV1);
  restoreV1Fields(
    spec.permissionClaims as Claim[] | undefined,
    a.take<Claim>(v1alpha1PermissionClaimsAnnotation),
  );

  const exportClaims = (status.exportPermissionClaims as Claim[] | undefined) ?? [];
  a.put(
    statusClaimsAnnotation,
    exportClaims.filter((c) => !isWildcard(c)),
  );
  if (exportClaims.length > 0) status.exportPermissionClaims = exportClaims.map(claimToV1);
  const applied = (status.appliedPermissionClaims as Claim[] | undefined) ?? [];
  a.put(
    statusAppliedAnnotation,
    applied.filter((c) => !isWildcardMatchAll(c)),
  );
  if (applied.length > 0) status.appliedPermissionClaims = applied.map(scopedToV1);
  restoreV1Fields(
    status.exportPermissionClaims as Claim[] | undefined,
    a.take<Claim>(v1alpha1StatusClaimsAnnotation),
  );
  restoreV1Fields(
    status.appliedPermissionClaims as Claim[] | undefined,
    a.take<Claim>(v1alpha1StatusAppliedAnnotation),
  );
  out.spec = spec;
  if (input.status !== undefined) out.status = status;
  a.done();
  return out;
}

/** `obj` (an APIExport of either version) in apiVersion `to`. */
export function convertExport(obj: KubeObject, to: string): KubeObject {
  if (obj.apiVersion === to) return obj;
  return to === v1alpha2 ? exportToV2(obj) : exportToV1(obj);
}

/** `obj` (an APIBinding of either version) in apiVersion `to`. */
export function convertBinding(obj: KubeObject, to: string): KubeObject {
  if (obj.apiVersion === to) return obj;
  return to === v1alpha2 ? bindingToV2(obj) : bindingToV1(obj);
}
