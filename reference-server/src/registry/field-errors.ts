// Field errors in the shape of k8s.io/apimachinery/pkg/util/validation/field: each becomes one
// StatusCause of a 422 Invalid, and one `field: Detail` fragment of its message.

import type { InvalidField } from '../api/status.js';

export type FieldErrorType =
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueTypeInvalid'
  | 'FieldValueTooMany';

export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** The cause message without the field, e.g. `Invalid value: "x": must be ...`. */
  detail: string;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null);
}

export function invalidValue(field: string, value: unknown, why: string): FieldError {
  return { type: 'FieldValueInvalid', field, detail: `Invalid value: ${quote(value)}: ${why}` };
}

export function required(field: string, why = ''): FieldError {
  return { type: 'FieldValueRequired', field, detail: why ? `Required value: ${why}` : 'Required value' };
}

export function forbiddenField(field: string, why: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail: `Forbidden: ${why}` };
}

export function tooLong(field: string, max: number): FieldError {
  return { type: 'FieldValueTooLong', field, detail: `Too long: may not be more than ${max} bytes` };
}

export function toInvalidField(e: FieldError): InvalidField {
  return { type: e.type, field: e.field, detail: e.detail };
}
