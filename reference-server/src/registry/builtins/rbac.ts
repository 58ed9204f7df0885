// rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding and ClusterRoleBinding, stored and
// validated as kube-apiserver does (pkg/apis/rbac/validation, pkg/apis/rbac/v1/defaults.go,
// pkg/registry/rbac/*). Nothing here authorizes anything: enforcement (and the escalation check
// on create/update) comes later.
// - names are path segment names (ValidateRBACName = path.IsValidPathSegmentName);
// - rules need verbs, and either apiGroups+resources or nonResourceURLs (not in Roles);
// - roleRef.apiGroup defaults to rbac.authorization.k8s.io and must be that; roleRef never changes;
// - subjects: User/Group with apiGroup rbac.authorization.k8s.io (the default), ServiceAccount
//   with apiGroup "" and, in ClusterRoleBindings, a namespace;
// - Tables: roles and clusterroles use the default convertor (Name, Created At); bindings print
//   Role, Age, and Users/Groups/ServiceAccounts at priority 1 (printRoleBinding).

import type { KubeObject } from '../../api/types.js';
import { ageColumn } from '../columns.js';
import { type FieldError, forbiddenField, invalidValue, required } from '../field-errors.js';
import type { ResourceType, TableColumn, Verb } from '../resource-type.js';
import { dns1123SubdomainErrors, labelErrors, pathSegmentNameErrors } from '../validation.js';
import {
  type GoType,
  checkGoDecodable,
  goQuote,
  goString,
  goStringMap,
  goStringSlice,
  goStringSliceLiteral,
  invalidGoValue,
  notSupported,
} from './go-compat.js';

export const rbacGroup = 'rbac.authorization.k8s.io';

const verbs: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

// --- decoding and defaults ---------------------------------------------------------------------

const policyRule: GoType = {
  kind: 'slice',
  elem: {
    kind: 'struct',
    name: 'v1.PolicyRule',
    fields: {
      verbs: goStringSlice,
      apiGroups: goStringSlice,
      resources: goStringSlice,
      resourceNames: goStringSlice,
      nonResourceURLs: goStringSlice,
    },
  },
};

const aggregationRule: GoType = {
  kind: 'struct',
  name: 'v1.AggregationRule',
  fields: {
    clusterRoleSelectors: {
      kind: 'slice',
      elem: {
        kind: 'struct',
        name: 'v1.LabelSelector',
        fields: {
          matchLabels: goStringMap,
          matchExpressions: {
            kind: 'slice',
            elem: {
              kind: 'struct',
              name: 'v1.LabelSelectorRequirement',
              fields: {
                key: goString,
                operator: { kind: 'string', name: 'v1.LabelSelectorOperator' },
                values: goStringSlice,
              },
            },
          },
        },
      },
    },
  },
};

const subjects: GoType = {
  kind: 'slice',
  elem: {
    kind: 'struct',
    name: 'v1.Subject',
    fields: { kind: goString, apiGroup: goString, name: goString, namespace: goString },
  },
};

const roleRef: GoType = {
  kind: 'struct',
  name: 'v1.RoleRef',
  fields: { apiGroup: goString, kind: goString, name: goString },
};

interface Subject {
  kind?: string;
  apiGroup?: string;
  name?: string;
  namespace?: string;
}

interface RoleRef {
  apiGroup?: string;
  kind?: string;
  name?: string;
}

interface PolicyRule {
  verbs?: string[] | null;
  apiGroups?: string[] | null;
  resources?: string[] | null;
  resourceNames?: string[] | null;
  nonResourceURLs?: string[] | null;
}

interface LabelSelectorRequirement {
  key?: string;
  operator?: string;
  values?: string[] | null;
}

interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: (LabelSelectorRequirement | null)[] | null;
}

