// OpenAPI value validation of custom objects as the API server does it (kube-openapi's
// go-openapi validator + apiextensions' conversion of its results into field errors), plus the
// two structural passes the custom-resource strategy runs after it: embedded-resource type
// meta, and uniqueness of `x-kubernetes-list-type: set|map` lists.
//
// Messages carry the go-openapi path ("spec.replicas in body ..."); the error's field is the
// same path below `base` (empty for a whole object, `...default` for CRD defaults). Errors
// that go-openapi reports without a name (anyOf/oneOf/allOf/not and range checks) land on
// `base`, which prints as `<nil>` for a whole object — exactly like kube.
//
// Order: go-openapi walks Go maps, so kube's order among sibling properties is random; here it
// is the order of the schema's properties. Callers and tests should not depend on it.

import type { FieldError } from '../../registry/field-errors.js';
import type { JSONSchemaProps } from '../schema-types.js';
import { NIL_PATH, OMIT, child, fe, goJSON, goNumber, index, key } from './errors.js';
import { formatChecker } from './formats.js';
import { compilePattern } from './regex.js';

type Json = unknown;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** go-openapi's (type, format) inference for a decoded JSON value. */
function dataType(v: Json): [string, string] {
  if (typeof v === 'string') return ['string', ''];
  if (typeof v === 'boolean') return ['boolean', ''];
  if (typeof v === 'number') return Number.isInteger(v) ? ['integer', 'int64'] : ['number', 'double'];
  if (Array.isArray(v)) return ['array', ''];
  return ['object', ''];
}

/** The format kube keeps after StripUnsupportedFormats; undefined when stripped. */
function effectiveFormat(s: JSONSchemaProps): string | undefined {
  const f = s.format;
  if (!f) return undefined;
  switch (s.type ?? '') {
    case 'integer':
      return f === 'int32' || f === 'int64' ? f : undefined;
    case 'number':
      return f === 'float' || f === 'double' ? f : undefined;
    case '':
    case 'string':
      return formatChecker(f) ? f : undefined;
    default:
      return undefined;
  }
}

