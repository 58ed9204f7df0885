// apis.kcp.io APIBinding as kcp serves it: a system CRD with v1alpha1 (served) and v1alpha2
// (storage), conversion None, the status subresource on both.

import type { CustomResourceDefinition, PrinterColumn } from '../../apiextensions/crd-object.js';
import type { JSONSchemaProps } from '../../apiextensions/schema-types.js';
import {
  acceptedClaimSelector,
  agePrinterColumn,
  apisGroup,
  claimState,
  conditions,
  exportReference,
  permissionClaimV1alpha1,
  permissionClaimV1alpha2,
  referenceImmutable,
} from './common.js';
import { array, kindRoot, mapList, object, oneOfRequired, string, stringEnum } from './schema-builders.js';

const kindDescription =
  'APIBinding makes the APIs of an APIExport available in its workspace, with the permission claims the consumer accepted.';

const printerColumns: PrinterColumn[] = [
  agePrinterColumn,
  { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
];

const boundResources: JSONSchemaProps = mapList(
  object(
    {
      group: string({ description: 'API group of the bound resource.' }),
      resource: string({ description: 'Resource name (plural) of the bound resource.' }),
      schema: object(
        {
          UID: string({ description: 'UID of the APIResourceSchema.', minLength: 1 }),
          identityHash: string({
            description: 'Identity hash of the APIExport serving the resource.',
            minLength: 1,
          }),
          name: string({ description: 'Name of the APIResourceSchema.', minLength: 1 }),
        },
        {
          description: 'The APIResourceSchema the resource is bound from.',
          required: ['UID', 'identityHash', 'name'],
        },
      ),
      storageVersions: array(string(), {
        description: 'Every version objects of the resource have been stored in.',
        'x-kubernetes-list-type': 'set',
      }),
    },
    { description: 'One resource served by the binding.', required: ['group', 'resource', 'schema'] },
  ),
  ['group', 'resource'],
  { description: 'The resources this binding serves in the workspace.' },
);

const statusFields: Record<string, JSONSchemaProps> = {
  apiExportClusterName: string({ description: 'The logical cluster the bound APIExport lives in.' }),
  boundResources,
  conditions,
  phase: stringEnum(['', 'Binding', 'Bound'], { description: 'Where binding stands: "", Binding or Bound.' }),
};

const specDescription = 'The desired state of the APIBinding.';
const statusDescription = 'The observed state of the APIBinding.';
const reference = (extra: Partial<JSONSchemaProps>): JSONSchemaProps =>
  object(
    { export: { ...exportReference, description: 'The APIExport to bind to.' } },
    {
      description: 'What to bind to; fixed at creation.',
      ...extra,
      'x-kubernetes-validations': [referenceImmutable],
    },
  );

const v1alpha1Schema = kindRoot(
  kindDescription,
  {
    spec: object(
      {
        permissionClaims: array(
          permissionClaimV1alpha1(false, { state: claimState }, ['resource', 'state']),
          {
            description: 'The consumer’s decision on the APIExport’s permission claims.',
          },
        ),
        reference: reference({ oneOf: oneOfRequired('export') }),
      },
      { description: specDescription, required: ['reference'] },
    ),
    status: object(
      {
        ...statusFields,
        appliedPermissionClaims: array(permissionClaimV1alpha1(false), {
          description: 'The claims in force: accepted by the consumer and still asked for by the APIExport.',
        }),
        exportPermissionClaims: array(permissionClaimV1alpha1(false), {
          description: 'The claims the bound APIExport currently asks for.',
        }),
      },
      { description: statusDescription },
    ),
  },
  { required: ['spec'] },
);

const claimKeys = ['group', 'resource', 'identityHash'];

const v1alpha2Schema = kindRoot(
  kindDescription,
  {
    spec: object(
      {
        permissionClaims: mapList(
          permissionClaimV1alpha2({ selector: acceptedClaimSelector, state: claimState }, [
            'resource',
            'selector',
            'state',
            'verbs',
          ]),
          claimKeys,
          { description: 'The consumer’s decision on the APIExport’s permission claims.' },
        ),
        reference: reference({}),
      },
      { description: specDescription, required: ['reference'] },
    ),
    status: object(
      {
        ...statusFields,
        appliedPermissionClaims: mapList(
          permissionClaimV1alpha2({ selector: acceptedClaimSelector }, ['resource', 'selector', 'verbs']),
          claimKeys,
          {
            description:
              'The claims in force: accepted by the consumer and still asked for by the APIExport.',
          },
        ),
        exportPermissionClaims: array(permissionClaimV1alpha2(), {
          description: 'The claims the bound APIExport currently asks for.',
        }),
      },
      { description: statusDescription },
    ),
  },
  { required: ['spec'] },
);

export const apiBindingsCRD: CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `apibindings.${apisGroup}` },
  spec: {
    group: apisGroup,
    names: {
      plural: 'apibindings',
      singular: 'apibinding',
      kind: 'APIBinding',
      listKind: 'APIBindingList',
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
        additionalPrinterColumns: printerColumns,
      },
      {
        name: 'v1alpha2',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: v1alpha2Schema },
        subresources: { status: {} },
        additionalPrinterColumns: printerColumns,
      },
    ],
  },
};
