// apis.kcp.io APIExportEndpointSlice as kcp serves it: a system CRD, v1alpha1 only, with the
// status subresource.

import type { CustomResourceDefinition } from '../../apiextensions/crd-object.js';
import type { JSONSchemaProps } from '../../apiextensions/schema-types.js';
import {
  agePrinterColumn,
  apisGroup,
  conditions,
  exportReference,
  labelSelector,
  referenceImmutable,
} from './common.js';
import { bool, kindRoot, mapList, object, rule, string } from './schema-builders.js';

const endpoint: JSONSchemaProps = object(
  {
    shards: object(
      {
        matchAll: bool({ description: 'The URL serves every shard.' }),
        selector: {
          ...labelSelector,
          description: 'The shards the URL serves, by shard labels; the most specific match wins.',
        },
      },
      {
        description:
          'Which shards the URL serves; when unset, the URL belongs to the one shard it was composed for.',
        'x-kubernetes-validations': [
          rule(
            '!(has(self.matchAll) && self.matchAll && has(self.selector))',
            'matchAll and selector are mutually exclusive',
          ),
        ],
      },
    ),
    url: string({ description: 'The virtual workspace URL of the endpoint.', minLength: 1 }),
  },
  { description: 'One URL the slice advertises.', required: ['url'] },
);

const schema = kindRoot(
  'APIExportEndpointSlice collects the virtual workspace URLs of an APIExport, optionally limited to a partition of the shards.',
  {
    spec: object(
      {
        export: {
          ...exportReference,
          description: 'The APIExport whose endpoints are collected; fixed at creation.',
          'x-kubernetes-validations': [referenceImmutable],
        },
        partition: string({ description: 'Name of a Partition limiting the endpoints to some shards.' }),
      },
      { description: 'The APIExport and optional partition of the slice.', required: ['export'] },
    ),
    status: object(
      {
        conditions,
        endpoints: mapList(endpoint, ['url'], { description: 'The URLs serving the APIExport.' }),
        shardSelector: string({
          description:
            'The shard selector of the partition, set by the owning shard for the other shards to filter by.',
        }),
      },
      { description: 'The endpoints found for the APIExport.' },
    ),
  },
);

export const apiExportEndpointSlicesCRD: CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `apiexportendpointslices.${apisGroup}` },
  spec: {
    group: apisGroup,
    names: {
      plural: 'apiexportendpointslices',
      singular: 'apiexportendpointslice',
      kind: 'APIExportEndpointSlice',
      listKind: 'APIExportEndpointSliceList',
      categories: ['kcp'],
    },
    scope: 'Cluster',
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: schema },
        subresources: { status: {} },
        additionalPrinterColumns: [
          { name: 'Export', type: 'string', jsonPath: '.spec.export.name' },
          { name: 'Partition', type: 'string', jsonPath: '.spec.partition' },
          agePrinterColumn,
        ],
      },
    ],
  },
};
