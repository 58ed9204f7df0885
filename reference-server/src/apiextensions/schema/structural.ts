// CRD-write validation of `openAPIV3Schema`, in the order and words of
// apiextensions-apiserver's validateCustomResourceDefinitionValidation:
//   1. `nullable` at the root,
//   2. structural invariants + completeness (sorted like Go sorts them), then — only when the
//      schema is structural — the defaults (must validate, must be pruned-clean, CEL rules hold),
//   3. the OpenAPI v3 subset checks of every node, followed per node by x-kubernetes-validations
//      static checks and CEL compilation (only when nothing deeper is wrong, like kube),
//   4. errors from building the structural schema, shown only when nothing else was found.
//
// Not covered (see README "Not supported"): the status-subresource root field allow-list, CEL
// cost estimation, CEL type checking (only undeclared functions and syntax are found),
// defaults inside embedded resources' metadata (they are forbidden at the top level anyway),
// `x-kubernetes-list-type: map` with array-form items beyond the "must be a schema" error.

import type { FieldError } from '../../registry/field-errors.js';
import type { JSONSchemaProps } from '../schema-types.js';
import { compileNodeRules } from './cel.js';
import { child, fe, goJSON, key } from './errors.js';
import { pruneValue } from './prune.js';
import { regexSyntaxError } from './regex.js';
import { evaluateNodeRulesForDefault } from './cel-eval.js';
import { validateValue } from './validate.js';
import { ruleFieldPathValid } from './rule-field-path.js';
import { schemaShapeError } from './shape.js';

export interface StructuralOptions {
  /** Reserved: accepted for the caller's convenience; v1 CRDs always allow the extension. */
  preserveUnknownFieldsAllowed?: boolean;
}

const OPENAPI_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const VALIDATION_REASONS = [
  'FieldValueDuplicate',
  'FieldValueForbidden',
  'FieldValueInvalid',
  'FieldValueRequired',
];
const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);

type Level = 'root' | 'item' | 'field';

/** Loosely typed view: a stored CRD may hold anything JSON allows. */
type Node = JSONSchemaProps & Record<string, unknown>;

