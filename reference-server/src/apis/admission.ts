// Admission of apis.kcp.io objects, as kcp's plugins do it (pkg/admission/apiresourceschema,
// apiexport, apibinding, apibindingfinalizer, apiexportendpointslice, workspacetype, pathannotation).
// The CRD schemas (crds/) already checked shapes, patterns and CEL rules (422); what is here is
// what kcp checks in Go, refused with 403 in kcp's words:
//   APIResourceSchema: the name `<prefix>.<plural>.<group|core>`, the group, one storage version,
//     unique versions, required names, an immutable spec;
//   APIExport: each resource's schema named `.<name>.<group|core>`, identity hashes on claims of
//     types that are not built in;
//   APIBinding and APIExportEndpointSlice: `bind` on the export, checked in the export's workspace
//     without its workspace-access gate, and the same answer when the export does not exist; the
//     export label; the finalizer;
//   WorkspaceType: `bind` on each new defaultAPIBindings export;
//   APIExports, APIBindings: the workspace's path in `kcp.io/path`.

import { forbidden, invalid } from '../api/status.js';
import { validateValue } from '../apiextensions/schema/validate.js';
import { toInvalidField } from '../registry/field-errors.js';
import type { KubeObject } from '../api/types.js';
import { systemMasters } from '../authn/user.js';
import { resourceAttributes, type Authorizer } from '../authz/authorizer.js';
import type { AdmissionPlugin, AdmissionRequest } from '../admission/admission.js';
import { logicalClusterName, logicalClusters } from '../registry/builtins/logicalclusters.js';
import { workspaceTypes, type WorkspaceTypeSpec } from '../registry/builtins/tenancy.js';
import { getObject } from '../registry/objects.js';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../registry/validation.js';
import type { Store } from '../storage/store.js';
import { resolveClusterPath } from '../tenancy/paths.js';
import { pathAnnotation } from '../tenancy/workspace-types.js';
import { exportLabelValue } from './hashes.js';
import { apisGroup, bindingFinalizer, exportLabel } from './names.js';
import { apiExports } from './system-types.js';
import type {
  APIBinding,
  APIExport,
  APIExportEndpointSlice,
  APIResourceSchema,
  ExportReference,
} from './types.js';

const isMaster = (r: AdmissionRequest) => r.user.groups.includes(systemMasters);

function refuse(r: AdmissionRequest, why: string): never {
  const t = r.scope.type;
  throw forbidden(`${t.names.plural}.${t.group} "${r.name}" is forbidden: ${why}`, {
    name: r.name,
    group: t.group,
    kind: t.names.plural,
  });
}

/** One message for one problem, Go's aggregate `[a, b]` for several. */
function refuseAll(r: AdmissionRequest, problems: string[]): void {
  if (problems.length === 1) refuse(r, problems[0]!);
  if (problems.length > 1) refuse(r, `[${problems.join(', ')}]`);
}

const quote = (v: unknown) => JSON.stringify(v);
const prefixPattern = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const singleSegmentGroups = new Set(['apps', 'batch', 'extensions', 'policy', 'autoscaling']);

function schemaProblems(schema: APIResourceSchema): string[] {
  const out: string[] = [];
  const spec = schema.spec;
  const name = schema.metadata?.name ?? '';
  const plural = spec.names?.plural ?? '';
  const groupSegment = spec.group || 'core';
  if (plural) {
    const suffix = `.${plural}.${groupSegment}`;
    if (!name.endsWith(suffix))
      out.push(`metadata.name: Invalid value: ${quote(name)}: must end in ${suffix}`);
    else if (!prefixPattern.test(name.slice(0, -suffix.length)))
      out.push(
        `metadata.name: Invalid value: ${quote(name)}: must match ${prefixPattern.source} in front of ${suffix}`,
      );
  }
  if (spec.group === 'core')
    out.push(`spec.group: Invalid value: "core": must be empty string for the core group`);
  else if (spec.group) {
    for (const e of dns1123SubdomainErrors(spec.group))
      out.push(`spec.group: Invalid value: ${quote(spec.group)}: ${e}`);
    if (!spec.group.includes('.') && !singleSegmentGroups.has(spec.group))
      out.push(`spec.group: Invalid value: ${quote(spec.group)}: should be a domain with at least one dot`);
  }
  for (const field of ['plural', 'singular', 'kind', 'listKind'] as const)
    if (!spec.names?.[field]) out.push(`spec.names.${field}: Required value`);
  const versions = spec.versions ?? [];
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    for (const e of dns1123LabelErrors(v.name ?? ''))
      out.push(`spec.versions[${i}].name: Invalid value: ${quote(v.name)}: ${e}`);
    if (v.schema === undefined || v.schema === null) out.push(`spec.versions[${i}].schema: Required value`);
    seen.add(v.name ?? '');
  });
  if (seen.size !== versions.length)
    out.push(
      `spec.versions: Invalid value: ${quote(versions.map((v) => v.name))}: must contain unique version names`,
    );
  if (versions.filter((v) => v.storage).length !== 1)
    out.push(
      `spec.versions: Invalid value: ${quote(versions.map((v) => v.name))}: must have exactly one version marked as storage version`,
    );
  return out;
}

