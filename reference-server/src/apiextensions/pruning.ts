// What pruning would drop from a custom object, without dropping it: the "unknown field" list
// that fieldValidation=Warn reports and Strict refuses. The strategy prunes the stored object.

import type { KubeObject } from '../api/types.js';
import { pruneObject } from './schema-adapter.js';
import type { JSONSchemaProps } from './schema-types.js';

export function unknownFieldPaths(schema: JSONSchemaProps, obj: KubeObject): string[] {
  return pruneObject(schema, structuredClone(obj)).sort();
}
