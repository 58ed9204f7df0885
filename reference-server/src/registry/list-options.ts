// The query parameters of a list (limit, continue, resourceVersion, resourceVersionMatch),
// validated in the order kube-apiserver checks them and turned into what to read:
//   1. query decoding (limit must be an int64),
//   2. ListOptions validation (422 Invalid, k8s.io/apimachinery internalversion/validation),
//   3. the storage layer's checks (400s: continue token, resourceVersion syntax).
// Which revision a list is read at follows k8s.io/apiserver storage.ValidateListOptions, with the
// watch cache's answer for resourceVersion "0" (as kcp serves lists): see ListRequest.

import { ApiError, badRequest, failure, invalid, type InvalidField } from '../api/status.js';
import { decodeContinue, encodeInconsistentContinue } from '../server/continue-token.js';
import type { Store } from '../storage/store.js';

export interface ListRequest {
  /** Page size; 0 lists everything. */
  limit: number;
  /** Absolute store key to resume at (from `continue`). */
  startKey?: string;
  /** Read the list as it was at this revision (Exact, a continue token, or legacy RV + limit). */
  revision?: number;
  /** Otherwise the current state is read, and it must be at least this fresh (0: any). */
  minRevision: number;
  /** The request resumes a continue token (a compacted revision is then worded differently). */
  continued: boolean;
  /** The continue token asked for the latest revision (rv < 0): read the current state. */
  latest?: boolean;
}

const maxInt64 = 9223372036854775807n;
const maxUint64 = 18446744073709551615n;

/** `limit` as runtime.Convert_Slice_string_To_int64 reads it: an int64; absent or <= 0 is no limit. */
export function parseLimit(query: URLSearchParams): number {
  const raw = query.get('limit');
  if (raw === null) return 0;
  const prefix = `strconv.ParseInt: parsing ${JSON.stringify(raw)}`;
  if (!/^[+-]?\d+$/.test(raw)) throw badRequest(`${prefix}: invalid syntax`);
  const value = BigInt(raw);
  if (value > maxInt64 || value < -maxInt64 - 1n) throw badRequest(`${prefix}: value out of range`);
  // Larger than any store: the same as no limit, and keeps the number exact.
  return value <= 0n ? 0 : Number(value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : value);
}

/**
 * A resourceVersion as the etcd3 versioner parses it (strconv.ParseUint). Values beyond what
 * a JavaScript number holds exactly become MAX_SAFE_INTEGER: always ahead of any store.
 */
export function parseListResourceVersion(raw: string): number {
  const why = !/^\d+$/.test(raw)
    ? 'invalid syntax'
    : BigInt(raw) > maxUint64
      ? 'value out of range'
      : undefined;
  if (why)
    throw badRequest(
      `invalid resource version: resourceVersion: Invalid value: ${JSON.stringify(raw)}: strconv.ParseUint: parsing ${JSON.stringify(raw)}: ${why}`,
    );
  return Math.min(Number(raw), Number.MAX_SAFE_INTEGER);
}

function forbidden(field: string, detail: string): InvalidField {
  return { type: 'FieldValueForbidden', field, detail: `Forbidden: ${detail}` };
}

/** internalversion/validation ValidateListOptions for a list (not a watch). */
function validate(query: URLSearchParams): void {
  const match = query.get('resourceVersionMatch') ?? '';
  const rv = query.get('resourceVersion') ?? '';
  const errors: InvalidField[] = [];
  if (match !== '') {
    if (rv === '')
      errors.push(
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden unless resourceVersion is provided',
        ),
      );
    if ((query.get('continue') ?? '') !== '')
      errors.push(
        forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'),
      );
    if (match !== 'Exact' && match !== 'NotOlderThan')
      errors.push({
        type: 'FieldValueNotSupported',
        field: 'resourceVersionMatch',
        detail: `Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan", ""`,
      });
    if (match === 'Exact' && rv === '0')
      errors.push(
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
        ),
      );
  }
  if (query.has('sendInitialEvents'))
    errors.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  if (errors.length > 0) throw invalid('meta.k8s.io', 'ListOptions', '', errors);
}

/** Parses and validates a list request for the collection whose store keys start with `prefix`. */
export function parseListOptions(query: URLSearchParams, prefix: string): ListRequest {
  let limit = parseLimit(query);
  validate(query);
  const rv = query.get('resourceVersion') ?? '';
  const match = query.get('resourceVersionMatch') ?? '';
  const token = query.get('continue') ?? '';

  if (token !== '') {
    const start = decodeContinue(token, prefix);
    if (rv !== '' && rv !== '0')
      throw badRequest('specifying resource version is not allowed when using continue');
    if (start.revision < 0)
      return { limit, startKey: start.key, minRevision: 0, continued: true, latest: true };
    return { limit, startKey: start.key, revision: start.revision, minRevision: 0, continued: true };
  }
  if (rv === '') return { limit, minRevision: 0, continued: false };
  const revision = parseListResourceVersion(rv);
  if (match === 'Exact') return { limit, revision, minRevision: 0, continued: false };
  // Legacy (no match): a limited list at a non-zero version resumes that exact snapshot.
  if (match === '' && limit > 0 && revision > 0) return { limit, revision, minRevision: 0, continued: false };
  // "0" (any version) is answered from the watch cache, which ignores limit: the whole list.
  if (revision === 0) limit = 0;
  return { limit, minRevision: revision, continued: false };
}

/** 504 for a version the store has not reached, as the watch cache words it (retry after 1s). */
export function tooLargeResourceVersion(requested: number | string, current: number): ApiError {
  return new ApiError(
    failure(504, 'Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    }),
  );
}

/**
 * 410 for a list whose revision was compacted away. A continued list also gets a token that
 * resumes at the latest revision, for clients that accept an inconsistent remainder.
 */
export function listExpired(request: ListRequest, prefix: string): ApiError {
  if (!request.continued || request.startKey === undefined)
    return new ApiError(failure(410, 'Expired', 'The resourceVersion for the provided list is too old.'));
  const status = failure(410, 'Expired', inconsistentContinueMessage);
  status.metadata = { continue: encodeInconsistentContinue(request.startKey, prefix) };
  return new ApiError(status);
}

const inconsistentContinueMessage =
  'The provided continue parameter is too old to display a consistent list result. You can start a new ' +
  'list without the continue parameter, or use the continue token in this response to retrieve the ' +
  'remainder of the results. Continuing with the provided token results in an inconsistent list - ' +
  'objects that were created, modified, or deleted between the time the first chunk was returned and ' +
  'now may show up in the list.';

/**
 * A get's resourceVersion: the etcd3 store always reads the newest state and only checks that it
 * is at least that version (a 504 otherwise), so "0", past and current versions all read now.
 */
export async function checkGetResourceVersion(store: Store, query: URLSearchParams): Promise<void> {
  const raw = query.get('resourceVersion') ?? '';
  if (raw === '') return;
  const wanted = parseListResourceVersion(raw);
  const current = await store.currentRevision();
  if (wanted > current) throw tooLargeResourceVersion(raw, current);
}
