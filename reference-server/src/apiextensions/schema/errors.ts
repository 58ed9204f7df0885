// Field paths and field errors worded like k8s.io/apimachinery's field package, with values
// rendered the way Go prints them (numbers with %v, strings quoted, objects as json.Marshal
// output: sorted keys and HTML-escaped <, >, &). Every message of this engine goes through here
// so that causes compare byte for byte with a real API server's.

import type { FieldError, FieldErrorType } from '../../registry/field-errors.js';

/** `a.b` — a struct field below `path` (path may be empty: the root). */
export function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** `a[k]` — a map key below `path`. */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

/** `a[3]` — a list index below `path`. */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** Go's %v of a float64 (strconv 'g' with shortest precision and exponent threshold 21). */
export function goNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  if (n !== 0 && Math.abs(n) < 1e-4) {
    const [mant, exp] = n.toExponential().split('e') as [string, string];
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
    return `${mant}e${sign}${digits}`;
  }
  return String(n).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** json.Marshal of a decoded JSON value: sorted object keys, HTML-safe escaping. */
export function goJSON(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : goNumber(value);
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goJSON).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const parts = Object.keys(obj)
      .sort()
      .map((k) => `${goString(k)}:${goJSON(obj[k])}`);
    return `{${parts.join(',')}}`;
  }
  return 'null';
}

export function goString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A value already rendered as Go would print it (e.g. a Go struct's JSON, fields in order). */
export class GoRendered {
  constructor(readonly text: string) {}
}

/** How field.Error prints a bad value (strings %q, simple scalars %v, the rest as JSON). */
export function badValue(value: unknown): string {
  if (value instanceof GoRendered) return value.text;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  return goJSON(value);
}

/** Marker for errors that print no value (field.OmitValueType). */
export const OMIT = Symbol('omit');

function withValue(label: string, value: unknown, detail: string): string {
  const head = value === OMIT ? label : `${label}: ${badValue(value)}`;
  return detail ? `${head}: ${detail}` : head;
}

function make(type: FieldErrorType, field: string, detail: string): FieldError {
  return { type, field, detail };
}

export const fe = {
  invalid: (field: string, value: unknown, detail: string) =>
    make('FieldValueInvalid', field, withValue('Invalid value', value, detail)),
  typeInvalid: (field: string, value: unknown, detail: string) =>
    make('FieldValueTypeInvalid', field, withValue('Invalid value', value, detail)),
  required: (field: string, detail = '') =>
    make('FieldValueRequired', field, detail ? `Required value: ${detail}` : 'Required value'),
  forbidden: (field: string, detail: string) =>
    make('FieldValueForbidden', field, detail ? `Forbidden: ${detail}` : 'Forbidden'),
  notSupported: (field: string, value: unknown, supported: string[]) =>
    make(
      'FieldValueNotSupported',
      field,
      withValue(
        'Unsupported value',
        value,
        supported.length ? `supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}` : '',
      ),
    ),
  duplicate: (field: string, value: unknown) =>
    make('FieldValueDuplicate', field, withValue('Duplicate value', value, '')),
  tooLong: (field: string, max: number) =>
    make(
      'FieldValueTooLong',
      field,
      max >= 0
        ? `Too long: may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`
        : 'Too long: value is too long',
    ),
  tooMany: (field: string, actual: number, max: number) =>
    make(
      'FieldValueTooMany',
      field,
      `Too many: ${actual}: must have at most ${max} ${max === 1 ? 'item' : 'items'}`,
    ),
};

/** The field string Go prints for a nil *field.Path. */
export const NIL_PATH = '<nil>';