function codePoints(v: string): number {
  let n = v.length;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

const INT_OR_STRING = ['integer', 'string'];
const typeLists = new Map<string, string[]>();

function types(s: JSONSchemaProps): string[] {
  if (s['x-kubernetes-int-or-string']) return INT_OR_STRING;
  if (!s.type) return [];
  let t = typeLists.get(s.type);
  if (!t) typeLists.set(s.type, (t = [s.type]));
  return t;
}

/** go-openapi's IsValueValidAgainstRange: can the number be held by the type and format? */
function inRange(x: number, type: string, format: string): boolean {
  if (type !== 'integer') return !(format === 'float' && Math.abs(x) > 3.4028234663852886e38);
  if (!Number.isInteger(x)) return false;
  return format === 'int32' ? x >= INT32_MIN && x <= INT32_MAX : Math.abs(x) < 2 ** 63;
}

function rangeMessage(prefix: string, type: string, format: string, name: string): string {
  return format
    ? `${prefix} value must be of type ${type || 'number'} with format ${format} in ${name}`
    : `${prefix} value must be of type ${type || 'number'} (default format) in ${name}`;
}

class Walker {
  readonly errs: FieldError[] = [];
  constructor(readonly base: string) {}

  field(name: string): string {
    if (!name) return this.base || NIL_PATH;
    const n = name.startsWith('.') ? name.slice(1) : name;
    return this.base ? child(this.base, n) : n;
  }

  /** The go-openapi message prefix: `<name> in body`, or ` in body` at the validator root. */
  static inBody(name: string): string {
    return `${name} in body`;
  }

  node(s: JSONSchemaProps, v: Json, name: string): void {
    const t = types(s);
    if (v === null || v === undefined) {
      if (t.length && !s.nullable) {
        this.errs.push(
          fe.typeInvalid(
            this.field(name),
            'null',
            `${Walker.inBody(name)} must be of type ${t.join(',')}: "null"`,
          ),
        );
      }
      this.enumCheck(s, v, name);
      return;
    }
    this.typeCheck(s, t, v, name);
    this.composition(s, v, name);
    if (typeof v === 'string') this.stringChecks(s, v, name);
    if (typeof v === 'number') this.numberChecks(s, v, name);
    if (Array.isArray(v)) this.arrayChecks(s, v, name);
    this.enumCheck(s, v, name);
    if (isObject(v)) this.objectChecks(s, v, name);
  }

  private typeCheck(s: JSONSchemaProps, t: string[], v: Json, name: string): void {
    if (!t.length) return;
    const [schType, fmt] = dataType(v);
    const format = effectiveFormat(s);
    const isFloatInt = false; // JSON integers are already typed "integer" here
    const isIntFloat = schType === 'integer' && t.includes('number');
    if (typeof v !== 'string' && !Array.isArray(v) && format) {
      const lower = (format === 'int64' && fmt === 'int32') || (format === 'float64' && fmt === 'float32');
      if (!(t.includes(schType) || fmt === format || isFloatInt || isIntFloat || lower)) {
        this.errs.push(
          fe.typeInvalid(
            this.field(name),
            fmt,
            `${Walker.inBody(name)} must be of type ${format}: ${JSON.stringify(fmt)}`,
          ),
        );
        return;
      }
    }
    if (
      !(t.includes('number') || t.includes('integer')) &&
      format &&
      (typeof v === 'string' || Array.isArray(v))
    )
      return;
    if (!(t.includes(schType) || isIntFloat)) {
      this.errs.push(
        fe.typeInvalid(
          this.field(name),
          schType,
          `${Walker.inBody(name)} must be of type ${t.join(',')}: ${JSON.stringify(schType)}`,
        ),
      );
    }
  }

  private stringChecks(s: JSONSchemaProps, v: string, name: string): void {
    // Lengths count code points (Go's utf8.RuneCountInString); UTF-16 length is an upper bound.
    const len = s.maxLength === undefined && s.minLength === undefined ? 0 : codePoints(v);
    if (s.maxLength !== undefined && len > s.maxLength) {
      this.errs.push(fe.tooLong(this.field(name), s.maxLength));
    } else if (s.minLength !== undefined && len < s.minLength) {
      this.errs.push(
        fe.invalid(
          this.field(name),
          v,
          `${Walker.inBody(name)} should be at least ${s.minLength} chars long`,
        ),
      );
    } else if (s.pattern) {
      const re = compilePattern(s.pattern);
      if (re && !re.test(v))
        this.errs.push(fe.invalid(this.field(name), v, `${Walker.inBody(name)} should match '${s.pattern}'`));
    }
    const format = effectiveFormat(s);
    const check = format ? formatChecker(format) : undefined;
    if (format && check && !check(v)) {
      this.errs.push(
        fe.typeInvalid(
          this.field(name),
          v,
          `${Walker.inBody(name)} must be of type ${format}: ${JSON.stringify(v)}`,
        ),
      );
    }
  }

  private numberChecks(s: JSONSchemaProps, v: number, name: string): void {
    // go-openapi range-checks only single-typed schemas (not int-or-string).
    const type = s['x-kubernetes-int-or-string'] ? '' : (s.type ?? '');
    const format = effectiveFormat(s) ?? '';
    const isInt = Number.isInteger(v);
    if (type && !inRange(v, type, format)) {
      this.errs.push(fe.invalid(this.base || NIL_PATH, '', rangeMessage('Checked', type, format, name)));
    }

    const at = this.field(name);
    const body = Walker.inBody(name);
    if (s.multipleOf !== undefined) {
      const native = inRange(s.multipleOf, type, format);
      if (native && isInt) {
        const factor = Math.trunc(s.multipleOf);
        if (factor <= 0)
          this.errs.push(
            fe.invalid(at, factor, `factor MultipleOf declared for ${name} must be positive: ${factor}`),
          );
        else if (v % factor !== 0)
          this.errs.push(fe.invalid(at, v, `${body} should be a multiple of ${factor}`));
      } else {
        const factor = s.multipleOf;
        if (factor <= 0) {
          this.errs.push(
            fe.invalid(
              at,
              factor,
              `factor MultipleOf declared for ${name} must be positive: ${goNumber(factor)}`,
            ),
          );
        } else {
          const mult = factor < 1 ? (1 / factor) * v : v / factor;
          if (!Number.isInteger(mult))
            this.errs.push(fe.invalid(at, v, `${body} should be a multiple of ${goNumber(factor)}`));
        }
      }
    }
    if (s.minimum !== undefined) {
      const bad = s.exclusiveMinimum ? v <= s.minimum : v < s.minimum;
      if (bad) {
        const rel = s.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
        this.errs.push(fe.invalid(at, v, `${body} should be ${rel} ${goNumber(s.minimum)}`));
      }
    }
    if (s.maximum !== undefined) {
      const bad = s.exclusiveMaximum ? v >= s.maximum : v > s.maximum;
      if (bad) {
        const rel = s.exclusiveMaximum ? 'less than' : 'less than or equal to';
        this.errs.push(fe.invalid(at, v, `${body} should be ${rel} ${goNumber(s.maximum)}`));
      }
    }
  }

  private arrayChecks(s: JSONSchemaProps, v: Json[], name: string): void {
    if (s.items && !Array.isArray(s.items)) {
      for (let i = 0; i < v.length; i++) this.node(s.items, v[i], `${name}[${i}]`);
    }
    if (s.minItems !== undefined && v.length < s.minItems) {
      this.errs.push(
        fe.invalid(
          this.field(name),
          v.length,
          `${Walker.inBody(name)} should have at least ${s.minItems} items`,
        ),
      );
    }
    if (s.maxItems !== undefined && v.length > s.maxItems)
      this.errs.push(fe.tooMany(this.field(name), v.length, s.maxItems));
    if (s.uniqueItems) {
      const seen = new Set<string>();
      for (const x of v) {
        const k = goJSON(x);
        if (seen.has(k)) {
          this.errs.push(
            fe.invalid(this.field(name), '', `${Walker.inBody(name)} shouldn't contain duplicates`),
          );
          break;
        }
        seen.add(k);
      }
    }
  }

  private enumCheck(s: JSONSchemaProps, v: Json, name: string): void {
    if (!s.enum?.length) return;
    if (typeof v !== 'object' || v === null) {
      if (s.enum.includes(v)) return;
    } else {
      const k = goJSON(v);
      if (s.enum.some((e) => typeof e === 'object' && e !== null && goJSON(e) === k)) return;
    }
    const allowed = s.enum.map((e) => (typeof e === 'string' ? e : goJSON(e)));
    this.errs.push(fe.notSupported(this.field(name), v ?? null, allowed));
  }

  private objectChecks(s: JSONSchemaProps, v: Record<string, Json>, name: string): void {
    const n = Object.keys(v).length;
    if (s.minProperties !== undefined && n < s.minProperties) {
      this.errs.push(
        fe.invalid(
          this.field(name),
          n,
          `${Walker.inBody(name)} should have at least ${s.minProperties} properties`,
        ),
      );
    }
    if (s.maxProperties !== undefined && n > s.maxProperties)
      this.errs.push(fe.tooMany(this.field(name), n, s.maxProperties));
    const props = s.properties ?? {};
    if (s.additionalProperties === false) {
      for (const k of Object.keys(v)) {
        if (!(k in props))
          this.errs.push(fe.invalid(this.field(name), '', `${name}.${k} in body is a forbidden property`));
      }
    } else if (typeof s.additionalProperties === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (!(k in props)) this.node(s.additionalProperties, x, `${name}.${k}`);
      }
    }
    for (const k in props) {
      if (k in v) this.node(props[k]!, v[k], name ? `${name}.${k}` : k);
    }
    for (const r of s.required ?? []) {
      if (!(r in v)) this.errs.push(fe.required(this.field(`${name}.${r}`)));
    }
  }

  private sub(x: JSONSchemaProps, v: Json, name: string): FieldError[] {
    const w = new Walker(this.base);
    w.node(x, v, name);
    return w.errs;
  }

  /** anyOf/oneOf/allOf/not: like go-openapi, keep the first (best) failing alternative's errors. */
  private composition(s: JSONSchemaProps, v: Json, name: string): void {
    if (!s.anyOf && !s.oneOf && !s.allOf && !s.not) return;
    const quoted = JSON.stringify(name);
    if (s.anyOf?.length) {
      let best: FieldError[] | undefined;
      let ok = false;
      for (const alt of s.anyOf) {
        const e = this.sub(alt, v, name);
        if (!e.length) {
          ok = true;
          break;
        }
        best ??= e;
      }
      if (!ok) {
        this.errs.push(
          fe.invalid(this.base || NIL_PATH, '', `${quoted} must validate at least one schema (anyOf)`),
        );
        this.errs.push(...(best ?? []));
      }
    }
    if (s.oneOf?.length) {
      let valid = 0;
      let best: FieldError[] | undefined;
      for (const alt of s.oneOf) {
        const e = this.sub(alt, v, name);
        if (!e.length) valid++;
        else if (valid === 0) best ??= e;
      }
      if (valid !== 1) {
        const more = valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`;
        this.errs.push(
          fe.invalid(
            this.base || NIL_PATH,
            '',
            `${quoted} must validate one and only one schema (oneOf). ${more}`,
          ),
        );
        if (valid === 0) this.errs.push(...(best ?? []));
      }
    }
    if (s.allOf?.length) {
      let valid = 0;
      for (const alt of s.allOf) {
        const e = this.sub(alt, v, name);
        if (!e.length) valid++;
        this.errs.push(...e);
      }
      if (valid !== s.allOf.length) {
        const more = valid === 0 ? '. None validated' : '';
        this.errs.push(
          fe.invalid(this.base || NIL_PATH, '', `${quoted} must validate all the schemas (allOf)${more}`),
        );
      }
    }
    if (s.not && this.sub(s.not, v, name).length === 0) {
      this.errs.push(fe.invalid(this.base || NIL_PATH, '', `${quoted} must not validate the schema (not)`));
    }
  }
}

/**
 * OpenAPI validation of `value` against `schema`. `base` is the field path of the value
 * (empty for a whole object) and `name` the go-openapi path used in messages.
 */
export function validateValue(schema: JSONSchemaProps, value: Json, base: string, name = ''): FieldError[] {
  const w = new Walker(base);
  w.node(schema, value, name);
  return w.errs;
}

// ---------------------------------------------------------------------------------------------
// Embedded resources (schemaobjectmeta.Validate) and list-type uniqueness (listtype.Validate...)

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** apiVersion/kind of every `x-kubernetes-embedded-resource` object below the root. */
export function validateEmbeddedResources(
  s: JSONSchemaProps | undefined,
  v: Json,
  path: string,
  out: FieldError[] = [],
): FieldError[] {
  if (!s) return out;
  if (isObject(v)) {
    if (s['x-kubernetes-embedded-resource']) out.push(...embeddedTypeMeta(v, path));
    const ap = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    for (const k in v) {
      const ps = s.properties?.[k];
      if (ps) validateEmbeddedResources(ps, v[k], child(path, k), out);
      else if (ap) validateEmbeddedResources(ap, v[k], key(path, k), out);
    }
  } else if (Array.isArray(v) && s.items) {
    for (let i = 0; i < v.length; i++) validateEmbeddedResources(s.items, v[i], index(path, i), out);
  }
  return out;
}

function embeddedTypeMeta(v: Record<string, Json>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!('apiVersion' in v)) errs.push(fe.required(child(path, 'apiVersion')));
  if (!('kind' in v)) errs.push(fe.required(child(path, 'kind')));
  if ('apiVersion' in v) {
    const av = v.apiVersion;
    const p = child(path, 'apiVersion');
    if (typeof av !== 'string') errs.push(fe.invalid(p, av, 'must be a string'));
    else if (!av) errs.push(fe.invalid(p, av, 'must not be empty'));
    else if (av.split('/').length > 2) errs.push(fe.invalid(p, av, `unexpected GroupVersion string: ${av}`));
  }
  if ('kind' in v) {
    const k = v.kind;
    const p = child(path, 'kind');
    if (typeof k !== 'string') errs.push(fe.invalid(p, k, 'must be a string'));
    else if (!k) errs.push(fe.invalid(p, k, 'must not be empty'));
    else if (!DNS1035.test(k.toLowerCase()) || k.length > 63) {
      errs.push(fe.invalid(p, k, `may have mixed case, but should otherwise match: ${DNS1035_MSG}`));
    }
  }
  return errs;
}

/** Duplicate entries of `set` lists and duplicate keys of `map` lists (second occurrence reported). */
export function validateListSetsAndMaps(
  s: JSONSchemaProps | undefined,
  v: Json,
  path: string,
  out: FieldError[] = [],
): FieldError[] {
  if (!s) return out;
  if (isObject(v)) {
    const ap = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    for (const k in v) {
      const ps = s.properties?.[k];
      if (ps) validateListSetsAndMaps(ps, v[k], child(path, k), out);
      else if (ap) validateListSetsAndMaps(ap, v[k], key(path, k), out);
    }
  } else if (Array.isArray(v)) {
    const lt = s['x-kubernetes-list-type'];
    if (lt === 'set') duplicates(v, path, undefined, out);
    if (lt === 'map') {
      let bad = -1;
      for (let i = 0; i < v.length && bad < 0; i++) if (v[i] !== null && !isObject(v[i])) bad = i;
      if (bad >= 0)
        out.push(fe.invalid(index(path, bad), v[bad], 'must be an object for an array of list-type map'));
      else duplicates(v, path, s['x-kubernetes-list-map-keys'] ?? [], out);
    }
    if (s.items)
      for (let i = 0; i < v.length; i++) validateListSetsAndMaps(s.items, v[i], index(path, i), out);
  }
  return out;
}

/** Identity of a map-list entry: its key fields (absent keys count as unspecified). */
export function mapListKey(x: Json, keys: string[]): string {
  const o = isObject(x) ? x : {};
  return keys.map((k) => (k in o ? goJSON(o[k]) : '\u0000')).join('\u0001');
}

/** Set entries are compared as JSON; map entries by their key fields. */
function duplicates(v: Json[], path: string, mapKeys: string[] | undefined, out: FieldError[]): void {
  if (v.length <= 1) return;
  const times = new Map<unknown, number>();
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    const id = mapKeys ? mapListKey(x, mapKeys) : typeof x === 'object' && x !== null ? goJSON(x) : x;
    const n = times.get(id) ?? 0;
    if (n === 1) out.push(fe.duplicate(index(path, i), x === undefined ? OMIT : x));
    times.set(id, n + 1);
  }
}
