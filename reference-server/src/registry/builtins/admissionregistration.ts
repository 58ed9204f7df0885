// admissionregistration.k8s.io/v1: webhook configurations and (mutating/validating) admission
// policies with their bindings. Stored, defaulted and validated for their essentials
// (pkg/apis/admissionregistration/validation, defaults from pkg/apis/admissionregistration/v1);
// nothing calls the webhooks or evaluates the policies yet, and CEL expressions are not compiled.
// Tables as kube prints them (Webhooks; Validations/Mutations + ParamKind; PolicyName + ParamRef).
// metadata.generation counts spec changes, as for every type of this group.

import type { KubeObject } from '../../api/types.js';
import { ageColumn } from '../columns.js';
import { type FieldError, invalidValue, required } from '../field-errors.js';
import type { ResourceType, TableColumn } from '../resource-type.js';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../validation.js';
import { notSupported } from './go-compat.js';

type Fields = Record<string, unknown>;

const group = 'admissionregistration.k8s.io';
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const duplicate = (field: string, value: string): FieldError => ({
  type: 'FieldValueDuplicate',
  field,
  detail: `Duplicate value: ${JSON.stringify(value)}`,
});

const verbs: ResourceType['verbs'] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

// Defaults (SetDefaults_* of admissionregistration/v1).

function defaultRules(rules: unknown): void {
  for (const r of listOf(rules)) if (isObject(r) && r.scope === undefined) r.scope = '*';
}

function defaultMatchResources(m: unknown): void {
  if (!isObject(m)) return;
  m.namespaceSelector ??= {};
  m.objectSelector ??= {};
  m.matchPolicy ??= 'Equivalent';
  defaultRules(m.resourceRules);
  defaultRules(m.excludeResourceRules);
}

function defaultWebhook(w: unknown, mutating: boolean): void {
  if (!isObject(w)) return;
  defaultRules(w.rules);
  w.failurePolicy ??= 'Fail';
  w.matchPolicy ??= 'Equivalent';
  w.namespaceSelector ??= {};
  w.objectSelector ??= {};
  w.timeoutSeconds ??= 10;
  if (mutating) w.reinvocationPolicy ??= 'Never';
  const cc = isObject(w.clientConfig) ? w.clientConfig : undefined;
  if (cc && isObject(cc.service)) cc.service.port ??= 443;
}

// Validation.

/** utilvalidation.IsFullyQualifiedName: a DNS subdomain with at least three segments. */
function fullyQualifiedNameErrors(field: string, name: string): FieldError[] {
  if (name === '') return [required(field)];
  const errs = dns1123SubdomainErrors(name);
  if (errs.length > 0) return [invalidValue(field, name, errs.join(','))];
  if (name.split('.').length < 3)
    return [invalidValue(field, name, 'should be a domain with at least three segments separated by dots')];
  return [];
}

const urlForm = '; desired format: https://host[/path]';

function webhookURLErrors(field: string, raw: string): FieldError[] {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    // Go's url.Parse accepts far more than WHATWG URL; a relative reference has no scheme or host.
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(raw)?.[1] ?? '';
    const out: FieldError[] = [];
    if (scheme !== 'https')
      out.push(invalidValue(field, scheme, `'https' is the only allowed URL scheme${urlForm}`));
    out.push(invalidValue(field, '', `host must be specified${urlForm}`));
    return out;
  }
  const out: FieldError[] = [];
  const scheme = u.protocol.replace(/:$/, '');
  if (scheme !== 'https')
    out.push(invalidValue(field, scheme, `'https' is the only allowed URL scheme${urlForm}`));
  if (u.host === '') out.push(invalidValue(field, '', `host must be specified${urlForm}`));
  if (u.username !== '' || u.password !== '') {
    const user = u.password !== '' ? `${u.username}:${u.password}` : u.username;
    out.push(invalidValue(field, user, 'user information is not permitted in the URL'));
  }
  if (u.hash.length > 1)
    out.push(invalidValue(field, u.hash.slice(1), 'fragments are not permitted in the URL'));
  if (u.search.length > 1)
    out.push(invalidValue(field, u.search.slice(1), 'query parameters are not permitted in the URL'));
  return out;
}

