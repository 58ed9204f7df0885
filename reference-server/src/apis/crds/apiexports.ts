// apis.kcp.io APIExport as kcp serves it: a system CRD with v1alpha1 (served) and v1alpha2
// (storage), conversion None, the status subresource on both.

import type { CustomResourceDefinition } from '../../apiextensions/crd-object.js';
import type { JSONSchemaProps } from '../../apiextensions/schema-types.js';
import {
  agePrinterColumn,
  apisGroup,
  conditions,
  permissionClaimV1alpha1,
  permissionClaimV1alpha2,
} from './common.js';
import {
  array,
  emptyObject,
  kindRoot,
  mapList,
  object,
  oneOfRequired,
  rule,
  string,
} from './schema-builders.js';

const kindDescription =
  'APIExport offers a set of APIs (APIResourceSchemas) and their implementation for other workspaces to bind to with an APIBinding.';

const identity: JSONSchemaProps = object(
  {
    secretRef: object(
      {
        name: string({ description: 'Name of the secret.' }),
        namespace: string({ description: 'Namespace of the secret.' }),
      },
      {
        description: 'The secret whose "key" entry holds the identity key.',
        'x-kubernetes-map-type': 'atomic',
      },
    ),
  },
  {
    description:
      'The secret holding the API identity, which decides where objects of these APIs are stored. Defaulted to a generated secret named after the APIExport.',
  },
);

const maximalPermissionPolicy: JSONSchemaProps = object(
  {
    local: emptyObject({ description: 'The policy is the RBAC in the APIExport’s own workspace.' }),
  },
  {
    description:
      'An upper bound on what consumers may do with the exported resources, checked against RBAC in the provider workspace for users prefixed with "apis.kcp.io:binding:".',
    oneOf: oneOfRequired('local'),
  },
);

const permissionClaimsDescription =
  'Resources beyond the exported ones the provider asks consumers for access to, in the APIExport’s virtual workspace.';

const status: JSONSchemaProps = object(
  {
    conditions,
    identityHash: string({ description: 'Hash of the identity key; never changes once set.' }),
    virtualWorkspaces: array(
      object(
        { url: string({ description: 'A virtual workspace URL of the APIExport.', minLength: 1 }) },
        { required: ['url'] },
      ),
      { description: 'Deprecated: the virtual workspace URLs; see APIExportEndpointSlice status.endpoints.' },
    ),
  },
  { description: 'The observed state of the APIExport.' },
);

const v1alpha1Schema = kindRoot(kindDescription, {
  spec: object(
    {
      identity,
      latestResourceSchemas: array(string(), {
        description: 'Names of the APIResourceSchemas exported, for newly created bindings.',
        'x-kubernetes-list-type': 'set',
      }),
      maximalPermissionPolicy,
      permissionClaims: mapList(permissionClaimV1alpha1(true), ['group', 'resource'], {
        description: permissionClaimsDescription,
      }),
    },
    { description: 'The desired state of the APIExport.' },
  ),
  status,
});

const resourceStorage: JSONSchemaProps = object(
  {
    crd: emptyObject({
      description:
        'Served as a CustomResourceDefinition in the binding workspaces; objects are stored by kcp.',
    }),
    virtual: object(
      {
        identityHash: string({ description: 'Identity hash of the virtual resource.' }),
        reference: object(
          {
            apiGroup: string({ description: 'API group of the referenced object; core when unset.' }),
            kind: string({ description: 'Kind of the referenced object.' }),
            name: string({ description: 'Name of the referenced object.' }),
          },
          {
            description:
              'An object whose status.url points at the virtual workspace that serves the resource.',
            required: ['kind', 'name'],
            'x-kubernetes-map-type': 'atomic',
          },
        ),
      },
      {
        description: 'Served as a projection from a virtual workspace.',
        required: ['identityHash', 'reference'],
      },
    ),
  },
  {
    description: 'How the resource is stored: exactly one of crd or virtual.',
    default: { crd: {} },
    oneOf: oneOfRequired('crd', 'virtual'),
    'x-kubernetes-validations': [
      rule('has(self.crd) != has(self.virtual)', 'Exactly one of crd or virtual must be set'),
    ],
  },
);

const resources: JSONSchemaProps = mapList(
  object(
    {
      group: string({ description: 'API group of the resource; "" for the core group.' }),
      name: string({ description: 'Resource name (plural).' }),
      schema: string({ description: 'Name of the APIResourceSchema, "<version>.<name>.<group>".' }),
      storage: resourceStorage,
    },
    { description: 'One exported resource.', required: ['group', 'name', 'schema'] },
  ),
  ['name', 'group'],
  { description: 'The resources exported, each by its APIResourceSchema; changes reach only new bindings.' },
);

const v1alpha2Schema = kindRoot(kindDescription, {
  spec: object(
    {
      identity,
      maximalPermissionPolicy,
      permissionClaims: mapList(permissionClaimV1alpha2(), ['group', 'resource'], {
        description: permissionClaimsDescription,
      }),
      resources,
    },
    { description: 'The desired state of the APIExport.' },
  ),
  status,
});

export const apiExportsCRD: CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `apiexports.${apisGroup}` },
  spec: {
    group: apisGroup,
    names: {
      plural: 'apiexports',
      singular: 'apiexport',
      kind: 'APIExport',
      listKind: 'APIExportList',
      categories: ['kcp'],
    },
    scope: 'Cluster',
    conversion: { strategy: 'None' },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: false,
        schema: { openAPIV3Schema: v1alpha1Schema },
        subresources: { status: {} },
        additionalPrinterColumns: [
          agePrinterColumn,
          {
            name: 'Ready',
            type: 'string',
            jsonPath: '.status.conditions[?(@.type=="VirtualWorkspaceURLsReady")].status',
          },
        ],
      },
      {
        name: 'v1alpha2',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: v1alpha2Schema },
        subresources: { status: {} },
        additionalPrinterColumns: [agePrinterColumn],
      },
    ],
  },
};
