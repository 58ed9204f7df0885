// From a decoded protobuf message to the JSON object a Go client would have sent for the same
// value. Go writes JSON from its structs, so the rules are Go's: the field's JSON tag decides
// whether a zero value is written (see the `(json)` option in k8s-proto-schema.ts), and a
// few meta/v1 types have JSON forms unlike their messages (times, quantities, managed fields).

import protobuf from 'protobufjs';
import { jsonRuleOption } from './k8s-proto-schema.js';
import { malformed } from './protobuf-decode-error.js';

type Decoded = Record<string, unknown>;
type JsonRule = 'omitempty' | 'always' | 'presence';

/** Returned by a converter for "leave this field out". */
const omit = Symbol('omit');
type Converted = unknown;

export function messageToJSON(type: protobuf.Type, msg: Decoded): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    const value = fieldToJSON(field, msg);
    if (value !== omit) out[field.name] = value;
  }
  return out;
}

function ruleOf(field: protobuf.Field): JsonRule {
  const rule: unknown = field.options?.[jsonRuleOption];
  return rule === 'always' || rule === 'presence' ? rule : 'omitempty';
}

function fieldToJSON(field: protobuf.Field, msg: Decoded): Converted {
  const rule = ruleOf(field);
  const value = msg[field.name];
  // The decoder gives every map and list field a value, empty when nothing was on the wire;
  // Go cannot tell nil from empty after a protobuf round trip either, and writes nil.
  if (field.map) {
    const entries = Object.entries((value ?? {}) as Decoded);
    if (entries.length === 0) return rule === 'always' ? null : omit;
    return Object.fromEntries(entries.map(([k, v]) => [k, elementToJSON(field, v)]));
  }
  if (field.repeated) {
    const items = (value ?? []) as unknown[];
    if (items.length === 0) return rule === 'always' ? null : omit;
    return items.map((v) => elementToJSON(field, v));
  }
  const present = Object.hasOwn(msg, field.name) && value !== null && value !== undefined;
  const type = field.resolvedType;
  if (type instanceof protobuf.Type) {
    const special = specialTypes[type.fullName];
    if (special) return present ? special(value as Decoded) : omit;
    if (present) return messageToJSON(type, value as Decoded);
    // A Go struct value is written even when empty; a pointer only when set.
    return rule === 'presence' ? omit : messageToJSON(type, {});
  }
  if (!present) return rule === 'always' ? zeroOf(field.type) : omit;
  const scalar = scalarToJSON(field.type, value);
  return rule === 'omitempty' && (scalar === '' || scalar === 0 || scalar === false) ? omit : scalar;
}

/** A map value or list item: always written, whatever its value. */
function elementToJSON(field: protobuf.Field, value: unknown): Converted {
  const type = field.resolvedType;
  if (!(type instanceof protobuf.Type)) return scalarToJSON(field.type, value);
  const special = specialTypes[type.fullName];
  const converted = special ? special(value as Decoded) : messageToJSON(type, value as Decoded);
  return converted === omit ? null : converted;
}

function scalarToJSON(protoType: string, value: unknown): Converted {
  switch (protoType) {
    case 'bytes':
      // encoding/json writes []byte as standard, padded base64.
      return Buffer.from(value as Uint8Array).toString('base64');
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return int64ToNumber(value);
    default:
      return value;
  }
}

function zeroOf(protoType: string): Converted {
  switch (protoType) {
    case 'string':
    case 'bytes':
      return '';
    case 'bool':
      return false;
    default:
      return 0;
  }
}

// protobufjs yields a Long when the `long` package is installed, else a number. JSON numbers
// past 2^53 lose precision in JavaScript anyway, so a number is what a JSON body gives too.
function int64ToNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  if (
    typeof value === 'object' &&
    value !== null &&
    'toNumber' in value &&
    typeof value.toNumber === 'function'
  )
    return (value as { toNumber(): number }).toNumber();
  throw malformed(`unexpected int64 value ${String(value)}`);
}

const meta = '.k8s.io.apimachinery.pkg.apis.meta.v1';

/** Message types whose JSON is not an object of their fields. Keyed by protobufjs fullName. */
const specialTypes: Readonly<Record<string, (msg: Decoded) => Converted>> = {
  [`${meta}.Time`]: (msg) =>
    isZeroTime(msg) ? omit : formatTime(int64ToNumber(msg.seconds ?? 0), undefined),
  [`${meta}.MicroTime`]: (msg) =>
    isZeroTime(msg) ? omit : formatTime(int64ToNumber(msg.seconds ?? 0), Number(msg.nanos ?? 0)),
  [`${meta}.FieldsV1`]: fieldsV1ToJSON,
  '.k8s.io.apimachinery.pkg.api.resource.Quantity': (msg) => String(msg.string ?? ''),
};

// Go writes the zero time.Time as an empty message and reads an empty message back as zero;
// its JSON for zero is null, which a JSON body might as well leave out (newer Go omits it).
function isZeroTime(msg: Decoded): boolean {
  return !Object.hasOwn(msg, 'seconds') && !Object.hasOwn(msg, 'nanos');
}

/**
 * RFC 3339 in UTC, as metav1.Time (whole seconds) and metav1.MicroTime (six digits) write it.
 * Time ignores nanos, as the Go server does when reading protobuf: its JSON cannot hold them.
 */
function formatTime(seconds: number, nanos: number | undefined): string {
  let micros = 0;
  if (nanos !== undefined) {
    // Go truncates toward zero to whole microseconds, then normalises into [0, 1s).
    const m = Math.trunc(nanos / 1000);
    seconds += Math.floor(m / 1e6);
    micros = ((m % 1e6) + 1e6) % 1e6;
  }
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 0 || year > 9999)
    throw malformed(`time out of range: ${seconds}s`);
  const whole = date.toISOString().slice(0, 19); // YYYY-MM-DDTHH:MM:SS
  return nanos === undefined ? `${whole}Z` : `${whole}.${String(micros).padStart(6, '0')}Z`;
}

// managedFields[].fieldsV1 is a JSON document carried as bytes; its JSON form is that document.
function fieldsV1ToJSON(msg: Decoded): Converted {
  const raw = msg.Raw as Uint8Array | undefined;
  if (!raw || raw.length === 0) return omit;
  try {
    return JSON.parse(Buffer.from(raw).toString('utf8')) as unknown;
  } catch {
    throw malformed('a managedFields entry has fieldsV1 that is not JSON');
  }
}