function webhookServiceErrors(field: string, s: Fields): FieldError[] {
  const out: FieldError[] = [];
  // Kubernetes passes the service's name and namespace to this check the other way round, so an
  // empty name is reported at .namespace and an empty namespace at .name (probed on kcp).
  if (str(s.namespace) === '') out.push(required(`${field}.name`));
  if (str(s.name) === '') out.push(required(`${field}.namespace`));
  const port = typeof s.port === 'number' ? s.port : 443;
  if (port < 1 || port > 65535)
    out.push(
      invalidValue(`${field}.port`, port, 'port is not valid: must be between 1 and 65535, inclusive'),
    );
  const path = s.path;
  if (typeof path !== 'string' || path === '' || path === '/') return out;
  if (path === '//') return [...out, invalidValue(`${field}.path`, path, 'segment[0] may not be empty')];
  if (!path.startsWith('/')) out.push(invalidValue(`${field}.path`, path, "must start with a '/'"));
  let rest = path.slice(1);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  rest.split('/').forEach((step, i) => {
    if (step === '') out.push(invalidValue(`${field}.path`, path, `segment[${i}] may not be empty`));
    else
      for (const e of dns1123SubdomainErrors(step))
        out.push(invalidValue(`${field}.path`, path, `segment[${i}]: ${e}`));
  });
  return out;
}

const failurePolicies = ['Fail', 'Ignore'];
const matchPolicies = ['Equivalent', 'Exact'];
const sideEffectClasses = ['None', 'NoneOnDryRun'];
const reinvocationPolicies = ['IfNeeded', 'Never'];
const reviewVersions = ['v1', 'v1beta1'];

function admissionReviewVersionErrors(field: string, versions: unknown): FieldError[] {
  const list = listOf(versions).map(str);
  if (list.length === 0) return [required(field, `must specify one of ${reviewVersions.join(', ')}`)];
  const out: FieldError[] = [];
  const seen = new Set<string>();
  list.forEach((v, i) => {
    if (seen.has(v)) {
      out.push(invalidValue(`${field}[${i}]`, v, 'duplicate version'));
      return;
    }
    seen.add(v);
    for (const e of dns1035LabelErrors(v)) out.push(invalidValue(`${field}[${i}]`, v, e));
  });
  if (!list.some((v) => reviewVersions.includes(v)))
    out.push(invalidValue(field, list, `must include at least one of ${reviewVersions.join(', ')}`));
  return out;
}

/** IsDNS1035Label: a DNS label that starts with a letter. */
function dns1035LabelErrors(v: string): string[] {
  const errs = dns1123LabelErrors(v);
  if (errs.length === 0 && !/^[a-z]/.test(v))
    return [
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ];
  return errs;
}

function webhookErrors(w: Fields, path: string, mutating: boolean): FieldError[] {
  const out = fullyQualifiedNameErrors(`${path}.name`, str(w.name));
  if (w.failurePolicy != null && !failurePolicies.includes(str(w.failurePolicy)))
    out.push(notSupported(`${path}.failurePolicy`, str(w.failurePolicy), failurePolicies));
  if (w.matchPolicy != null && !matchPolicies.includes(str(w.matchPolicy)))
    out.push(notSupported(`${path}.matchPolicy`, str(w.matchPolicy), matchPolicies));
  if (w.sideEffects == null)
    out.push(required(`${path}.sideEffects`, `must specify one of ${sideEffectClasses.join(', ')}`));
  else if (!sideEffectClasses.includes(str(w.sideEffects)))
    out.push(notSupported(`${path}.sideEffects`, str(w.sideEffects), sideEffectClasses));
  if (typeof w.timeoutSeconds === 'number' && (w.timeoutSeconds > 30 || w.timeoutSeconds < 1))
    out.push(
      invalidValue(
        `${path}.timeoutSeconds`,
        w.timeoutSeconds,
        'the timeout value must be between 1 and 30 seconds',
      ),
    );
  if (mutating && w.reinvocationPolicy != null && !reinvocationPolicies.includes(str(w.reinvocationPolicy)))
    out.push(notSupported(`${path}.reinvocationPolicy`, str(w.reinvocationPolicy), reinvocationPolicies));
  const cc = isObject(w.clientConfig) ? w.clientConfig : {};
  const hasURL = cc.url != null;
  const hasService = cc.service != null;
  if (hasURL === hasService)
    out.push(required(`${path}.clientConfig`, 'exactly one of url or service is required'));
  else if (hasURL) out.push(...webhookURLErrors(`${path}.clientConfig.url`, str(cc.url)));
  else
    out.push(...webhookServiceErrors(`${path}.clientConfig.service`, isObject(cc.service) ? cc.service : {}));
  return out;
}

