// kube-apiserver decodes JSON into Go structs, so a wrongly typed field (a number for
// metadata.name, a list for labels) fails decoding with 400 BadRequest before any validation.
// We keep objects as JSON, so this walks the fields a type declares and reports the first one
// Go would refuse, with the decoder's wording. null is accepted everywhere, as in Go.

import { ApiError, badRequest } from '../api/status.js';

export type Shape =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'int32'
  | 'time'
  | 'microTime'
  | 'stringMap'
  | 'stringList'
  | 'list'
  | 'object'
  | { struct: string; fields: Record<string, Shape> };

export const objectMetaShape: Shape = {
  struct: 'ObjectMeta',
  fields: {
    name: 'string',
    generateName: 'string',
    namespace: 'string',
    selfLink: 'string',
    uid: 'string',
    resourceVersion: 'string',
    generation: 'integer',
    creationTimestamp: 'time',
    deletionTimestamp: 'time',
    deletionGracePeriodSeconds: 'integer',
    labels: 'stringMap',
    annotations: 'stringMap',
    ownerReferences: 'list',
    finalizers: 'stringList',
    managedFields: 'list',
  },
};

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  return typeof v;
}

function goType(shape: Shape): string {
  if (typeof shape !== 'string') return `v1.${shape.struct}`;
  switch (shape) {
    case 'integer':
      return 'int64';
    case 'int32':
      return 'int32';
    case 'boolean':
      return 'bool';
    case 'time':
      return 'v1.Time';
    case 'microTime':
      return 'v1.MicroTime';
    case 'stringMap':
      return 'map[string]string';
    case 'stringList':
      return '[]string';
    case 'list':
      return '[]interface {}';
    case 'object':
      return 'map[string]interface {}';
    default:
      return shape;
  }
}

function fits(v: unknown, shape: Shape): boolean {
  if (v === null) return true;
  if (typeof shape !== 'string') return typeof v === 'object' && !Array.isArray(v);
  switch (shape) {
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'int32':
      return typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31;
    case 'time':
      return typeof v === 'string' && (v === '' || !Number.isNaN(Date.parse(v)));
    case 'microTime':
      return typeof v === 'string';
    case 'stringMap':
      return (
        typeof v === 'object' &&
        !Array.isArray(v) &&
        Object.values(v as object).every((x) => typeof x === 'string' || x === null)
      );
    case 'stringList':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'list':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && !Array.isArray(v);
  }
}

const microTimeLayout = '2006-01-02T15:04:05.000000Z07:00';

/**
 * metav1.MicroTime parses with Go's time.Parse and the layout above: exactly six fractional
 * digits and a zone are required. The message is Go's (`cannot parse "<rest>" as "<element>"`).
 */
export function microTimeParseError(value: string): string | undefined {
  const fail = (rest: string, element: string) =>
    `parsing time ${JSON.stringify(value)} as ${JSON.stringify(microTimeLayout)}: cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(element)}`;
  const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.exec(value);
  if (!date) return fail(value, '2006');
  let rest = value.slice(date[0].length);
  if (!/^\.\d{6}/.test(rest)) return fail(rest, '.000000');
  rest = rest.slice(7);
  if (rest !== 'Z' && !/^[+-]\d{2}:\d{2}$/.test(rest)) return fail(rest, 'Z07:00');
  return Number.isNaN(Date.parse(value)) ? fail(value, '2006') : undefined;
}

function check(
  value: Record<string, unknown>,
  fields: Record<string, Shape>,
  struct: string,
  path: string,
): void {
  for (const [name, shape] of Object.entries(fields)) {
    const v = value[name];
    if (v === undefined) continue;
    const field = path ? `${path}.${name}` : name;
    if (!fits(v, shape))
      throw badRequest(
        `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${struct}.${field} of type ${goType(shape)}`,
      );
    if (shape === 'microTime' && typeof v === 'string' && v !== '') {
      const problem = microTimeParseError(v);
      if (problem) throw badRequest(problem);
    }
    if (typeof shape !== 'string' && v !== null)
      check(v as Record<string, unknown>, shape.fields, shape.struct, field);
  }
}

/** Throws 400 BadRequest if `obj` could not be decoded into a `kind` with these top-level fields. */
export function checkDecodable(
  obj: Record<string, unknown>,
  kind: string,
  fields: Record<string, Shape>,
): void {
  check(obj, { apiVersion: 'string', kind: 'string', metadata: objectMetaShape, ...fields }, kind, '');
}

/** The decoder's message if `obj` could not be decoded into a `kind`, else undefined. */
export function decodeProblem(
  obj: Record<string, unknown>,
  kind: string,
  fields: Record<string, Shape>,
): string | undefined {
  try {
    checkDecodable(obj, kind, fields);
    return undefined;
  } catch (e) {
    if (e instanceof ApiError && e.status.code === 400) return e.status.message;
    throw e;
  }
}
