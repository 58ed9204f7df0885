// apiextensions.k8s.io/v1 CustomResourceDefinition, as kube-apiserver's apiextensions server
// (and kcp, per workspace) serves it: defaults (singular, listKind, conversion None), validation
// with kube's paths and wording (apiextensions/validation/validation.go), generation bumped on
// spec changes, storedVersions kept, and the cleanup finalizer added by DELETE so the CRD
// controller can remove the instances first. Table: Name, Created At (the default convertor).
//
// Deliberate difference: conversion strategy Webhook is refused (422); this server cannot call
// conversion webhooks, and serving such a CRD with None conversion would hand clients objects in
// a shape they did not ask for.

import {
  crdCleanupFinalizer,
  crdGroup,
  type CRDNames,
  type CRDVersion,
  type CustomResourceDefinition,
  storageVersionOf,
} from '../../apiextensions/crd-object.js';
import { structuralSchemaErrors } from '../../apiextensions/schema-adapter.js';
import { forbidden } from '../../api/status.js';
import { type FieldError, forbiddenField, invalidValue, required } from '../field-errors.js';
import type { ResourceType } from '../resource-type.js';
import { dns1123SubdomainErrors } from '../validation.js';
import { notSupported } from './go-compat.js';

const dns1035Fmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const dns1035 = new RegExp(`^${dns1035Fmt}$`);

export function dns1035LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!dns1035.test(value))
    errs.push(
      `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${dns1035Fmt}')`,
    );
  return errs;
}

/** Groups kcp's apiextensions accept without the domain rules (validation_kcp.go), core included. */
const kubernetesAPIGroups = new Set([
  'admissionregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'imagepolicy.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
  '',
]);

const printerColumnTypes = ['boolean', 'date', 'integer', 'number', 'string'];
const printerColumnFormats = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

function namesErrors(names: CRDNames, path: string): FieldError[] {
  const out: FieldError[] = [];
  const label = (field: string, value: string | undefined, mixedCase: boolean) => {
    if (!value) return;
    const errs = dns1035LabelErrors(mixedCase ? value.toLowerCase() : value);
    if (errs.length === 0) return;
    const why = errs.join(',');
    out.push(
      invalidValue(
        `${path}.${field}`,
        value,
        mixedCase ? `may have mixed case, but should otherwise match: ${why}` : why,
      ),
    );
  };
  label('plural', names.plural, false);
  label('singular', names.singular, false);
  label('kind', names.kind, true);
  label('listKind', names.listKind, true);
  (names.shortNames ?? []).forEach((s, i) => {
    const errs = dns1035LabelErrors(s);
    if (errs.length > 0) out.push(invalidValue(`${path}.shortNames[${i}]`, s, errs.join(',')));
  });
  if (names.kind && names.kind === names.listKind)
    out.push(invalidValue(`${path}.listKind`, names.listKind, 'kind and listKind may not be the same'));
  (names.categories ?? []).forEach((c, i) => {
    const errs = dns1035LabelErrors(c);
    if (errs.length > 0) out.push(invalidValue(`${path}.categories[${i}]`, c, errs.join(',')));
  });
  return out;
}

/**
 * Where kube reports a version's schema, subresources and columns. Its v1 → internal conversion
 * hoists them to spec.validation / spec.subresources / spec.additionalPrinterColumns when every
 * version has the same (always so for a single version), and reports them there, once.
 */
interface VersionPaths {
  schema: string | undefined;
  subresources: string | undefined;
  columns: string | undefined;
  /** Where selectableFields are checked; undefined when another version reports them. */
  selectableFields: string | undefined;
  /** The schema was hoisted but this version's selectableFields were not: kube refuses them. */
  selectableFieldsWithoutSchema: boolean;
}

/** MaxSelectableFields of apiextensions validation. */
const maxSelectableFields = 8;

/**
 * Whether every version has the same schema, and the same selectableFields (Semantic.DeepEqual:
 * an empty list equals none), which v1 -> internal conversion moves to the top level.
 */