function webhookConfigurationErrors(obj: KubeObject, mutating: boolean): FieldError[] {
  const out: FieldError[] = [];
  const names = new Set<string>();
  listOf((obj as Fields).webhooks).forEach((hook, i) => {
    const w = isObject(hook) ? hook : {};
    const path = `webhooks[${i}]`;
    out.push(...webhookErrors(w, path, mutating));
    out.push(...admissionReviewVersionErrors(`${path}.admissionReviewVersions`, w.admissionReviewVersions));
    const name = str(w.name);
    if (name !== '') {
      if (names.has(name)) out.push(duplicate(`${path}.name`, name));
      names.add(name);
    }
  });
  return out;
}

const specOf = (o: KubeObject): Fields => (isObject(o.spec) ? o.spec : {});

function validatingPolicyErrors(obj: KubeObject): FieldError[] {
  const spec = specOf(obj);
  const out: FieldError[] = [];
  if (spec.failurePolicy != null && !failurePolicies.includes(str(spec.failurePolicy)))
    out.push(notSupported('spec.failurePolicy', str(spec.failurePolicy), failurePolicies));
  if (spec.matchConstraints == null) out.push(required('spec.matchConstraints'));
  const validations = listOf(spec.validations);
  const audits = listOf(spec.auditAnnotations);
  if (validations.length === 0 && audits.length === 0) {
    const why = 'validations or auditAnnotations must contain at least one item';
    out.push(required('spec.validations', why), required('spec.auditAnnotations', why));
  }
  validations.forEach((v, i) => {
    if (str(isObject(v) ? v.expression : undefined).trim() === '')
      out.push(required(`spec.validations[${i}].expression`));
  });
  return out;
}

function mutatingPolicyErrors(obj: KubeObject): FieldError[] {
  const spec = specOf(obj);
  const out: FieldError[] = [];
  if (spec.failurePolicy != null && !failurePolicies.includes(str(spec.failurePolicy)))
    out.push(notSupported('spec.failurePolicy', str(spec.failurePolicy), failurePolicies));
  if (spec.matchConstraints == null) out.push(required('spec.matchConstraints'));
  if (listOf(spec.mutations).length === 0)
    out.push(required('spec.mutations', 'mutations must contain at least one item'));
  if (spec.reinvocationPolicy == null || spec.reinvocationPolicy === '')
    out.push(required('spec.reinvocationPolicy'));
  else if (!reinvocationPolicies.includes(str(spec.reinvocationPolicy)))
    out.push(notSupported('spec.reinvocationPolicy', str(spec.reinvocationPolicy), reinvocationPolicies));
  return out;
}

const validationActions = ['Audit', 'Deny', 'Warn'];

function bindingErrors(obj: KubeObject, validating: boolean): FieldError[] {
  const spec = specOf(obj);
  const out: FieldError[] = [];
  if (str(spec.policyName) === '') out.push(required('spec.policyName'));
  if (!validating) return out;
  const actions = listOf(spec.validationActions).map(str);
  if (actions.length === 0)
    out.push(required('spec.validationActions', 'at least one validation action is required'));
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    if (!validationActions.includes(a))
      out.push(notSupported(`spec.validationActions[${i}]`, a, validationActions));
    if (seen.has(a)) out.push(duplicate(`spec.validationActions[${i}]`, a));
    seen.add(a);
  });
  if (actions.includes('Deny') && actions.includes('Warn'))
    out.push(
      invalidValue(
        'spec.validationActions',
        actions,
        'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
      ),
    );
  return out;
}

// Generation: 1 on create, +1 whenever what the object asks for changes.

