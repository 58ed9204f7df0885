// The Swagger 2.0 document (/openapi/v2): every path of every v3 document, with v3 request bodies
// and content maps turned back into body parameters, consumes and produces, and the v3-only
// schema forms (allOf-wrapped references, oneOf, nullable) into what v2 can say.

import { info, type OpenAPIv3Document } from './documents.js';
import { componentsPrefix, type Schema } from './schema-dsl.js';

const definitionsPrefix = '#/definitions/';

export function toSwagger2(docs: Iterable<OpenAPIv3Document>): Schema {
  const paths: Record<string, Schema> = {};
  const definitions: Record<string, Schema> = {};
  for (const doc of docs) {
    for (const [path, item] of Object.entries(doc.paths)) paths[path] = pathItem(item);
    for (const [name, schema] of Object.entries(doc.components.schemas))
      definitions[name] ??= schemaV2(schema) as Schema;
  }
  const sorted = <T>(o: Record<string, T>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    swagger: '2.0',
    info,
    paths: sorted(paths),
    definitions: sorted(definitions),
    securityDefinitions: {
      BearerToken: {
        description: 'Bearer Token authentication',
        type: 'apiKey',
        name: 'authorization',
        in: 'header',
      },
    },
    security: [{ BearerToken: [] }],
  };
}

function pathItem(item: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(item)) {
    out[key] = key === 'parameters' ? (value as Schema[]).map(parameter) : op(value as Schema);
  }
  return out;
}

function parameter(p: Schema): Schema {
  const { schema, ...rest } = p as { schema?: Schema } & Schema;
  return { ...(schema ?? {}), ...rest };
}

function op(o: Schema): Schema {
  const { requestBody, responses, parameters, ...rest } = o as Schema & {
    requestBody?: { content: Record<string, { schema: Schema }>; required?: boolean };
    responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
    parameters?: Schema[];
  };
  const params = (parameters ?? []).map(parameter);
  let consumes = ['*/*'];
  if (requestBody) {
    consumes = Object.keys(requestBody.content);
    const schema = Object.values(requestBody.content)[0]!.schema;
    params.unshift({
      name: 'body',
      in: 'body',
      required: requestBody.required ?? false,
      schema: schemaV2(schema),
    });
  }
  let produces: string[] = [];
  const out: Record<string, Schema> = {};
  for (const [code, r] of Object.entries(responses)) {
    if (!r.content) {
      out[code] = { description: r.description };
      continue;
    }
    produces = Object.keys(r.content);
    out[code] = {
      description: r.description,
      schema: schemaV2(Object.values(r.content)[0]!.schema) as Schema,
    };
  }
  return {
    description: rest.description,
    consumes,
    produces,
    schemes: ['https'],
    ...rest,
    ...(params.length ? { parameters: params } : {}),
    responses: out,
  };
}

/** Rewrites one v3 schema (recursively) into its v2 form. */
export function schemaV2(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(schemaV2);
  if (value === null || typeof value !== 'object') return value;
  const s = value as Schema;
  const allOf = s.allOf as Schema[] | undefined;
  if (allOf?.length === 1 && typeof allOf[0]!.$ref === 'string') {
    // v2 allows siblings of $ref in kube's documents only for the description.
    const { allOf: _a, default: _d, ...rest } = s;
    return {
      ...(schemaV2(rest) as Schema),
      $ref: (allOf[0]!.$ref as string).replace(componentsPrefix, definitionsPrefix),
    };
  }
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'nullable' || k === 'anyOf' || k === 'not') continue;
    if (k === 'oneOf') {
      // Quantity and int-or-string: v2 has no unions; kube publishes them as strings.
      if (s.type === undefined) out.type = 'string';
      continue;
    }
    // Only schema-holding keywords are rewritten; values (default, enum, extensions) stay as they are.
    if (k === '$ref' && typeof v === 'string') out[k] = v.replace(componentsPrefix, definitionsPrefix);
    else if (k === 'properties' && v !== null && typeof v === 'object')
      out[k] = Object.fromEntries(Object.entries(v).map(([name, p]) => [name, schemaV2(p)]));
    else if (k === 'items' || k === 'additionalProperties' || k === 'allOf') out[k] = schemaV2(v);
    else out[k] = v;
  }
  return out;
}
