// The CRD that serves an APIResourceSchema to every workspace bound to it, as kcp makes it: one
// per schema object, named by the schema's UID, in the system:bound-crds logical cluster. Bound
// resources cost their consumers nothing beyond this shared CRD and bounded caches.

import type { CustomResourceDefinition, CRDVersion } from '../apiextensions/crd-object.js';
import { boundCRDAnnotation, schemaClusterAnnotation, schemaNameAnnotation } from './names.js';
import type { APIResourceSchema } from './types.js';

const kubeAPIApproved = 'api-approved.kubernetes.io';
/** kcp's marker for CRDs whose objects take path-segment names (nameValidation PathSegmentName). */
export const validateNameAnnotation = 'kcp.io/validate-name';

/** The bound CRD for `schema` of logical cluster `schemaCluster`; undefined when it cannot serve. */
export function boundCRDFor(
  schema: APIResourceSchema,
  schemaCluster: string,
): CustomResourceDefinition | undefined {
  const spec = schema.spec;
  if (spec.versions.length > 1 && !spec.conversion) return undefined;
  const annotations: Record<string, string> = {
    [boundCRDAnnotation]: '',
    [schemaClusterAnnotation]: schemaCluster,
    [schemaNameAnnotation]: schema.metadata?.name ?? '',
  };
  const approved = schema.metadata?.annotations?.[kubeAPIApproved];
  if (approved !== undefined) annotations[kubeAPIApproved] = approved;
  if (spec.nameValidation === 'PathSegmentName') annotations[validateNameAnnotation] = 'path-segment';
  const versions: CRDVersion[] = spec.versions.map((v) => ({
    name: v.name,
    served: v.served,
    storage: v.storage,
    ...(v.deprecated !== undefined ? { deprecated: v.deprecated } : {}),
    ...(v.deprecationWarning !== undefined ? { deprecationWarning: v.deprecationWarning } : {}),
    subresources: v.subresources ?? {},
    ...(v.additionalPrinterColumns ? { additionalPrinterColumns: v.additionalPrinterColumns } : {}),
    ...(v.selectableFields ? { selectableFields: v.selectableFields } : {}),
    schema: { openAPIV3Schema: (v.schema ?? {}) as NonNullable<CRDVersion['schema']>['openAPIV3Schema'] },
  }));
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: schema.metadata?.uid ?? '', annotations },
    spec: {
      group: spec.group,
      names: spec.names,
      scope: spec.scope,
      versions,
      ...(spec.versions.length > 1 && spec.conversion
        ? { conversion: { strategy: spec.conversion.strategy } }
        : {}),
    },
  };
}