function stampGeneration(obj: KubeObject, old: KubeObject | undefined, specFields: string[]): void {
  const meta = (obj.metadata ??= {});
  if (!old) {
    meta.generation = 1;
    return;
  }
  const oldGeneration = typeof old.metadata?.generation === 'number' ? old.metadata.generation : 1;
  const changed = specFields.some(
    (f) => JSON.stringify((obj as Fields)[f] ?? null) !== JSON.stringify((old as Fields)[f] ?? null),
  );
  meta.generation = changed ? oldGeneration + 1 : oldGeneration;
}

function webhookConfiguration(kind: string, plural: string, mutating: boolean): ResourceType {
  const defaults = (obj: KubeObject) => {
    for (const w of listOf((obj as Fields).webhooks)) defaultWebhook(w, mutating);
  };
  return {
    group,
    version: 'v1',
    storageVersion: true,
    names: {
      plural,
      singular: plural.slice(0, -1),
      kind,
      listKind: `${kind}List`,
      categories: ['api-extensions'],
    },
    namespaced: false,
    verbs,
    subresources: [],
    nameValidation: 'DNS1123Subdomain',
    fields: { webhooks: 'list' },
    columns: [
      {
        name: 'Webhooks',
        type: 'integer',
        description: 'Webhooks indicates the number of webhooks registered in this configuration',
        priority: 0,
        cell: (o) => listOf((o as Fields).webhooks).length,
      },
      ageColumn,
    ],
    strategy: {
      prepareForCreate: (obj) => {
        defaults(obj);
        stampGeneration(obj, undefined, ['webhooks']);
      },
      prepareForUpdate: (obj, old) => {
        defaults(obj);
        stampGeneration(obj, old, ['webhooks']);
      },
      validateCreate: (obj) => webhookConfigurationErrors(obj, mutating),
      validateUpdate: (obj) => webhookConfigurationErrors(obj, mutating),
    },
  };
}

export const validatingWebhookConfigurations = webhookConfiguration(
  'ValidatingWebhookConfiguration',
  'validatingwebhookconfigurations',
  false,
);
export const mutatingWebhookConfigurations = webhookConfiguration(
  'MutatingWebhookConfiguration',
  'mutatingwebhookconfigurations',
  true,
);

const paramKindColumn: TableColumn = {
  name: 'ParamKind',
  type: 'string',
  description: 'ParamKind specifies the kind of resources used to parameterize this policy',
  priority: 0,
  cell: (o) => {
    const pk = specOf(o).paramKind;
    return isObject(pk) ? `${str(pk.apiVersion)}/${str(pk.kind)}` : '<unset>';
  },
};

function policy(
  kind: string,
  plural: string,
  count: TableColumn,
  validate: (obj: KubeObject) => FieldError[],
  subresources: string[],
): ResourceType {
  const defaults = (obj: KubeObject) => {
    if (!isObject(obj.spec)) return;
    obj.spec.failurePolicy ??= 'Fail';
    defaultMatchResources(obj.spec.matchConstraints);
  };
  const hasStatus = subresources.includes('status');
  return {
    group,
    version: 'v1',
    storageVersion: true,
    names: {
      plural,
      singular: plural.replace(/ies$/, 'y'),
      kind,
      listKind: `${kind}List`,
      categories: ['api-extensions'],
    },
    namespaced: false,
    verbs,
    subresources,
    nameValidation: 'DNS1123Subdomain',
    fields: { spec: 'object', ...(hasStatus ? { status: 'object' } : {}) },
    columns: [count, paramKindColumn, ageColumn],
    strategy: {
      prepareForCreate: (obj) => {
        defaults(obj);
        if (hasStatus) obj.status = {};
        else delete obj.status;
        stampGeneration(obj, undefined, ['spec']);
      },
      prepareForUpdate: (obj, old) => {
        defaults(obj);
        if (hasStatus) obj.status = old.status ?? {};
        stampGeneration(obj, old, ['spec']);
      },
      validateCreate: validate,
      validateUpdate: validate,
    },
  };
}