/** kcp's list of types a claim may name without an identity (pkg/virtual/apiexport/schemas/builtin). */
const builtinClaimable = new Set([
  'namespaces', 'configmaps', 'events', 'resourcequotas', 'secrets', 'serviceaccounts',
  'clusterroles.rbac.authorization.k8s.io', 'clusterrolebindings.rbac.authorization.k8s.io',
  'roles.rbac.authorization.k8s.io', 'rolebindings.rbac.authorization.k8s.io',
  'certificatesigningrequests.certificates.k8s.io', 'leases.coordination.k8s.io',
  'mutatingwebhookconfigurations.admissionregistration.k8s.io',
  'validatingwebhookconfigurations.admissionregistration.k8s.io',
  'mutatingadmissionpolicies.admissionregistration.k8s.io',
  'mutatingadmissionpolicybindings.admissionregistration.k8s.io',
  'validatingadmissionpolicies.admissionregistration.k8s.io',
  'validatingadmissionpolicybindings.admissionregistration.k8s.io',
  'events.events.k8s.io', 'customresourcedefinitions.apiextensions.k8s.io', 'logicalclusters.core.kcp.io',
  'subjectaccessreviews.authorization.k8s.io', 'localsubjectaccessreviews.authorization.k8s.io',
  'tokenreviews.authentication.k8s.io',
]); // prettier-ignore

function exportProblems(e: APIExport): string[] {
  const out: string[] = [];
  (e.spec?.resources ?? []).forEach((res, i) => {
    const suffix = `.${res.name}.${res.group || 'core'}`;
    // A missing schema is Go's empty string, refused the same way.
    const schema = res.schema ?? '';
    if (!schema.endsWith(suffix))
      out.push(`spec.resources[${i}].schema: Invalid value: ${quote(schema)}: must end in ${suffix}`);
  });
  (e.spec?.permissionClaims ?? []).forEach((claim, i) => {
    const gr = claim.group ? `${claim.resource}.${claim.group}` : claim.resource;
    if (!claim.identityHash && claim.group !== apisGroup && !builtinClaimable.has(gr))
      out.push(
        `spec.permissionClaims[${i}].identityHash: Invalid value: "": identityHash is required for API types that are not built-in`,
      );
  });
  return out;
}