function hoisting(versions: CRDVersion[]): { schemaSame: boolean; selectableSame: boolean } {
  const same = (pick: (v: CRDVersion) => string) => versions.every((v) => pick(v) === pick(versions[0]!));
  return {
    schemaSame: versions.length > 0 && same((v) => JSON.stringify(v.schema?.openAPIV3Schema ?? null)),
    selectableSame:
      versions.length > 0 &&
      same((v) => JSON.stringify(v.selectableFields?.length ? v.selectableFields : [])),
  };
}

function versionPaths(versions: CRDVersion[], i: number): VersionPaths {
  const same = (pick: (v: CRDVersion) => unknown) =>
    versions.length > 0 &&
    pick(versions[0]!) !== undefined &&
    versions.every((v) => JSON.stringify(pick(v)) === JSON.stringify(pick(versions[0]!)));
  const at = `spec.versions[${i}]`;
  const hoisted = (top: string, own: string, isSame: boolean) => (isSame ? (i === 0 ? top : undefined) : own);
  const { selectableSame, schemaSame } = hoisting(versions);
  return {
    // Hoisted selectableFields beside per-version schemas are refused at the top (crdErrors).
    selectableFields:
      selectableSame && !schemaSame
        ? undefined
        : hoisted('spec.selectableFields', `${at}.selectableFields`, selectableSame),
    selectableFieldsWithoutSchema: schemaSame && !selectableSame,
    schema: hoisted(
      'spec.validation',
      `${at}.schema`,
      same((v) => v.schema?.openAPIV3Schema),
    ),
    subresources: hoisted(
      'spec.subresources',
      `${at}.subresources`,
      same((v) => v.subresources),
    ),
    columns: hoisted(
      'spec.additionalPrinterColumns',
      `${at}.additionalPrinterColumns`,
      same((v) => (v.additionalPrinterColumns?.length ? v.additionalPrinterColumns : undefined)),
    ),
  };
}

function versionErrors(v: CRDVersion, path: string, paths: VersionPaths): FieldError[] {
  const out: FieldError[] = [];
  const schema = v.schema?.openAPIV3Schema;
  if (!schema) out.push(required(`${path}.schema.openAPIV3Schema`));
  if (typeof v.name !== 'string' || dns1035LabelErrors(v.name).length > 0)
    out.push(invalidValue(`${path}.name`, v.name ?? '', dns1035LabelErrors(String(v.name ?? '')).join(',')));
  if (schema && paths.schema) {
    out.push(...structuralSchemaErrors(schema, `${paths.schema}.openAPIV3Schema`));
    if (v.subresources?.status !== undefined && schema.type !== undefined && schema.type !== 'object')
      out.push(
        invalidValue(
          `${paths.schema}.openAPIV3Schema.type`,
          schema.type,
          'only "object" is allowed as the type at the root of the schema if the status subresource is enabled',
        ),
      );
  }
  (paths.columns ? (v.additionalPrinterColumns ?? []) : []).forEach((c, i) => {
    const p = `${paths.columns}[${i}]`;
    if (!c.name) out.push(required(`${p}.name`));
    const typeWhy = `must be one of ${printerColumnTypes.join(',')}`;
    if (!c.type) out.push(required(`${p}.type`, typeWhy));
    else if (!printerColumnTypes.includes(c.type)) out.push(invalidValue(`${p}.type`, c.type, typeWhy));
    if (c.format && !printerColumnFormats.includes(c.format))
      out.push(invalidValue(`${p}.format`, c.format, `must be one of ${printerColumnFormats.join(',')}`));
    if (!c.jsonPath) out.push(required(`${p}.JSONPath`));
    else if (!c.jsonPath.startsWith('.'))
      out.push(invalidValue(`${p}.JSONPath`, c.jsonPath, 'must be a simple json path starting with .'));
  });
  const selectable = v.selectableFields ?? [];
  if (selectable.length > 0 && paths.selectableFieldsWithoutSchema)
    out.push(
      invalidValue(
        `${path}.selectableFields`,
        '',
        'may only be set when `version.schema.openAPIV3Schema` is not included',
      ),
    );
  const seen = new Set<string>();
  (paths.selectableFields && !paths.selectableFieldsWithoutSchema ? selectable : []).forEach((f, i) => {
    const p = `${paths.selectableFields}[${i}].jsonPath`;
    if (!f.jsonPath) return out.push(required(p));
    if (f.jsonPath.startsWith('.metadata'))
      out.push(invalidValue(p, f.jsonPath, 'must not point to fields in metadata'));
    if (seen.has(f.jsonPath))
      out.push({
        type: 'FieldValueDuplicate',
        field: p,
        detail: `Duplicate value: ${JSON.stringify(f.jsonPath)}`,
      });
    seen.add(f.jsonPath);
  });
  if (seen.size > maxSelectableFields)
    out.push({
      type: 'FieldValueTooMany',
      field: `${paths.selectableFields}`,
      detail: `Too many: ${seen.size}: must have at most ${maxSelectableFields} items`,
    });
  const scale = v.subresources?.scale;
  if (scale && paths.subresources) {
    const p = `${paths.subresources}.scale`;
    if (!scale.specReplicasPath) out.push(required(`${p}.specReplicasPath`));
    else if (!scale.specReplicasPath.startsWith('.spec.'))
      out.push(
        invalidValue(`${p}.specReplicasPath`, scale.specReplicasPath, 'should be a json path under .spec'),
      );
    if (!scale.statusReplicasPath) out.push(required(`${p}.statusReplicasPath`));
    else if (!scale.statusReplicasPath.startsWith('.status.'))
      out.push(
        invalidValue(
          `${p}.statusReplicasPath`,
          scale.statusReplicasPath,
          'should be a json path under .status',
        ),
      );
    if (scale.labelSelectorPath && !/^\.(spec|status)\./.test(scale.labelSelectorPath))
      out.push(
        invalidValue(
          `${p}.labelSelectorPath`,
          scale.labelSelectorPath,
          'should be a json path under either .spec or .status',
        ),
      );
  }
  return out;
}

