// The apiextensions.k8s.io/v1 CustomResourceDefinition as the server reads it: only the fields
// the server interprets are typed; the rest passes through.

import type { KubeObject } from '../api/types.js';
import type { JSONSchemaProps } from './schema-types.js';

export const crdGroup = 'apiextensions.k8s.io';
/** Finalizer the CRD delete adds; the CRD controller removes it once all instances are gone. */
export const crdCleanupFinalizer = 'customresourcecleanup.apiextensions.k8s.io';

export interface CRDNames {
  plural?: string;
  singular?: string;
  kind?: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

export interface PrinterColumn {
  name?: string;
  type?: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath?: string;
}

export interface ScaleSubresource {
  specReplicasPath?: string;
  statusReplicasPath?: string;
  labelSelectorPath?: string;
}

export interface CRDVersion {
  name?: string;
  served?: boolean;
  storage?: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: { status?: object; scale?: ScaleSubresource };
  additionalPrinterColumns?: PrinterColumn[];
  selectableFields?: { jsonPath?: string }[];
}

export interface CRDCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface CRDSpec {
  group?: string;
  scope?: string;
  names?: CRDNames;
  versions?: CRDVersion[];
  conversion?: { strategy?: string; webhook?: unknown };
  preserveUnknownFields?: boolean;
}

export interface CRDStatus {
  conditions?: CRDCondition[] | null;
  acceptedNames?: CRDNames;
  storedVersions?: string[];
}

export interface CustomResourceDefinition extends KubeObject {
  spec?: CRDSpec;
  status?: CRDStatus;
}

export function conditionOf(crd: CustomResourceDefinition, type: string): CRDCondition | undefined {
  return (crd.status?.conditions ?? []).find((c) => c.type === type);
}

export function isEstablished(crd: CustomResourceDefinition): boolean {
  return conditionOf(crd, 'Established')?.status === 'True';
}

export function storageVersionOf(crd: CustomResourceDefinition): string | undefined {
  return (crd.spec?.versions ?? []).find((v) => v.storage)?.name;
}