export const validatingAdmissionPolicies = policy(
  'ValidatingAdmissionPolicy',
  'validatingadmissionpolicies',
  {
    name: 'Validations',
    type: 'integer',
    description: 'Validations indicates the number of validation rules defined in this configuration',
    priority: 0,
    cell: (o) => listOf(specOf(o).validations).length,
  },
  validatingPolicyErrors,
  ['status'],
);

export const mutatingAdmissionPolicies = policy(
  'MutatingAdmissionPolicy',
  'mutatingadmissionpolicies',
  {
    name: 'Mutations',
    type: 'integer',
    description: 'Mutation indicates the number of mutations rules defined in this configuration',
    priority: 0,
    cell: (o) => listOf(specOf(o).mutations).length,
  },
  mutatingPolicyErrors,
  [],
);

/** printValidatingAdmissionPolicyBinding's ParamRef cell. */
function paramRefCell(o: KubeObject): string {
  const pr = specOf(o).paramRef;
  if (!isObject(pr)) return '<unset>';
  if (str(pr.name) !== '')
    return str(pr.namespace) !== '' ? `${str(pr.namespace)}/${str(pr.name)}` : `*/${str(pr.name)}`;
  if (isObject(pr.selector)) return labelSelectorString(pr.selector);
  return '<unset>';
}

/** metav1.LabelSelector as a string (LabelSelectorAsSelector(...).String()), for the common cases. */
function labelSelectorString(sel: Fields): string {
  const parts: string[] = [];
  const labels = isObject(sel.matchLabels) ? sel.matchLabels : {};
  for (const k of Object.keys(labels).sort()) parts.push(`${k}=${str(labels[k])}`);
  for (const e of listOf(sel.matchExpressions)) {
    if (!isObject(e)) continue;
    const values = listOf(e.values).map(str).sort();
    const key = str(e.key);
    switch (e.operator) {
      case 'In':
        parts.push(`${key} in (${values.join(',')})`);
        break;
      case 'NotIn':
        parts.push(`${key} notin (${values.join(',')})`);
        break;
      case 'Exists':
        parts.push(key);
        break;
      case 'DoesNotExist':
        parts.push(`!${key}`);
        break;
    }
  }
  return parts.length === 0 ? '<none>' : parts.join(',');
}

function binding(kind: string, plural: string, validating: boolean): ResourceType {
  return {
    group,
    version: 'v1',
    storageVersion: true,
    names: {
      plural,
      singular: plural.slice(0, -1),
      kind,
      listKind: `${kind}List`,
      categories: ['api-extensions'],
    },
    namespaced: false,
    verbs,
    subresources: [],
    nameValidation: 'DNS1123Subdomain',
    fields: { spec: 'object' },
    columns: [
      {
        name: 'PolicyName',
        type: 'string',
        description: 'PolicyName indicates the policy definition which the policy binding binded to',
        priority: 0,
        cell: (o) => str(specOf(o).policyName),
      },
      {
        name: 'ParamRef',
        type: 'string',
        description: 'ParamRef indicates the param resource which sets the configuration param',
        priority: 0,
        cell: paramRefCell,
      },
      ageColumn,
    ],
    strategy: {
      prepareForCreate: (obj) => {
        if (isObject(obj.spec)) defaultMatchResources(obj.spec.matchResources);
        stampGeneration(obj, undefined, ['spec']);
      },
      prepareForUpdate: (obj, old) => {
        if (isObject(obj.spec)) defaultMatchResources(obj.spec.matchResources);
        stampGeneration(obj, old, ['spec']);
      },
      validateCreate: (obj) => bindingErrors(obj, validating),
      validateUpdate: (obj) => bindingErrors(obj, validating),
    },
  };
}

export const validatingAdmissionPolicyBindings = binding(
  'ValidatingAdmissionPolicyBinding',
  'validatingadmissionpolicybindings',
  true,
);
export const mutatingAdmissionPolicyBindings = binding(
  'MutatingAdmissionPolicyBinding',
  'mutatingadmissionpolicybindings',
  false,
);

export const admissionRegistrationTypes: readonly ResourceType[] = [
  mutatingAdmissionPolicies,
  mutatingAdmissionPolicyBindings,
  mutatingWebhookConfigurations,
  validatingAdmissionPolicies,
  validatingAdmissionPolicyBindings,
  validatingWebhookConfigurations,
];