/** validateCustomResourceDefinitionSpec, the checks clients meet in practice. */
export function crdErrors(crd: CustomResourceDefinition): FieldError[] {
  const out: FieldError[] = [];
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  const group = spec.group ?? '';
  const name = crd.metadata?.name ?? '';
  // The CRDs that serve APIBindings are named by their schema's UID (kcp system:bound-crds); only
  // the server writes that annotation (reserved for clients, see refuseReservedAnnotations).
  const bound = crd.metadata?.annotations?.['apis.kcp.io/bound-crd'] !== undefined;
  if (name && !bound && name !== `${names.plural ?? ''}.${group || 'core'}`)
    out.push(invalidValue('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  const groupErrs = dns1123SubdomainErrors(group);
  if (kubernetesAPIGroups.has(group)) {
    // kcp lets Kubernetes' own groups be defined by CRDs (its control plane lacks most of them).
  } else if (groupErrs.length > 0) out.push(invalidValue('spec.group', group, groupErrs.join(',')));
  else if (!group.includes('.'))
    out.push(invalidValue('spec.group', group, 'should be a domain with at least one dot'));
  if (!spec.scope) out.push(required('spec.scope'));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced')
    out.push(notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));

  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  versions.forEach((v, i) => out.push(...versionErrors(v, `spec.versions[${i}]`, versionPaths(versions, i))));
  const { schemaSame, selectableSame } = hoisting(versions);
  if (selectableSame && !schemaSame && (versions[0]!.selectableFields ?? []).length > 0)
    // Identical selectableFields move to the top level, different schemas stay per version.
    out.push(
      invalidValue('spec.selectableFields', '', 'may only be set when validations.schema is included'),
    );
  const versionNames = versions.map((v) => v.name);
  if (new Set(versionNames).size !== versionNames.length)
    out.push(invalidValue('spec.versions', versionNames, 'must contain unique version names'));
  if (versions.filter((v) => v.storage).length !== 1)
    out.push(
      invalidValue('spec.versions', versionNames, 'must have exactly one version marked as storage version'),
    );

  if (!names.plural) out.push(required('spec.names.plural'));
  if (!names.singular) out.push(required('spec.names.singular'));
  if (!names.kind) out.push(required('spec.names.kind'));
  if (!names.listKind) out.push(required('spec.names.listKind'));
  out.push(...namesErrors(names, 'spec.names'));

  const strategy = spec.conversion?.strategy ?? 'None';
  if (strategy !== 'None') out.push(notSupported('spec.conversion.strategy', strategy, ['None']));
  else if (spec.conversion?.webhook !== undefined)
    out.push(
      forbiddenField('spec.conversion.webhook', 'should not be set when strategy is not set to Webhook'),
    );

  const stored = crd.status?.storedVersions ?? [];
  if (stored.length === 0)
    out.push(invalidValue('status.storedVersions', null, 'must have at least one stored version'));
  stored.forEach((s, i) => {
    if (!versionNames.includes(s))
      out.push(
        invalidValue(
          `status.storedVersions[${i}]`,
          s,
          `missing from spec.versions; ${s} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${s} and removes ${s} from status.storedVersions`,
        ),
      );
  });
  return out;
}

function crdUpdateErrors(crd: CustomResourceDefinition, old: CustomResourceDefinition): FieldError[] {
  const out = [...crdErrors(crd), ...apiApprovalErrors(crd, old)];
  if (crd.spec?.group !== old.spec?.group)
    out.push(invalidValue('spec.group', crd.spec?.group ?? '', 'field is immutable'));
  if (crd.spec?.names?.plural !== old.spec?.names?.plural)
    out.push(invalidValue('spec.names.plural', crd.spec?.names?.plural ?? '', 'field is immutable'));
  return out;
}

/**
 * kcp's reservedcrdgroups admission: `*apis.kcp.io` groups belong to kcp's system CRDs. Raised
 * before validation, as admission runs before it.
 */
function refuseReservedGroup(crd: CustomResourceDefinition): void {
  const group = crd.spec?.group;
  if (typeof group === 'string' && group.endsWith('apis.kcp.io')) {
    const name = crd.metadata?.name ?? '';
    throw forbidden(
      `customresourcedefinitions.${crdGroup} "${name}" is forbidden: ${group} is a reserved group`,
      {
        name,
        group: crdGroup,
        kind: 'customresourcedefinitions',
      },
    );
  }
}

/**
 * kcp's reservedcrdannotations admission: annotations under apis.kcp.io (the bound-CRD markers
 * kcp puts on the CRDs that serve APIBindings) are not for client CRDs.
 */
function refuseReservedAnnotations(crd: CustomResourceDefinition): void {
  const reserved = Object.keys(crd.metadata?.annotations ?? {}).filter((key) => {
    const slash = key.indexOf('/');
    const prefix = slash < 0 ? '' : key.slice(0, slash);
    return prefix === 'apis.kcp.io' || prefix.endsWith('.apis.kcp.io');
  });
  if (reserved.length === 0) return;
  const name = crd.metadata?.name ?? '';
  const what = reserved.map((key) => `${key} is a reserved annotation`);
  throw forbidden(
    `customresourcedefinitions.${crdGroup} "${name}" is forbidden: ${what.length === 1 ? what[0] : `[${what.join(', ')}]`}`,
    { name, group: crdGroup, kind: 'customresourcedefinitions' },
  );
}

const approvalAnnotation = 'api-approved.kubernetes.io';
const approvalDoc = 'see https://github.com/kubernetes/enhancements/pull/1111';

/** Groups under k8s.io and kubernetes.io need the API approval annotation (validateAPIApproval). */
function apiApprovalErrors(crd: CustomResourceDefinition, old?: CustomResourceDefinition): FieldError[] {
  const group = crd.spec?.group ?? '';
  const isProtected = ['k8s.io', 'kubernetes.io'].some((d) => group === d || group.endsWith(`.${d}`));
  if (!isProtected) return [];
  const state = (c: CustomResourceDefinition | undefined) => {
    const value = c?.metadata?.annotations?.[approvalAnnotation] ?? '';
    if (value === '') return 'missing';
    if (value.startsWith('unapproved')) return 'bypassed';
    return /^[a-z][a-z0-9+.-]*:\/\/[^/\s]+/i.test(value) ? 'approved' : 'invalid';
  };
  const now = state(crd);
  // An unchanged approval state never fails, so controllers may update old CRDs' specs.
  if (old && state(old) === now) return [];
  const field = `metadata.annotations[${approvalAnnotation}]`;
  if (now === 'missing')
    return [
      required(
        field,
        `protected groups must have approval annotation "${approvalAnnotation}", ${approvalDoc}`,
      ),
    ];
  if (now === 'invalid')
    return [
      invalidValue(
        field,
        crd.metadata?.annotations?.[approvalAnnotation],
        `protected groups must have approval annotation "${approvalAnnotation}" with either a URL or a reason starting with "unapproved", ${approvalDoc}`,
      ),
    ];
  return [];
}

/** SetDefaults_CustomResourceDefinition{Spec}: what the v1 API fills in. */
function setDefaults(crd: CustomResourceDefinition): void {
  const spec = crd.spec;
  if (!spec || typeof spec !== 'object') return;
  const names = spec.names;
  if (names && typeof names === 'object') {
    if (!names.singular && names.kind) names.singular = names.kind.toLowerCase();
    if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  }
  spec.conversion ??= { strategy: 'None' };
  spec.conversion.strategy ??= 'None';
}

/** The storage version joins storedVersions (the apiextensions strategy does it on every write). */
function recordStorageVersion(crd: CustomResourceDefinition): void {
  const storage = storageVersionOf(crd);
  const status = (crd.status ??= {});
  const stored = (status.storedVersions ??= []);
  if (storage && !stored.includes(storage)) stored.push(storage);
}

export const customResourceDefinitions: ResourceType = {
  group: crdGroup,
  version: 'v1',
  storageVersion: true,
  names: {
    plural: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    kind: 'CustomResourceDefinition',
    listKind: 'CustomResourceDefinitionList',
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
  },
  namespaced: false,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: ['status'],
  nameValidation: 'DNS1123Subdomain',
  fields: { spec: 'object', status: 'object' },
  columns: [
    {
      name: 'Created At',
      type: 'date',
      description:
        'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
      priority: 0,
      cell: (o) => o.metadata?.creationTimestamp ?? null,
    },
  ],
  strategy: {
    prepareForCreate(obj) {
      const crd = obj as CustomResourceDefinition;
      refuseReservedGroup(crd);
      refuseReservedAnnotations(crd);
      setDefaults(crd);
      // The controllers own status; a new CRD starts with no accepted names.
      crd.status = { conditions: null, acceptedNames: { plural: '', kind: '' }, storedVersions: [] };
      recordStorageVersion(crd);
      crd.metadata!.generation = 1;
    },
    prepareForUpdate(obj, old) {
      const crd = obj as CustomResourceDefinition;
      refuseReservedGroup(crd);
      refuseReservedAnnotations(crd);
      setDefaults(crd);
      crd.status = structuredClone((old as CustomResourceDefinition).status ?? {});
      recordStorageVersion(crd);
      const oldGeneration = old.metadata?.generation ?? 1;
      crd.metadata!.generation =
        JSON.stringify(crd.spec) === JSON.stringify(old.spec) ? oldGeneration : oldGeneration + 1;
    },
    prepareForDelete(obj) {
      const meta = obj.metadata!;
      if (!(meta.finalizers ?? []).includes(crdCleanupFinalizer))
        meta.finalizers = [...(meta.finalizers ?? []), crdCleanupFinalizer];
      setCondition(obj as CustomResourceDefinition, {
        type: 'Terminating',
        status: 'True',
        reason: 'InstanceDeletionPending',
        message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
      });
    },
    validateCreate: (obj) => [
      ...crdErrors(obj as CustomResourceDefinition),
      ...apiApprovalErrors(obj as CustomResourceDefinition),
    ],
    validateUpdate: (obj, old) =>
      crdUpdateErrors(obj as CustomResourceDefinition, old as CustomResourceDefinition),
  },
};

/** Sets a condition, keeping lastTransitionTime when the status does not change. */
export function setCondition(
  crd: CustomResourceDefinition,
  condition: { type: string; status: 'True' | 'False' | 'Unknown'; reason: string; message: string },
): void {
  const status = (crd.status ??= {});
  const conditions = (status.conditions ??= []);
  const existing = conditions.find((c) => c.type === condition.type);
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (!existing) {
    conditions.push({
      type: condition.type,
      status: condition.status,
      lastTransitionTime: now,
      reason: condition.reason,
      message: condition.message,
    });
    return;
  }
  if (existing.status !== condition.status) existing.lastTransitionTime = now;
  existing.status = condition.status;
  existing.reason = condition.reason;
  existing.message = condition.message;
}
