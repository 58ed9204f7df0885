// The OpenAPI v3 schema of apiextensions.k8s.io/v1 (JSONSchemaProps) as plain data: what a
// CRD version's `schema.openAPIV3Schema` holds, and what the server keeps for every type it
// can describe structurally (CRD-served types; built-ins through openapi/). Validation,
// pruning, defaulting, server-side apply (list types and map keys) and the OpenAPI documents
// all read this one shape.

export interface JSONSchemaProps {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  title?: string;
  default?: unknown;
  nullable?: boolean;
  enum?: unknown[];
  // numbers
  maximum?: number;
  exclusiveMaximum?: boolean;
  minimum?: number;
  exclusiveMinimum?: boolean;
  multipleOf?: number;
  // strings
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  // arrays
  items?: JSONSchemaProps;
  maxItems?: number;
  minItems?: number;
  uniqueItems?: boolean;
  // objects
  properties?: Record<string, JSONSchemaProps>;
  required?: string[];
  maxProperties?: number;
  minProperties?: number;
  additionalProperties?: JSONSchemaProps | boolean;
  // composition (value validation only in structural schemas)
  allOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  // Kubernetes extensions
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-validations'?: ValidationRule[];
  // Fields a CRD may carry but a structural schema forbids; kept so that CRD validation can
  // name them in its errors (schema/structural.ts).
  $ref?: string;
  $schema?: string;
  id?: string;
  example?: unknown;
  externalDocs?: { description?: string; url?: string };
  additionalItems?: JSONSchemaProps | boolean;
  patternProperties?: Record<string, JSONSchemaProps>;
  definitions?: Record<string, JSONSchemaProps>;
  dependencies?: Record<string, JSONSchemaProps | string[]>;
}

/** One CEL rule of `x-kubernetes-validations`. */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
  fieldPath?: string;
  optionalOldSelf?: boolean;
}