export function apisAdmission(store: Store, authorizeBind: Authorizer): AdmissionPlugin {
  /** The export's logical cluster; path "" is the requester's own, `root` needs no lookup. */
  async function exportCluster(cluster: string, ref: ExportReference): Promise<string | undefined> {
    if (!ref.path) return cluster;
    if (ref.path === 'root') return 'root';
    return resolveClusterPath(store, ref.path);
  }

  async function mayBind(
    r: AdmissionRequest,
    cluster: string | undefined,
    exportName: string,
  ): Promise<boolean> {
    if (!cluster) return false;
    const decision = await authorizeBind(
      resourceAttributes({
        user: r.user,
        cluster,
        verb: 'bind',
        group: apisGroup,
        resource: 'apiexports',
        name: exportName,
      }),
    );
    return decision.decision === 'allow';
  }

  const describe = (ref: ExportReference) => (ref.path ? `${ref.path}:${ref.name}` : ref.name);

  async function annotatePath(obj: KubeObject, cluster: string): Promise<void> {
    const lc = await getObject(store, { type: logicalClusters, cluster }, logicalClusterName).catch(
      () => undefined,
    );
    const path = lc?.metadata?.annotations?.[pathAnnotation];
    if (path) {
      const meta = (obj.metadata ??= {});
      meta.annotations = { ...(meta.annotations ?? {}), [pathAnnotation]: path };
    }
  }

  async function admitBinding(r: AdmissionRequest): Promise<void> {
    const binding = r.object as APIBinding | undefined;
    const old = r.old as APIBinding | undefined;
    if (r.operation === 'delete' || !binding) return;
    const meta = (binding.metadata ??= {});
    const finalizers = meta.finalizers ?? [];
    if (!meta.deletionTimestamp && !finalizers.includes(bindingFinalizer))
      meta.finalizers = [...finalizers, bindingFinalizer];
    if (
      meta.deletionTimestamp &&
      (old?.metadata?.finalizers ?? []).includes(bindingFinalizer) &&
      !(meta.finalizers ?? []).includes(bindingFinalizer) &&
      !isMaster(r)
    )
      refuse(r, `removing the finalizer ${bindingFinalizer} is forbidden`);
    await annotatePath(binding, r.scope.cluster);
    const ref = binding.spec?.reference?.export;
    if (!ref?.name) return; // the schema refuses it
    const refChanged =
      JSON.stringify(old?.spec?.reference ?? null) !== JSON.stringify(binding.spec?.reference ?? null);
    const labelChanged =
      old !== undefined && old.metadata?.labels?.[exportLabel] !== meta.labels?.[exportLabel];
    if (r.operation === 'update' && !refChanged && !labelChanged) return;
    const cluster = await exportCluster(r.scope.cluster, ref);
    const exists =
      cluster !== undefined && (ref.path === 'root' || !ref.path || (await exportExists(cluster, ref.name)));
    if (!exists || !(await mayBind(r, cluster, ref.name)))
      refuse(r, `unable to ${r.operation} APIBinding: no permission to bind to export ${describe(ref)}`);
    meta.labels = { ...(meta.labels ?? {}), [exportLabel]: exportLabelValue(cluster!, ref.name) };
  }

  async function exportExists(cluster: string, name: string): Promise<boolean> {
    return (await getObject(store, { type: apiExports, cluster }, name).catch(() => undefined)) !== undefined;
  }

  async function admitEndpointSlice(r: AdmissionRequest): Promise<void> {
    const slice = r.object as APIExportEndpointSlice | undefined;
    if (r.operation === 'delete' || !slice) return;
    const ref = slice.spec?.export;
    if (!ref?.name) {
      if (r.operation === 'create') refuse(r, '[spec.export.name: Required value]');
      return;
    }
    const old = (r.old as APIExportEndpointSlice | undefined)?.spec?.export;
    if (r.operation === 'update' && JSON.stringify(old ?? null) === JSON.stringify(ref)) return;
    // The slices the APIExport controller makes for its own exports are the server's own writes.
    if (isMaster(r)) return;
    const cluster = ref.path ? await resolveClusterPath(store, ref.path) : r.scope.cluster;
    if (!cluster || !(await exportExists(cluster, ref.name)) || !(await mayBind(r, cluster, ref.name)))
      refuse(r, `unable to create APIExportEndpointSlice: no permission to bind to export ${describe(ref)}`);
  }

  async function admitWorkspaceType(r: AdmissionRequest): Promise<void> {
    if (r.operation === 'delete' || !r.object) return;
    const spec = (r.object.spec ?? {}) as WorkspaceTypeSpec;
    const before = ((r.old?.spec ?? {}) as WorkspaceTypeSpec).defaultAPIBindings ?? [];
    for (const ref of spec.defaultAPIBindings ?? []) {
      // Entries the type already had are kept whatever their permission is now.
      if (before.some((b) => (b.path ?? '') === (ref.path ?? '') && b.export === ref.export)) continue;
      const cluster = !ref.path
        ? r.scope.cluster
        : ref.path === 'root'
          ? 'root'
          : await resolveClusterPath(store, ref.path);
      if (!(await mayBind(r, cluster, ref.export)))
        refuse(
          r,
          `unable to create or update WorkspaceType: no permission to bind to export ${ref.path ? `${ref.path}:` : ''}${ref.export}`,
        );
    }
  }

  return async (r) => {
    const t = r.scope.type;
    if (t !== workspaceTypes && t.group !== apisGroup) return;
    // kcp's admission plugins read these objects as Go structs, which a wrongly typed value cannot
    // become: refused here as schema validation would refuse it, before any plugin reads it.
    if (r.object && t.schema) {
      const wrong = validateValue(t.schema, r.object, '', '').filter((e) =>
        e.detail.includes('must be of type'),
      );
      if (wrong.length > 0) throw invalid(t.group, t.names.kind, r.name, wrong.map(toInvalidField));
    }
    if (t === workspaceTypes) return admitWorkspaceType(r);
    switch (t.names.plural) {
      case 'apiresourceschemas': {
        if (r.operation === 'delete' || !r.object) return;
        const schema = r.object as APIResourceSchema;
        refuseAll(r, schemaProblems(schema));
        if (
          r.operation === 'update' &&
          JSON.stringify(schema.spec) !== JSON.stringify((r.old as APIResourceSchema).spec)
        )
          refuse(r, `spec: Invalid value: ${quote(schema.spec)}: is immutable`);
        return;
      }
      case 'apiexports': {
        if (r.operation === 'delete' || !r.object) return;
        await annotatePath(r.object, r.scope.cluster);
        refuseAll(r, exportProblems(toStorageShape(r)));
        return;
      }
      case 'apibindings':
        return admitBinding(r);
      case 'apiexportendpointslices':
        return admitEndpointSlice(r);
    }
  };
}

/** v1alpha1 exports are checked in the storage version's shape, as kcp converts before checking. */
function toStorageShape(r: AdmissionRequest): APIExport {
  const t = r.scope.type;
  return (t.toStorage ? t.toStorage(r.object!) : r.object) as APIExport;
}
