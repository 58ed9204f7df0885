// kube-apiserver decodes a built-in object into Go structs, so a value of the wrong JSON type
// anywhere in it (a number among a rule's verbs, a string where a list of subjects belongs) fails
// decoding with 400 BadRequest before any code sees it. We keep objects as JSON: this walks a body
// against the kind's OpenAPI definition (the same tables /openapi serves) and reports the first
// value Go would refuse, in the decoder's words. null fits everywhere, unknown fields are Go's to
// drop, and the walk keeps its own stack: the body's depth (bounded at 10000 before parsing) does
// not become recursion depth.

import { badRequest } from '../api/status.js';
import { builtinDefinitionName, builtinDefinitions } from '../openapi/definitions.js';
import { decodeProblem } from './decode-check.js';
import type { ResourceType } from './resource-type.js';
import { componentsPrefix, type Schema } from '../openapi/schema-dsl.js';

interface Frame {
  value: unknown;
  schema: Schema;
  /** The innermost Go struct the value sits in, and the field path from the top. */
  struct: string;
  path: string;
}

const shortName = (definition: string) => definition.slice(definition.lastIndexOf('.') + 1);

/** The definition a schema points at through `$ref` or kube-openapi's `allOf: [{$ref}]`. */
function referenced(schema: Schema): string | undefined {
  const direct = schema.$ref;
  if (typeof direct === 'string') return direct.slice(componentsPrefix.length);
  const allOf = schema.allOf as Schema[] | undefined;
  const ref = allOf?.length === 1 ? allOf[0]!.$ref : undefined;
  return typeof ref === 'string' ? ref.slice(componentsPrefix.length) : undefined;
}

function resolve(schema: Schema): { schema: Schema; struct?: string } {
  for (let i = 0; i < 16; i++) {
    const name = referenced(schema);
    if (name === undefined) return { schema };
    const next = builtinDefinitions[name];
    if (next === undefined) return { schema: {} };
    if (referenced(next) === undefined) return { schema: next, struct: shortName(name) };
    schema = next;
  }
  return { schema: {} };
}

/** Go's named types where OpenAPI only says `string` (by innermost struct and field path). */
const namedTypes: Readonly<Record<string, string>> = {
  'Secret.type': 'v1.SecretType',
  'NamespaceSpec.spec.finalizers': '[]v1.FinalizerName',
  'NamespaceStatus.status.phase': 'v1.NamespacePhase',
};

function goType(schema: Schema): string {
  const name = referenced(schema);
  if (name !== undefined) {
    // Go prints package-qualified names (v1.PolicyRule, v1.Time); the packages differ little enough.
    return `v1.${shortName(name)}`;
  }
  switch (schema.type) {
    case 'string':
      return schema.format === 'byte' ? '[]uint8' : 'string';
    case 'integer':
      return schema.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'array':
      return `[]${goType((schema.items as Schema | undefined) ?? {})}`;
    case 'object': {
      const values = schema.additionalProperties;
      if (values && typeof values === 'object') return `map[string]${goType(values as Schema)}`;
      return 'map[string]interface {}';
    }
    default:
      return 'interface {}';
  }
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

/** Whether a JSON value can be decoded where `schema` (already resolved) describes the field. */
function fits(value: unknown, schema: Schema): boolean {
  if (schema['x-kubernetes-int-or-string'] === true)
    return typeof value === 'string' || Number.isInteger(value);
  switch (schema.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    default:
      // No type: anything (RawExtension, JSON), or an object schema without a declared type.
      return schema.properties === undefined || (typeof value === 'object' && !Array.isArray(value));
  }
}

/** The decoder's message for the first value of `body` that `definition` cannot hold, if any. */
export function openAPIDecodeProblem(body: Record<string, unknown>, definition: string): string | undefined {
  const top = builtinDefinitions[definition];
  if (top === undefined) return undefined;
  const stack: Frame[] = [{ value: body, schema: top, struct: shortName(definition), path: '' }];
  while (stack.length > 0) {
    const { value, schema: declared, struct: outer, path } = stack.pop()!;
    if (value === null || value === undefined) continue;
    const { schema, struct = outer } = resolve(declared);
    if (!fits(value, schema)) {
      const field = path === '' ? '' : ` into Go struct field ${outer}.${path}`;
      const into = path === '' ? ` into Go value` : field;
      const type = namedTypes[`${outer}.${path}`] ?? goType(declared);
      return `json: cannot unmarshal ${jsonKind(value)}${into} of type ${type}`;
    }
    if (schema['x-kubernetes-preserve-unknown-fields'] === true && schema.properties === undefined) continue;
    const join = (name: string) => (path === '' ? name : `${path}.${name}`);
    if (Array.isArray(value)) {
      const items = schema.items as Schema | undefined;
      if (!items) continue;
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], schema: items, struct, path });
      continue;
    }
    if (typeof value !== 'object') continue;
    const object = value as Record<string, unknown>;
    const properties = schema.properties as Record<string, Schema> | undefined;
    if (properties) {
      // Go names the innermost struct and the field path from the top (no indices, no map keys).
      const names = Object.keys(properties).filter((n) => object[n] !== undefined);
      for (let i = names.length - 1; i >= 0; i--) {
        const name = names[i]!;
        stack.push({ value: object[name], schema: properties[name]!, struct, path: join(name) });
      }
      continue;
    }
    const values = schema.additionalProperties;
    if (values && typeof values === 'object')
      for (const v of Object.values(object)) stack.push({ value: v, schema: values as Schema, struct, path });
  }
  return undefined;
}

/**
 * Throws kube's 400 (`<Kind> in version "<v>" cannot be handled as a <Kind>: json: ...`) when a
 * body could not be decoded into its type: the fields the type declares (every type; they know
 * Go's named types and time formats), then, for built-ins, the whole OpenAPI definition. Types
 * served from schemas have the rest checked by their schema.
 */
export function checkBodyDecodable(type: ResourceType, body: Record<string, unknown>): void {
  const kind = type.names.kind;
  const definition =
    type.schema === undefined
      ? builtinDefinitionName({ group: type.group, version: type.version, kind })
      : undefined;
  const problem =
    decodeProblem(body, kind, type.fields) ??
    (definition === undefined ? undefined : openAPIDecodeProblem(body, definition));
  if (problem === undefined) return;
  throw badRequest(`${kind} in version "${type.version}" cannot be handled as a ${kind}: ${problem}`);
}