/** SetDefaults_RoleBinding / SetDefaults_ClusterRoleBinding / SetDefaults_Subject. */
function prepareBinding(kind: string) {
  return (obj: KubeObject): void => {
    checkGoDecodable(obj, kind, { subjects, roleRef });
    const ref = (obj.roleRef ?? {}) as RoleRef;
    obj.roleRef = { ...ref, apiGroup: ref.apiGroup || rbacGroup };
    if (Array.isArray(obj.subjects))
      obj.subjects = (obj.subjects as (Subject | null)[]).map((s) => {
        const subject = { ...(s ?? {}) };
        if (!subject.apiGroup && (subject.kind === 'User' || subject.kind === 'Group'))
          subject.apiGroup = rbacGroup;
        return subject;
      });
  };
}

function prepareRole(kind: string, fields: Record<string, GoType>) {
  return (obj: KubeObject): void => {
    checkGoDecodable(obj, kind, fields);
    if (Array.isArray(obj.rules)) obj.rules = (obj.rules as (PolicyRule | null)[]).map((r) => r ?? {});
  };
}

// --- validation --------------------------------------------------------------------------------

const len = (v: unknown[] | null | undefined) => v?.length ?? 0;

/** ValidatePolicyRule. */
function policyRuleErrors(rule: PolicyRule, namespaced: boolean, path: string): FieldError[] {
  const out: FieldError[] = [];
  if (len(rule.verbs) === 0) out.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  const urls = rule.nonResourceURLs ?? [];
  if (urls.length > 0) {
    const rendered = goStringSliceLiteral(urls);
    if (namespaced)
      out.push(
        invalidGoValue(
          `${path}.nonResourceURLs`,
          rendered,
          'namespaced rules cannot apply to non-resource URLs',
        ),
      );
    if (len(rule.apiGroups) > 0 || len(rule.resources) > 0 || len(rule.resourceNames) > 0)
      out.push(
        invalidGoValue(
          `${path}.nonResourceURLs`,
          rendered,
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    return out;
  }
  if (len(rule.apiGroups) === 0)
    out.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (len(rule.resources) === 0)
    out.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return out;
}

function rulesErrors(obj: KubeObject, namespaced: boolean): FieldError[] {
  const rules = Array.isArray(obj.rules) ? (obj.rules as PolicyRule[]) : [];
  return rules.flatMap((r, i) => policyRuleErrors(r ?? {}, namespaced, `rules[${i}]`));
}

/** metav1validation.ValidateLabelSelector (AllowInvalidLabelValueInSelector false). */
function labelSelectorErrors(sel: LabelSelector, path: string): FieldError[] {
  const out = labelErrors(sel.matchLabels, `${path}.matchLabels`);
  (sel.matchExpressions ?? []).forEach((req, i) => {
    const r = req ?? {};
    const p = `${path}.matchExpressions[${i}]`;
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          out.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          out.push(
            forbiddenField(
              `${p}.values`,
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        break;
      default:
        out.push(invalidValue(`${p}.operator`, r.operator ?? '', 'not a valid selector operator'));
    }
    out.push(...labelErrors({ [r.key ?? '']: '' }, `${p}.key`));
    values.forEach((v, j) => out.push(...labelErrors({ x: v }, `${p}.values[${j}]`)));
  });
  return out;
}

/** The aggregationRule part of ValidateClusterRole. */
function aggregationRuleErrors(obj: KubeObject): FieldError[] {
  if (obj.aggregationRule === undefined || obj.aggregationRule === null) return [];
  const selectors = ((obj.aggregationRule as { clusterRoleSelectors?: (LabelSelector | null)[] | null })
    .clusterRoleSelectors ?? []) as (LabelSelector | null)[];
  const out: FieldError[] = [];
  if (selectors.length === 0)
    out.push(
      required(
        'aggregationRule.clusterRoleSelectors',
        'at least one clusterRoleSelector required if aggregationRule is non-nil',
      ),
    );
  selectors.forEach((sel, i) => {
    const path = `aggregationRule.clusterRoleSelectors[${i}]`;
    const errs = labelSelectorErrors(sel ?? {}, path);
    out.push(...errs);
    // metav1.LabelSelectorAsSelector refuses exactly what the validation above refuses.
    if (errs.length > 0) out.push(invalidValue(path, 'null', 'invalid label selector.'));
  });
  return out;
}

/** ValidateRoleBindingSubject. */
function subjectErrors(s: Subject, namespaced: boolean, path: string): FieldError[] {
  const out: FieldError[] = [];
  const name = s.name ?? '';
  const apiGroup = s.apiGroup ?? '';
  if (!name) out.push(required(`${path}.name`));
  switch (s.kind) {
    case 'ServiceAccount':
      if (name)
        for (const msg of dns1123SubdomainErrors(name)) out.push(invalidValue(`${path}.name`, name, msg));
      if (apiGroup) out.push(notSupported(`${path}.apiGroup`, apiGroup, ['']));
      if (!namespaced && !s.namespace) out.push(required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== rbacGroup) out.push(notSupported(`${path}.apiGroup`, apiGroup, [rbacGroup]));
      break;
    default:
      out.push(notSupported(`${path}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return out;
}

/** ValidateRoleBinding / ValidateClusterRoleBinding without ObjectMeta. */
function bindingErrors(obj: KubeObject, roleKinds: readonly string[], namespaced: boolean): FieldError[] {
  const out: FieldError[] = [];
  const ref = (obj.roleRef ?? {}) as RoleRef;
  if (ref.apiGroup !== rbacGroup) out.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [rbacGroup]));
  if (!roleKinds.includes(ref.kind ?? '')) out.push(notSupported('roleRef.kind', ref.kind ?? '', roleKinds));
  if (!ref.name) out.push(required('roleRef.name'));
  else
    for (const msg of pathSegmentNameErrors(ref.name)) out.push(invalidValue('roleRef.name', ref.name, msg));
  const list = Array.isArray(obj.subjects) ? (obj.subjects as Subject[]) : [];
  list.forEach((s, i) => out.push(...subjectErrors(s ?? {}, namespaced, `subjects[${i}]`)));
  return out;
}

/** The roleRef part of ValidateRoleBindingUpdate / ValidateClusterRoleBindingUpdate. */
function roleRefChangeErrors(obj: KubeObject, old: KubeObject): FieldError[] {
  const a = (obj.roleRef ?? {}) as RoleRef;
  const b = (old.roleRef ?? {}) as RoleRef;
  const same =
    (a.apiGroup ?? '') === (b.apiGroup ?? '') &&
    (a.kind ?? '') === (b.kind ?? '') &&
    (a.name ?? '') === (b.name ?? '');
  if (same) return [];
  // field.Invalid prints the internal struct with %#v.
  const rendered = `rbac.RoleRef{APIGroup:${goQuote(a.apiGroup ?? '')}, Kind:${goQuote(a.kind ?? '')}, Name:${goQuote(a.name ?? '')}}`;
  return [invalidGoValue('roleRef', rendered, 'cannot change roleRef')];
}

// --- Table columns -----------------------------------------------------------------------------

/** rest.NewDefaultTableConvertor: Name, then the creation time in RFC 3339. */
const createdAtColumn: TableColumn = {
  name: 'Created At',
  type: 'date',
  description: ageColumn.description,
  priority: 0,
  cell: (o) => {
    const t = Date.parse(o.metadata?.creationTimestamp ?? '');
    // A missing timestamp is Go's zero time.
    if (Number.isNaN(t)) return '0001-01-01T00:00:00Z';
    return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
  },
};

/** rbac.SubjectsStrings. */
function subjectsStrings(obj: KubeObject): { users: string[]; groups: string[]; sas: string[] } {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of (Array.isArray(obj.subjects) ? obj.subjects : []) as (Subject | null)[]) {
    if (!s) continue;
    if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name ?? ''}`);
    else if (s.kind === 'User') users.push(s.name ?? '');
    else if (s.kind === 'Group') groups.push(s.name ?? '');
  }
  return { users, groups, sas };
}

function bindingColumns(kind: 'roleBinding' | 'clusterRoleBinding', roleRefDoc: string): TableColumn[] {
  return [
    {
      name: 'Role',
      type: 'string',
      description: roleRefDoc,
      priority: 0,
      cell: (o) => {
        const ref = (o.roleRef ?? {}) as RoleRef;
        return `${ref.kind ?? ''}/${ref.name ?? ''}`;
      },
    },
    ageColumn,
    {
      name: 'Users',
      type: 'string',
      description: `Users in the ${kind}`,
      priority: 1,
      cell: (o) => subjectsStrings(o).users.join(', '),
    },
    {
      name: 'Groups',
      type: 'string',
      description: `Groups in the ${kind}`,
      priority: 1,
      cell: (o) => subjectsStrings(o).groups.join(', '),
    },
    {
      name: 'ServiceAccounts',
      type: 'string',
      description: `ServiceAccounts in the ${kind}`,
      priority: 1,
      cell: (o) => subjectsStrings(o).sas.join(', '),
    },
  ];
}

// --- the types ---------------------------------------------------------------------------------

const common = {
  group: rbacGroup,
  version: 'v1',
  storageVersion: true,
  nameValidation: 'PathSegmentName',
  // Every field is checked with Go's exact messages by checkGoDecodable in prepare*.
  fields: {},
} as const satisfies Partial<ResourceType>;

export const roles: ResourceType = {
  ...common,
  verbs: [...verbs],
  subresources: [],
  names: { plural: 'roles', singular: 'role', kind: 'Role', listKind: 'RoleList' },
  namespaced: true,
  columns: [createdAtColumn],
  strategy: {
    prepareForCreate: prepareRole('Role', { rules: policyRule }),
    prepareForUpdate: prepareRole('Role', { rules: policyRule }),
    validateCreate: (obj) => rulesErrors(obj, true),
    validateUpdate: (obj) => rulesErrors(obj, true),
  },
};

const clusterRoleFields = { rules: policyRule, aggregationRule };

export const clusterroles: ResourceType = {
  ...common,
  verbs: [...verbs],
  subresources: [],
  names: {
    plural: 'clusterroles',
    singular: 'clusterrole',
    kind: 'ClusterRole',
    listKind: 'ClusterRoleList',
  },
  namespaced: false,
  columns: [createdAtColumn],
  strategy: {
    prepareForCreate: prepareRole('ClusterRole', clusterRoleFields),
    prepareForUpdate: prepareRole('ClusterRole', clusterRoleFields),
    validateCreate: (obj) => [...rulesErrors(obj, false), ...aggregationRuleErrors(obj)],
    validateUpdate: (obj) => [...rulesErrors(obj, false), ...aggregationRuleErrors(obj)],
  },
};

const roleBindingKinds = ['Role', 'ClusterRole'] as const;

export const rolebindings: ResourceType = {
  ...common,
  verbs: [...verbs],
  subresources: [],
  names: {
    plural: 'rolebindings',
    singular: 'rolebinding',
    kind: 'RoleBinding',
    listKind: 'RoleBindingList',
  },
  namespaced: true,
  columns: bindingColumns(
    'roleBinding',
    'roleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
  ),
  strategy: {
    prepareForCreate: prepareBinding('RoleBinding'),
    prepareForUpdate: prepareBinding('RoleBinding'),
    validateCreate: (obj) => bindingErrors(obj, roleBindingKinds, true),
    validateUpdate: (obj, old) => [
      ...bindingErrors(obj, roleBindingKinds, true),
      ...roleRefChangeErrors(obj, old),
    ],
  },
};

const clusterRoleBindingKinds = ['ClusterRole'] as const;

export const clusterrolebindings: ResourceType = {
  ...common,
  verbs: [...verbs],
  subresources: [],
  names: {
    plural: 'clusterrolebindings',
    singular: 'clusterrolebinding',
    kind: 'ClusterRoleBinding',
    listKind: 'ClusterRoleBindingList',
  },
  namespaced: false,
  columns: bindingColumns(
    'clusterRoleBinding',
    'roleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
  ),
  strategy: {
    prepareForCreate: prepareBinding('ClusterRoleBinding'),
    prepareForUpdate: prepareBinding('ClusterRoleBinding'),
    validateCreate: (obj) => bindingErrors(obj, clusterRoleBindingKinds, false),
    validateUpdate: (obj, old) => [
      ...bindingErrors(obj, clusterRoleBindingKinds, false),
      ...roleRefChangeErrors(obj, old),
    ],
  },
};
