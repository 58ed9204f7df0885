// Schema pieces the apis.kcp.io kinds share between kinds and versions: conditions, label
// selectors, references to an APIExport, and the permission claims of both API versions.

import type { PrinterColumn } from '../../apiextensions/crd-object.js';
import type { JSONSchemaProps } from '../../apiextensions/schema-types.js';
import {
  type Extra,
  array,
  bool,
  dateTime,
  object,
  rule,
  string,
  stringEnum,
  stringList,
  stringMap,
} from './schema-builders.js';

export const apisGroup = 'apis.kcp.io';

/** The printer column every kind starts or ends with. */
export const agePrinterColumn: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
};

/** kcp's condition type (third_party/conditions): like metav1.Condition, plus a severity. */
export const conditions: JSONSchemaProps = array(
  object(
    {
      lastTransitionTime: dateTime({ description: 'When the condition last changed its status.' }),
      message: string({ description: 'A human-readable explanation of the last transition.' }),
      reason: string({ description: 'A CamelCase word saying why the condition last changed.' }),
      severity: string({ description: 'How bad a False condition is: Error, Warning or Info.' }),
      status: string({ description: 'True, False or Unknown.' }),
      type: string({ description: 'What the condition is about, in CamelCase.' }),
    },
    {
      description: 'One observation of the object’s state.',
      required: ['lastTransitionTime', 'status', 'type'],
    },
  ),
  { description: 'The latest observations of the object’s state.' },
);

const labelSelectorFields: Record<string, JSONSchemaProps> = {
  matchExpressions: array(
    object(
      {
        key: string({ description: 'The label key the requirement is about.' }),
        operator: string({ description: 'In, NotIn, Exists or DoesNotExist.' }),
        values: stringList({
          description: 'The values for In and NotIn; empty for Exists and DoesNotExist.',
        }),
      },
      { description: 'A requirement on one label key.', required: ['key', 'operator'] },
    ),
    { description: 'Requirements on labels, all of which must hold.', 'x-kubernetes-list-type': 'atomic' },
  ),
  matchLabels: stringMap({ description: 'Labels that must all be present with these values.' }),
};

/** metav1.LabelSelector, replaced as a whole on merge. */
export const labelSelector: JSONSchemaProps = object(labelSelectorFields, {
  'x-kubernetes-map-type': 'atomic',
});

/** A label selector that can also claim every object (v1alpha2 permission claims). */
function claimSelector(description: string, extra: Extra = {}): JSONSchemaProps {
  return object(
    {
      matchAll: bool({ description: 'Selects every object of the claimed resource.' }),
      ...labelSelectorFields,
    },
    { description, 'x-kubernetes-map-type': 'atomic', ...extra },
  );
}