export function structuralSchemaErrors(
  schema: JSONSchemaProps,
  fieldPath: string,
  _opts: StructuralOptions = {},
): FieldError[] {
  // A mis-typed field is a decode error in kube (400); refuse it here before walking the schema.
  const shape = schemaShapeError(schema);
  if (shape) return [fe.invalid(fieldPath, '', shape)];
  const errs: FieldError[] = [];
  const root = schema as Node;
  if (root.nullable)
    errs.push(fe.forbidden(child(fieldPath, 'nullable'), 'nullable cannot be true at the root'));

  const canBuildStructural = !hasNonStructuralConstruct(root);
  let celAllowed = false;
  if (canBuildStructural) {
    const structural = [...invariants(root, 'root', fieldPath), ...completeness(root, fieldPath)];
    structural.sort((a, b) => cmp(`${a.field}: ${a.detail}`, `${b.field}: ${b.detail}`));
    if (structural.length) errs.push(...structural);
    else {
      const defaults = defaultErrors(root, fieldPath, root, false, true);
      errs.push(...defaults);
      celAllowed = defaults.length === 0;
    }
  }
  const ctx: WalkContext = { allowDefaults: true, insideMeta: false, celAllowed };
  const openapi = openAPIErrors(root, fieldPath, ctx, true);
  errs.push(...openapi.schema, ...openapi.cel);
  if (errs.length === 0 && !canBuildStructural) {
    errs.push(fe.invalid(fieldPath, '', structuralInitMessage(root)));
  }
  return errs;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Structural invariants (apiserver/schema/validation.go)

function subSchemas(s: Node): Node[] {
  const out: Node[] = [];
  const add = (v: unknown) => {
    if (v && typeof v === 'object') out.push(v as Node);
  };
  if (Array.isArray(s.items)) s.items.forEach(add);
  else add(s.items);
  Object.values(s.properties ?? {}).forEach(add);
  if (typeof s.additionalProperties === 'object') add(s.additionalProperties);
  (s.allOf ?? []).forEach(add);
  (s.anyOf ?? []).forEach(add);
  (s.oneOf ?? []).forEach(add);
  add(s.not);
  return out;
}

/** The constructs NewStructural refuses (their own errors are reported by the OpenAPI checks). */
function hasNonStructuralConstruct(s: Node): boolean {
  if (Array.isArray(s.items)) return true;
  if (s['x-kubernetes-preserve-unknown-fields'] === false) return true;
  for (const k of [
    'id',
    '$schema',
    '$ref',
    'patternProperties',
    'dependencies',
    'additionalItems',
    'definitions',
  ]) {
    if (s[k] !== undefined && s[k] !== '') return true;
  }
  return subSchemas(s).some(hasNonStructuralConstruct);
}

function structuralInitMessage(s: Node): string {
  if (Array.isArray(s.items)) return "OpenAPIV3Schema 'items' must be a schema, but is an array";
  return "internal error: 'x-kubernetes-preserve-unknown-fields' must be true or undefined";
}

function isIntOrStringAnyOf(list: JSONSchemaProps[] | undefined): boolean {
  if (!list || list.length !== 2) return false;
  const only = (x: JSONSchemaProps, t: string) => Object.keys(x).length === 1 && x.type === t;
  return only(list[0]!, 'integer') && only(list[1]!, 'string');
}

function invariants(s: Node, lvl: Level, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = (s.type ?? '') as string;
  if (type === 'array' && !s.items) errs.push(fe.required(child(p, 'items'), 'must be specified'));
  if (s.items && !Array.isArray(s.items))
    errs.push(...invariants(s.items as Node, 'item', child(p, 'items')));
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    errs.push(...invariants(v as Node, 'field', key(child(p, 'properties'), k)));
  }
  if (s.additionalProperties !== undefined) {
    if (lvl === 'root')
      errs.push(fe.forbidden(child(p, 'additionalProperties'), 'must not be used at the root'));
    if (typeof s.additionalProperties === 'object') {
      errs.push(...invariants(s.additionalProperties as Node, 'field', child(p, 'additionalProperties')));
    }
  }
  const intOrString = !!s['x-kubernetes-int-or-string'];
  const preserve = !!s['x-kubernetes-preserve-unknown-fields'];
  const embedded = !!s['x-kubernetes-embedded-resource'];
  if (intOrString && preserve) {
    errs.push(
      fe.invalid(
        child(p, 'x-kubernetes-preserve-unknown-fields'),
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  }
  if (intOrString && embedded) {
    errs.push(
      fe.invalid(
        child(p, 'x-kubernetes-embedded-resource'),
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  }
  const skipAnyOf = isIntOrStringAnyOf(s.anyOf);
  const skipFirstAllOfAnyOf = !!s.allOf?.length && isIntOrStringAnyOf(s.allOf[0]!.anyOf);
  errs.push(...valueValidation(s, skipAnyOf, skipFirstAllOfAnyOf, p));

  if (embedded && type !== 'object') {
    if (!type)
      errs.push(fe.required(child(p, 'type'), 'must be object if x-kubernetes-embedded-resource is true'));
    else
      errs.push(
        fe.invalid(child(p, 'type'), type, 'must be object if x-kubernetes-embedded-resource is true'),
      );
  } else if (!type && !intOrString && !preserve) {
    const why = {
      root: 'must not be empty at the root',
      item: 'must not be empty for specified array items',
      field: 'must not be empty for specified object fields',
    }[lvl];
    errs.push(fe.required(child(p, 'type'), why));
  }
  if (embedded && s.additionalProperties !== undefined) {
    errs.push(
      fe.forbidden(
        child(p, 'additionalProperties'),
        'must not be used if x-kubernetes-embedded-resource is set',
      ),
    );
  }
  if (lvl === 'root' && type && type !== 'object')
    errs.push(fe.invalid(child(p, 'type'), type, 'must be object at the root'));

  const checkMeta = lvl === 'root' || embedded;
  const props = s.properties ?? {};
  for (const f of ['kind', 'apiVersion'] as const) {
    const sub = props[f];
    if (sub && checkMeta && sub.type !== 'string') {
      errs.push(fe.invalid(child(key(child(p, 'properties'), f), 'type'), sub.type ?? '', 'must be string'));
    }
  }
  if (props.metadata)
    errs.push(
      ...metadataInvariants(props.metadata as Node, checkMeta, lvl, key(child(p, 'properties'), 'metadata')),
    );
  if (embedded && !preserve && Object.keys(props).length === 0) {
    errs.push(
      fe.required(
        child(p, 'properties'),
        'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
      ),
    );
  }
  return errs;
}

function metadataInvariants(s: Node, checkMeta: boolean, lvl: Level, p: string): FieldError[] {
  const errs: FieldError[] = [];
  if (checkMeta && s.type !== 'object')
    errs.push(fe.invalid(child(p, 'type'), s.type ?? '', 'must be object'));
  if (lvl === 'root') {
    // Only `type`, `default` and properties restricting name/generateName may be given.
    const propNames = Object.keys(s.properties ?? {});
    const onlyNames = propNames.every((n) => n === 'name' || n === 'generateName');
    const extra = Object.keys(s).filter(
      (k) => k !== 'type' && k !== 'default' && !(k === 'properties' && onlyNames),
    );
    if (extra.length) {
      errs.push(
        fe.forbidden(
          p,
          'must not specify anything other than name and generateName, but metadata is implicitly specified',
        ),
      );
    }
  }
  return errs;
}

function valueValidation(s: Node, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, p: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!skipAnyOf)
    (s.anyOf ?? []).forEach((v, i) => errs.push(...nested(v as Node, false, `${child(p, 'anyOf')}[${i}]`)));
  (s.allOf ?? []).forEach((v, i) =>
    errs.push(...nested(v as Node, skipFirstAllOfAnyOf && i === 0, `${child(p, 'allOf')}[${i}]`)),
  );
  (s.oneOf ?? []).forEach((v, i) => errs.push(...nested(v as Node, false, `${child(p, 'oneOf')}[${i}]`)));
  if (s.not) errs.push(...nested(s.not as Node, false, child(p, 'not')));
  if (typeof s.pattern === 'string' && s.pattern) {
    const why = regexSyntaxError(s.pattern);
    if (why)
      errs.push(
        fe.invalid(child(p, 'pattern'), s.pattern, `must be a valid regular expression, but isn't: ${why}`),
      );
  }
  return errs;
}

/** A schema under allOf/anyOf/oneOf/not: value validations only. */
function nested(v: Node, skipAnyOf: boolean, p: string): FieldError[] {
  const errs: FieldError[] = [...valueValidation(v, skipAnyOf, false, p)];
  if (v.items && !Array.isArray(v.items)) errs.push(...nested(v.items as Node, false, child(p, 'items')));
  for (const [k, f] of Object.entries(v.properties ?? {}))
    errs.push(...nested(f as Node, false, key(child(p, 'properties'), k)));
  const forbid = (field: string, detail: string) => errs.push(fe.forbidden(child(p, field), detail));
  if (v.type) forbid('type', 'must be empty to be structural');
  if (v.additionalProperties !== undefined)
    forbid('additionalProperties', 'must be undefined to be structural');
  if (v.default !== undefined && v.default !== null) forbid('default', 'must be undefined to be structural');
  if (v.title) forbid('title', 'must be empty to be structural');
  if (v.description) forbid('description', 'must be empty to be structural');
  if (v.nullable) forbid('nullable', 'must be false to be structural');
  if (v['x-kubernetes-preserve-unknown-fields'])
    forbid('x-kubernetes-preserve-unknown-fields', 'must be false to be structural');
  if (v['x-kubernetes-embedded-resource'])
    forbid('x-kubernetes-embedded-resource', 'must be false to be structural');
  if (v['x-kubernetes-int-or-string']) forbid('x-kubernetes-int-or-string', 'must be false to be structural');
  if (v['x-kubernetes-list-map-keys']?.length)
    forbid('x-kubernetes-list-map-keys', 'must be empty to be structural');
  if (v['x-kubernetes-list-type'] !== undefined)
    forbid('x-kubernetes-list-type', 'must be undefined to be structural');
  if (v['x-kubernetes-map-type'] !== undefined)
    forbid('x-kubernetes-map-type', 'must be undefined to be structural');
  if (v['x-kubernetes-validations']?.length)
    forbid('x-kubernetes-validations', 'must be empty to be structural');
  if (v.properties?.metadata) {
    errs.push(
      fe.forbidden(key(child(p, 'properties'), 'metadata'), 'must not be specified in a nested context'),
    );
  }
  return errs;
}

/** Every field a value validation talks about must exist in the structural part too. */
function completeness(s: Node, p: string): FieldError[] {
  return valueCompleteness(s, s, p, p);
}

function valueCompleteness(v: Node, s: Node | undefined, sPath: string, vPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (v.not) errs.push(...nestedCompleteness(v.not as Node, s, sPath, child(vPath, 'not')));
  (['allOf', 'anyOf', 'oneOf'] as const).forEach((j) =>
    (v[j] ?? []).forEach((x, i) =>
      errs.push(...nestedCompleteness(x as Node, s, sPath, `${child(vPath, j)}[${i}]`)),
    ),
  );
  return errs;
}

function nestedCompleteness(v: Node, s: Node | undefined, sPath: string, vPath: string): FieldError[] {
  if (!s) return [fe.required(sPath, `because it is defined in ${vPath}`)];
  const errs = valueCompleteness(v, s, sPath, vPath);
  if (v.items && !Array.isArray(v.items)) {
    const sItems = s.items && !Array.isArray(s.items) ? (s.items as Node) : undefined;
    errs.push(...nestedCompleteness(v.items as Node, sItems, child(sPath, 'items'), child(vPath, 'items')));
  }
  for (const [k, vf] of Object.entries(v.properties ?? {})) {
    const sf = s.properties?.[k] as Node | undefined;
    const sfPath = key(child(sPath, 'properties'), k);
    const vfPath = key(child(vPath, 'properties'), k);
    if (!sf) errs.push(fe.required(sfPath, `because it is defined in ${vfPath}`));
    else errs.push(...nestedCompleteness(vf as Node, sf, sfPath, vfPath));
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Defaults (apiserver/schema/defaulting/validation.go)

function defaultErrors(
  s: Node,
  p: string,
  resourceRoot: Node,
  insideMeta: boolean,
  isRoot: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const embedded = isRoot || !!s['x-kubernetes-embedded-resource'];
  if (embedded) insideMeta = false;
  if (embedded) resourceRoot = s;
  if (s.default !== undefined && s.default !== null && !insideMeta) {
    const dp = child(p, 'default');
    const pruned = structuredClone(s.default);
    pruneValue(s, pruned, embedded);
    if (goJSON(pruned) !== goJSON(s.default))
      errs.push(fe.invalid(dp, s.default, 'must not have unknown fields'));
    const schemaErrs = validateValue(s, s.default, dp, '');
    if (schemaErrs.length) errs.push(...schemaErrs);
    else errs.push(...evaluateNodeRulesForDefault(s, s.default, dp, s === resourceRoot));
  }
  if (s.items && !Array.isArray(s.items))
    errs.push(...defaultErrors(s.items as Node, child(p, 'items'), resourceRoot, insideMeta, false));
  for (const [k, sub] of Object.entries(s.properties ?? {})) {
    const subMeta = insideMeta || (embedded && META_FIELDS.has(k));
    errs.push(...defaultErrors(sub as Node, key(child(p, 'properties'), k), resourceRoot, subMeta, false));
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// OpenAPI subset checks (apis/apiextensions/validation: ValidateCustomResourceDefinitionOpenAPISchema)

interface WalkContext {
  allowDefaults: boolean;
  disallowDefaultsReason?: string;
  insideMeta: boolean;
  /** Path of the nearest list/map whose elements cannot be correlated with the old object. */
  uncorrelatablePath?: string;
  /** CEL is compiled only when the schema is structural and its defaults are valid. */
  celAllowed: boolean;
  /** False under allOf/anyOf/oneOf/not: kube has no CEL context there. */
  noCel?: boolean;
}

interface SplitErrors {
  schema: FieldError[];
  cel: FieldError[];
}

function openAPIErrors(s: Node | undefined, p: string, ctx: WalkContext, isRoot: boolean): SplitErrors {
  const out: SplitErrors = { schema: [], cel: [] };
  if (!s || typeof s !== 'object') return out;
  const merge = (o: SplitErrors) => {
    out.schema.push(...o.schema);
    out.cel.push(...o.cel);
  };
  out.schema.push(...standardChecks(s, p, ctx));
  if (s.uniqueItems) {
    out.schema.push(
      fe.forbidden(
        child(p, 'uniqueItems'),
        'uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      ),
    );
  }
  if (s.additionalProperties !== undefined && s.additionalProperties !== null) {
    if (Object.keys(s.properties ?? {}).length && s.additionalProperties !== true) {
      out.schema.push(
        fe.forbidden(
          child(p, 'additionalProperties'),
          'additionalProperties and properties are mutual exclusive',
        ),
      );
    }
    if (typeof s.additionalProperties === 'object') {
      const sub: WalkContext = ctx.insideMeta
        ? {
            ...ctx,
            allowDefaults: false,
            disallowDefaultsReason: 'inside additionalProperties applying to object metadata',
          }
        : ctx;
      merge(openAPIErrors(s.additionalProperties as Node, child(p, 'additionalProperties'), sub, false));
    }
  }
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    let sub: WalkContext = ctx;
    if (s['x-kubernetes-map-type'] === 'atomic' && !sub.uncorrelatablePath)
      sub = { ...sub, uncorrelatablePath: p };
    if ((isRoot || s['x-kubernetes-embedded-resource']) && META_FIELDS.has(k)) {
      sub = { ...sub, insideMeta: true };
      if (isRoot) sub = { ...sub, allowDefaults: false, disallowDefaultsReason: `in top-level ${k}` };
    }
    merge(openAPIErrors(v as Node, key(child(p, 'properties'), k), sub, false));
  }
  const noCel = { ...ctx, noCel: true };
  merge(openAPIErrors(s.not as Node | undefined, child(p, 'not'), noCel, false));
  (['allOf', 'oneOf', 'anyOf'] as const).forEach((j) =>
    (s[j] ?? []).forEach((x, i) => merge(openAPIErrors(x as Node, `${child(p, j)}[${i}]`, noCel, false))),
  );
  if (s.items) {
    let sub = ctx;
    if (s['x-kubernetes-list-type'] !== 'map' && !sub.uncorrelatablePath)
      sub = { ...sub, uncorrelatablePath: p };
    if (Array.isArray(s.items))
      s.items.forEach((x, i) => merge(openAPIErrors(x as Node, `${child(p, 'items')}[${i}]`, sub, false)));
    else merge(openAPIErrors(s.items as Node, child(p, 'items'), sub, false));
  }
  out.schema.push(...extensionChecks(s, p));
  const rules = s['x-kubernetes-validations'] ?? [];
  if (rules.length) {
    out.schema.push(...ruleStaticChecks(s, p));
    if (out.schema.length === 0 && ctx.celAllowed && !ctx.noCel) {
      out.cel.push(
        ...compileNodeRules(s, child(p, 'x-kubernetes-validations'), isRoot, ctx.uncorrelatablePath).errors,
      );
    }
  }
  return out;
}

function standardChecks(s: Node, p: string, ctx: WalkContext): FieldError[] {
  const errs: FieldError[] = [];
  const type = s.type as string | undefined;
  if (type && !OPENAPI_TYPES.includes(type))
    errs.push(fe.notSupported(child(p, 'type'), type, OPENAPI_TYPES));
  if (s.default !== undefined && s.default !== null && !ctx.allowDefaults) {
    const detail = ctx.disallowDefaultsReason
      ? `must not be set ${ctx.disallowDefaultsReason}`
      : 'must not be set';
    errs.push(fe.forbidden(child(p, 'default'), detail));
  }
  if (s.id) errs.push(fe.forbidden(child(p, 'id'), 'id is not supported'));
  if (s.additionalItems !== undefined)
    errs.push(fe.forbidden(child(p, 'additionalItems'), 'additionalItems is not supported'));
  if (s.patternProperties && Object.keys(s.patternProperties).length) {
    errs.push(fe.forbidden(child(p, 'patternProperties'), 'patternProperties is not supported'));
  }
  if (s.definitions && Object.keys(s.definitions).length) {
    errs.push(fe.forbidden(child(p, 'definitions'), 'definitions is not supported'));
  }
  if (s.dependencies) errs.push(fe.forbidden(child(p, 'dependencies'), 'dependencies is not supported'));
  if (s.$ref !== undefined) errs.push(fe.forbidden(child(p, '$ref'), '$ref is not supported'));
  if (type === 'null')
    errs.push(fe.forbidden(child(p, 'type'), 'type cannot be set to null, use nullable as an alternative'));
  if (Array.isArray(s.items) && s.items.length) {
    errs.push(fe.forbidden(child(p, 'items'), 'items must be a schema object and not an array'));
  }
  if (ctx.insideMeta && s['x-kubernetes-embedded-resource']) {
    errs.push(
      fe.forbidden(child(p, 'x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'),
    );
  }
  return errs;
}

function extensionChecks(s: Node, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = (s.type ?? '') as string;
  const listType = s['x-kubernetes-list-type'] as string | undefined;
  const mapType = s['x-kubernetes-map-type'] as string | undefined;
  const mapKeys = s['x-kubernetes-list-map-keys'] ?? [];
  const items = s.items && !Array.isArray(s.items) ? (s.items as Node) : undefined;
  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    errs.push(
      fe.invalid(child(p, 'x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'),
    );
  }
  if (mapType !== undefined && type !== 'object') {
    if (!type)
      errs.push(fe.required(child(p, 'type'), 'must be object if x-kubernetes-map-type is specified'));
    else
      errs.push(fe.invalid(child(p, 'type'), type, 'must be object if x-kubernetes-map-type is specified'));
  }
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') {
    errs.push(fe.notSupported(child(p, 'x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
  }
  if (listType !== undefined && type !== 'array') {
    if (!type)
      errs.push(fe.required(child(p, 'type'), 'must be array if x-kubernetes-list-type is specified'));
    else
      errs.push(fe.invalid(child(p, 'type'), type, 'must be array if x-kubernetes-list-type is specified'));
  } else if (listType === 'set' && items) {
    const why = 'must be atomic as item of a list with x-kubernetes-list-type=set';
    if (
      items.type === 'array' &&
      items['x-kubernetes-list-type'] !== undefined &&
      items['x-kubernetes-list-type'] !== 'atomic'
    ) {
      errs.push(
        fe.invalid(child(child(p, 'items'), 'x-kubernetes-list-type'), items['x-kubernetes-list-type'], why),
      );
    }
    if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      // kube prints the item's list type here (usually null), not its map type.
      errs.push(
        fe.invalid(
          child(child(p, 'items'), 'x-kubernetes-map-type'),
          items['x-kubernetes-list-type'] ?? null,
          why,
        ),
      );
    }
  }
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType)) {
    errs.push(fe.notSupported(child(p, 'x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']));
  }
  if (mapKeys.length) {
    if (listType === undefined) {
      errs.push(
        fe.required(
          child(p, 'x-kubernetes-list-type'),
          'must be map if x-kubernetes-list-map-keys is non-empty',
        ),
      );
    } else if (listType !== 'map') {
      errs.push(
        fe.invalid(
          child(p, 'x-kubernetes-list-type'),
          listType,
          'must be map if x-kubernetes-list-map-keys is non-empty',
        ),
      );
    }
  }
  if (listType === 'map') {
    if (!mapKeys.length) {
      errs.push(
        fe.required(
          child(p, 'x-kubernetes-list-map-keys'),
          'must not be empty if x-kubernetes-list-type is map',
        ),
      );
    }
    if (!s.items)
      errs.push(fe.required(child(p, 'items'), 'must have a schema if x-kubernetes-list-type is map'));
    if (Array.isArray(s.items)) {
      errs.push(
        fe.invalid(
          child(p, 'items'),
          s.items,
          'must only have a single schema if x-kubernetes-list-type is map',
        ),
      );
    }
    if (items && items.type !== 'object') {
      errs.push(
        fe.invalid(
          child(child(p, 'items'), 'type'),
          items.type ?? '',
          "must be object if parent array's x-kubernetes-list-type is map",
        ),
      );
    }
    if (items && items.type === 'object') {
      const seen = new Set<string>();
      for (const k of mapKeys) {
        const ks = items.properties?.[k];
        if (ks) {
          if (ks.type === 'array' || ks.type === 'object') {
            // kube prints the item type ("object") as the bad value.
            errs.push(
              fe.invalid(
                child(key(child(child(p, 'items'), 'properties'), k), 'type'),
                items.type,
                "must be a scalar type if parent array's x-kubernetes-list-type is map",
              ),
            );
          }
        } else {
          errs.push(
            fe.invalid(
              child(p, 'x-kubernetes-list-map-keys'),
              mapKeys,
              'entries must all be names of item properties',
            ),
          );
        }
        if (seen.has(k)) {
          errs.push(
            fe.invalid(child(p, 'x-kubernetes-list-map-keys'), mapKeys, 'must not contain duplicate entries'),
          );
        }
        seen.add(k);
      }
    }
  }
  // validateMapListKeysMapSet (required for new CRDs)
  if (items && (listType === 'set' || listType === 'map')) {
    if (items.nullable) {
      errs.push(
        fe.forbidden(
          child(child(p, 'items'), 'nullable'),
          `cannot be nullable when x-kubernetes-list-type is ${listType}`,
        ),
      );
    }
    if (listType === 'map') {
      const req = new Set(items.required ?? []);
      for (const k of mapKeys) {
        const ks = items.properties?.[k];
        if (!ks) continue;
        const kp = key(child(child(p, 'items'), 'properties'), k);
        if (!req.has(k) && ks.default === undefined) {
          errs.push(
            fe.required(
              child(kp, 'default'),
              'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property',
            ),
          );
        }
        if (ks.nullable) {
          errs.push(
            fe.forbidden(
              child(kp, 'nullable'),
              'this property is in x-kubernetes-list-map-keys, so it cannot be nullable',
            ),
          );
        }
      }
    }
  }
  return errs;
}

function ruleStaticChecks(s: Node, p: string): FieldError[] {
  const errs: FieldError[] = [];
  (s['x-kubernetes-validations'] ?? []).forEach((rule, i) => {
    const rp = `${child(p, 'x-kubernetes-validations')}[${i}]`;
    const r = (rule ?? {}) as unknown as Record<string, unknown>;
    const ruleText = typeof r.rule === 'string' ? r.rule : '';
    const message = typeof r.message === 'string' ? r.message : '';
    const msgExpr = typeof r.messageExpression === 'string' ? r.messageExpression : '';
    const trimmedMsg = message.trim();
    if (!ruleText.trim()) errs.push(fe.required(child(rp, 'rule'), 'rule is not specified'));
    else if (message && !trimmedMsg)
      errs.push(fe.invalid(child(rp, 'message'), message, 'must be non-empty if specified'));
    else if (trimmedMsg.includes('\n'))
      errs.push(fe.invalid(child(rp, 'message'), message, 'must not contain line breaks'));
    else if (ruleText.trim().includes('\n') && !trimmedMsg) {
      errs.push(fe.required(child(rp, 'message'), 'message must be specified if rule contains line breaks'));
    }
    if (msgExpr && !msgExpr.trim()) {
      errs.push(
        fe.required(child(rp, 'messageExpression'), 'messageExpression must be non-empty if specified'),
      );
    }
    if (r.reason !== undefined && r.reason !== null && !VALIDATION_REASONS.includes(String(r.reason))) {
      errs.push(fe.notSupported(child(rp, 'reason'), r.reason, VALIDATION_REASONS));
    }
    const fieldPath = typeof r.fieldPath === 'string' ? r.fieldPath : '';
    if (fieldPath && !fieldPath.trim())
      errs.push(fe.invalid(child(rp, 'fieldPath'), fieldPath, 'must be non-empty if specified'));
    if (fieldPath.includes('\n'))
      errs.push(fe.invalid(child(rp, 'fieldPath'), fieldPath, 'must not contain line breaks'));
    if (fieldPath && !ruleFieldPathValid(s, fieldPath)) {
      errs.push(fe.invalid(child(rp, 'fieldPath'), fieldPath, 'must be a valid path'));
    }
  });
  return errs;
}
