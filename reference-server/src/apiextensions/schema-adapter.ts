// The one place the CRD serving code reaches the structural-schema engine (schema/index.ts):
// CRD-write checks of a version's schema, and validation (CEL rules included), pruning and
// defaulting of custom objects. Everything else in apiextensions/ calls these names.

import type { KubeObject } from '../api/types.js';
import type { FieldError } from '../registry/field-errors.js';
import { validateObject as validateWithSchema } from './schema/index.js';
import type { JSONSchemaProps } from './schema-types.js';

export { applyDefaults, pruneObject, structuralSchemaErrors } from './schema/index.js';

/**
 * Schema validation of a custom object, then its x-kubernetes-validations rules; `old` on update
 * (ratcheting and transition rules). Rules are compiled once per schema object by the engine.
 */
export function validateObject(schema: JSONSchemaProps, obj: KubeObject, old?: KubeObject): FieldError[] {
  return validateWithSchema(schema, obj, old === undefined ? {} : { old });
}
