// apis.kcp.io APIResourceSchema as kcp serves it: a system CRD, v1alpha1 only, no status and no
// subresources. Its spec mirrors a CRD's spec, with the version schemas kept as raw JSON.

import type { CustomResourceDefinition } from '../../apiextensions/crd-object.js';
import type { JSONSchemaProps } from '../../apiextensions/schema-types.js';
import { agePrinterColumn, apisGroup } from './common.js';
import {
  array,
  bool,
  emptyObject,
  int32,
  kindRoot,
  mapList,
  object,
  preserveUnknown,
  rule,
  string,
  stringEnum,
  stringList,
} from './schema-builders.js';

const conversion: JSONSchemaProps = object(
  {
    strategy: stringEnum(['None', 'Webhook'], {
      description: 'None only rewrites apiVersion; Webhook calls the webhook to convert.',
    }),
    webhook: object(
      {
        clientConfig: object(
          {
            caBundle: string({
              description: 'PEM CA bundle to verify the webhook’s serving certificate.',
              format: 'byte',
            }),
            url: string({ description: 'The webhook’s https URL.', format: 'uri' }),
          },
          { description: 'How to reach the webhook.' },
        ),
        conversionReviewVersions: stringList({
          description: 'ConversionReview versions the webhook accepts, most preferred first.',
        }),
      },
      {
        description: 'The conversion webhook; required for strategy Webhook.',
        required: ['conversionReviewVersions'],
      },
    ),
  },
  {
    description: 'How objects are converted between the versions.',
    required: ['strategy'],
    'x-kubernetes-validations': [
      rule(
        "(self.strategy == 'None' && !has(self.webhook))  || (self.strategy == 'Webhook' && has(self.webhook))",
        'Webhook must be specified if strategy=Webhook',
      ),
    ],
  },
);

const names: JSONSchemaProps = object(
  {
    categories: stringList({ description: 'Groupings of resources the resource belongs to, like "all".' }),
    kind: string({ description: 'The kind of the objects, in CamelCase.' }),
    listKind: string({ description: 'The kind of lists of the objects; "<kind>List" by default.' }),
    plural: string({ description: 'The lowercase plural name the resource is served under.' }),
    shortNames: stringList({ description: 'Lowercase short aliases of the resource.' }),
    singular: string({ description: 'The lowercase singular name; the lowercased kind by default.' }),
  },
  { description: 'The names of the resource and its kind.', required: ['kind', 'plural'] },
);

const printerColumns: JSONSchemaProps = mapList(
  object(
    {
      description: string({ description: 'A human-readable description of the column.' }),
      format: string({ description: 'An optional OpenAPI format for the column.' }),
      jsonPath: string({ description: 'Simple JSON path of the column’s value in each object.' }),
      name: string({ description: 'The column header.' }),
      priority: int32({ description: 'Importance of the column; above 0 means shown only in wide output.' }),
      type: string({ description: 'OpenAPI type of the column.' }),
    },
    { description: 'One column of Table output.', required: ['jsonPath', 'name', 'type'] },
  ),
  ['name'],
  { description: 'Extra columns of Table output; only Age when empty.' },
);

const version: JSONSchemaProps = object(
  {
    additionalPrinterColumns: printerColumns,
    deprecated: bool({ description: 'Requests to a deprecated version get a warning.' }),
    deprecationWarning: string({
      description: 'The warning instead of the default one; only when deprecated.',
    }),
    name: string({
      description: 'The version name, like v1 or v2beta1.',
      minLength: 1,
      pattern: '^v[1-9][0-9]*([a-z]+[1-9][0-9]*)?$',
    }),
    schema: preserveUnknown({
      description: 'The structural OpenAPI v3 schema of the version, as a CRD version holds it.',
      'x-kubernetes-map-type': 'atomic',
    }),
    selectableFields: array(
      object(
        { jsonPath: string({ description: 'Simple JSON path of the field, without array notation.' }) },
        { description: 'One field usable in field selectors.', required: ['jsonPath'] },
      ),
      { description: 'Fields usable in field selectors (at most 8).', 'x-kubernetes-list-type': 'atomic' },
    ),
    served: bool({ description: 'Whether the version is served by the REST API.', default: true }),
    storage: bool({ description: 'Whether objects are stored in this version; exactly one is.' }),
    subresources: object(
      {
        scale: object(
          {
            labelSelectorPath: string({
              description: 'JSON path of the serialized label selector, for Scale status.selector.',
            }),
            specReplicasPath: string({ description: 'JSON path under .spec of the desired replicas.' }),
            statusReplicasPath: string({ description: 'JSON path under .status of the current replicas.' }),
          },
          {
            description: 'Serves a /scale subresource (autoscaling/v1 Scale).',
            required: ['specReplicasPath', 'statusReplicasPath'],
          },
        ),
        status: emptyObject({ description: 'Serves a /status subresource.' }),
      },
      { description: 'The subresources the version serves.' },
    ),
  },
  { description: 'One API version of the resource.', required: ['name', 'schema', 'served', 'storage'] },
);

const schema = kindRoot(
  'APIResourceSchema describes one resource (group, names, versions and their schemas) an APIExport can offer. It is immutable.',
  {
    spec: object(
      {
        conversion,
        group: string({ description: 'API group of the resource; "" for the core group.' }),
        nameValidation: stringEnum(['DNS1123Subdomain', 'PathSegmentName'], {
          description:
            'How names of the bound objects are checked: as DNS-1123 subdomains (like CRDs), or only as safe path segments.',
          default: 'DNS1123Subdomain',
        }),
        names,
        scope: stringEnum(['Cluster', 'Namespaced'], {
          description: 'Whether objects are cluster-wide or namespaced.',
        }),
        versions: mapList(version, ['name'], { description: 'The versions of the resource.', minItems: 1 }),
      },
      {
        description: 'The resource described.',
        required: ['group', 'names', 'scope', 'versions'],
        'x-kubernetes-validations': [
          rule(
            'size(self.versions) == 1 || (size(self.versions) > 1 && has(self.conversion))',
            'Conversion must be specified when multiple versions exist',
          ),
        ],
      },
    ),
  },
);

export const apiResourceSchemasCRD: CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `apiresourceschemas.${apisGroup}` },
  spec: {
    group: apisGroup,
    names: {
      plural: 'apiresourceschemas',
      singular: 'apiresourceschema',
      kind: 'APIResourceSchema',
      listKind: 'APIResourceSchemaList',
      categories: ['kcp'],
    },
    scope: 'Cluster',
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: schema },
        subresources: {},
        additionalPrinterColumns: [agePrinterColumn],
      },
    ],
  },
};