/** Name and optional workspace path of an APIExport. */
export const exportReference: JSONSchemaProps = object(
  {
    name: string({ description: 'Name of the APIExport.' }),
    path: string({
      description: 'Logical cluster path of the APIExport; the referring object’s own cluster when unset.',
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(:[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
    }),
  },
  { required: ['name'] },
);

export const referenceImmutable = rule('self == oldSelf', 'APIExport reference must not be changed');

// ---------------------------------------------------------------------------------------------
// Permission claims

const claimDescription =
  'Access to objects of one resource (group, resource and identity hash) beyond the exported ones.';

const claimGroupPattern = String.raw`^(|[a-z0-9]([-a-z0-9]*[a-z0-9](\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?)$`;

const claimGroup = (withDefault: boolean): JSONSchemaProps =>
  string({
    description: 'API group of the claimed resource; "" for the core group.',
    ...(withDefault ? { default: '' } : {}),
    pattern: claimGroupPattern,
  });

const claimResource: JSONSchemaProps = string({
  description: 'Resource name (plural) of the claimed resource.',
  pattern: '^[a-z][-a-z0-9]*[a-z0-9]$',
});

const claimIdentityHash = (withDefault: boolean): JSONSchemaProps =>
  string({
    description: 'Identity hash of the APIExport serving the claimed resource; empty for built-in types.',
    ...(withDefault ? { default: '' } : {}),
  });

/** Accepted or Rejected, as the consumer decided. */
export const claimState: JSONSchemaProps = stringEnum(['Accepted', 'Rejected'], {
  description: 'Whether the consumer accepts the claim.',
});

// v1alpha1: claims name objects by `all` or by a list of name/namespace selectors.

const resourceSelectorV1alpha1: JSONSchemaProps = array(
  object(
    {
      name: string({
        description: 'Name of a claimed object; claims it in every namespace when namespace is unset.',
        maxLength: 253,
        minLength: 1,
        pattern: '^([a-z0-9][-a-z0-9_.]*)?[a-z0-9]$',
      }),
      namespace: string({
        description: 'Namespace of the claimed objects; every name in it when name is unset.',
        minLength: 1,
      }),
    },
    {
      'x-kubernetes-validations': [
        rule('has(self.__namespace__) || has(self.name)', 'at least one field must be set'),
      ],
    },
  ),
  { description: 'The claimed objects, by name and/or namespace.' },
);

const allOrSelectorV1alpha1 = rule(
  '(has(self.all) && self.all) != (has(self.resourceSelector) && size(self.resourceSelector) > 0)',
  'either "all" or "resourceSelector" must be set',
);

/**
 * The fields of a v1alpha1 PermissionClaim. APIExport defaults `group` to "" (its claims are a
 * map list keyed by group); APIBinding's copies carry no default.
 */
export function permissionClaimV1alpha1Fields(groupDefault: boolean): Record<string, JSONSchemaProps> {
  return {
    all: bool({ description: 'Claims every object of the resource; excludes resourceSelector.' }),
    group: claimGroup(groupDefault),
    identityHash: claimIdentityHash(false),
    resource: claimResource,
    resourceSelector: resourceSelectorV1alpha1,
  };
}

/** A v1alpha1 PermissionClaim object; `fields` and `required` extend it (APIBinding's state). */
export function permissionClaimV1alpha1(
  groupDefault: boolean,
  fields: Record<string, JSONSchemaProps> = {},
  required: string[] = ['resource'],
): JSONSchemaProps {
  return object(
    { ...permissionClaimV1alpha1Fields(groupDefault), ...fields },
    { description: claimDescription, required, 'x-kubernetes-validations': [allOrSelectorV1alpha1] },
  );
}

// v1alpha2: claims carry verbs and, once accepted, a label selector.

const claimVerbs: JSONSchemaProps = array(string(), {
  description: 'The API verbs claimed on the resource (get, list, watch, create, ...).',
  minItems: 1,
  'x-kubernetes-list-type': 'set',
});

const defaultSelector = claimSelector(
  'Selector an APIBinding created from a WorkspaceType’s defaults accepts the claim with; matchAll when unset.',
);

/** The selector an accepted v1alpha2 claim was accepted with; fixed once set. */
export const acceptedClaimSelector = claimSelector(
  'Which objects of the claimed resource the consumer grants.',
  {
    'x-kubernetes-validations': [rule('self == oldSelf', 'Permission claim selector is immutable')],
  },
);

export const permissionClaimV1alpha2Fields: Record<string, JSONSchemaProps> = {
  defaultSelector,
  group: claimGroup(true),
  identityHash: claimIdentityHash(true),
  resource: claimResource,
  verbs: claimVerbs,
};

/** A v1alpha2 PermissionClaim object; `fields` and `required` extend it (APIBinding's). */
export function permissionClaimV1alpha2(
  fields: Record<string, JSONSchemaProps> = {},
  required: string[] = ['resource', 'verbs'],
): JSONSchemaProps {
  return object({ ...permissionClaimV1alpha2Fields, ...fields }, { description: claimDescription, required });
}
