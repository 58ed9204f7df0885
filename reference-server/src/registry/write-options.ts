// The dryRun and fieldValidation options of writes, validated as kube-apiserver validates
// Create/Update/Patch/DeleteOptions (apimachinery pkg/apis/meta/v1/validation): a bad value is a
// 422 Invalid naming the options kind in group meta.k8s.io.

import { ApiError, failure } from '../api/status.js';
import type { StatusCause } from '../api/types.js';
import type { FieldValidation } from './field-validation.js';

export type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions' | 'DeleteOptions';

export interface WriteOptions {
  /** dryRun=All: validate and admit, store nothing, answer as if stored. */
  dryRun: boolean;
  /** Strict decoding directive; kube-apiserver's default is Warn. DeleteOptions has none. */
  fieldValidation: FieldValidation;
  /** The fieldManager query parameter ('' when not given). */
  fieldManager: string;
  /** PatchOptions' force (server-side apply takes over conflicting fields). */
  force: boolean;
}

const fieldManagerMaxLength = 128;

/** ValidateFieldManager: at most 128 bytes, printable characters only. */
function fieldManagerCauses(fieldManager: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (Buffer.byteLength(fieldManager) > fieldManagerMaxLength)
    causes.push({
      reason: 'FieldValueTooLong',
      message: `Too long: may not be more than ${fieldManagerMaxLength} bytes`,
      field: 'fieldManager',
    });
  let position = 0;
  for (const ch of fieldManager) {
    if (!/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) {
      const code = ch.codePointAt(0)!;
      const goQuoted = JSON.stringify(fieldManager).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${goQuoted}: invalid character U+${code.toString(16).toUpperCase().padStart(4, '0')} (at position ${position})`,
        field: 'fieldManager',
      });
    }
    position += Buffer.byteLength(ch);
  }
  return causes;
}

const fieldValidations = ['', 'Ignore', 'Strict', 'Warn'];

/**
 * Reads dryRun (repeatable; every value must be `All`) and fieldValidation from the query, plus a
 * DeleteOptions body's dryRun list when given. Throws the 422 kube answers for bad values.
 */
export function parseWriteOptions(
  query: URLSearchParams,
  kind: OptionsKind,
  bodyDryRun?: unknown,
  /** For PatchOptions: whether the patch is a server-side apply (fieldManager required, force allowed). */
  apply = false,
): WriteOptions {
  const causes: StatusCause[] = [];
  const fieldManager = kind === 'DeleteOptions' ? '' : (query.get('fieldManager') ?? '');
  const force = kind === 'PatchOptions' ? query.get('force') : null;
  if (kind === 'PatchOptions' && apply && fieldManager === '')
    causes.push({
      reason: 'FieldValueRequired',
      message: 'Required value: is required for apply patch',
      field: 'fieldManager',
    });
  if (kind === 'PatchOptions' && !apply && force !== null)
    causes.push({
      reason: 'FieldValueForbidden',
      message: 'Forbidden: may not be specified for non-apply patch',
      field: 'force',
    });
  causes.push(...fieldManagerCauses(fieldManager));
  const dryRun = query.getAll('dryRun');
  if (Array.isArray(bodyDryRun)) dryRun.push(...bodyDryRun.map(String));
  if (dryRun.some((v) => v !== 'All'))
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(dryRun)}: supported values: "All"`,
      field: 'dryRun',
    });
  const fv = kind === 'DeleteOptions' ? '' : (query.get('fieldValidation') ?? '');
  if (!fieldValidations.includes(fv))
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(fv)}: supported values: ${fieldValidations.map((v) => JSON.stringify(v)).join(', ')}`,
      field: 'fieldValidation',
    });
  if (causes.length > 0) {
    const full = causes.map((c) => `${c.field}: ${c.message}`);
    const summary = full.length === 1 ? full[0]! : `[${full.join(', ')}]`;
    throw new ApiError(
      failure(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: ${summary}`, {
        group: 'meta.k8s.io',
        kind,
        causes,
      }),
    );
  }
  return {
    dryRun: dryRun.length > 0,
    fieldValidation: (fv || 'Warn') as FieldValidation,
    fieldManager,
    force: force === 'true',
  };
}
