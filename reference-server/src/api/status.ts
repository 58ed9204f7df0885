// Errors as metav1.Status, with the codes and reasons Kubernetes uses
// (k8s.io/apimachinery/pkg/api/errors). Handlers throw ApiError; the chain's outermost
// filter writes its Status. Anything else thrown becomes a 500 InternalError.

import type { Status, StatusCause, StatusDetails } from './types.js';

export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? 'error');
    this.name = 'ApiError';
  }
  get code(): number {
    return this.status.code;
  }
}

/** A resource as named in messages: `configmaps` or `workspaces.tenancy.kcp.io`. */
export interface QualifiedResource {
  group: string;
  resource: string;
}

function qualified(r: QualifiedResource): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

export function failure(code: number, reason: string, message: string, details?: StatusDetails): Status {
  // Fields in metav1.Status's order, as kube serializes them (details before code).
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details: omitEmptyDetails(details) } : {}),
    code,
  };
}

/** metav1.StatusDetails marshals every field omitempty: "" and [] are left out, as Go leaves them. */
function omitEmptyDetails(details: StatusDetails): StatusDetails {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details))
    if (value !== '' && value !== undefined && !(Array.isArray(value) && value.length === 0))
      out[key] = value;
  return out as StatusDetails;
}

export function notFound(r: QualifiedResource, name: string): ApiError {
  return new ApiError(
    failure(404, 'NotFound', `${qualified(r)} "${name}" not found`, {
      name,
      group: r.group,
      kind: r.resource,
    }),
  );
}

export function alreadyExists(r: QualifiedResource, name: string): ApiError {
  return new ApiError(
    failure(409, 'AlreadyExists', `${qualified(r)} "${name}" already exists`, {
      name,
      group: r.group,
      kind: r.resource,
    }),
  );
}

export function conflict(r: QualifiedResource, name: string, why: string): ApiError {
  return new ApiError(
    failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(r)} "${name}": ${why}`, {
      name,
      group: r.group,
      kind: r.resource,
    }),
  );
}

export const staleObjectMessage =
  'the object has been modified; please apply your changes to the latest version and try again';

export interface InvalidField {
  /** CauseType, e.g. FieldValueInvalid. */
  type: string;
  field: string;
  /** The detail without the field, e.g. `Invalid value: "x": must be ...`. */
  detail: string;
}

/** 422 Invalid: `Kind "name" is invalid: [field: detail, ...]`, causes per field. */
export function invalid(group: string, kind: string, name: string, errors: InvalidField[]): ApiError {
  // As k8s.io/apimachinery NewInvalid: each cause has the detail alone, the message the
  // `field: detail` forms (bracketed when there are several).
  const causes: StatusCause[] = errors.map((e) => ({ reason: e.type, message: e.detail, field: e.field }));
  const full = errors.map((e) => (e.field ? `${e.field}: ${e.detail}` : e.detail));
  const summary = full.length === 1 ? full[0]! : `[${full.join(', ')}]`;
  const who = group ? `${kind}.${group}` : kind;
  return new ApiError(
    failure(422, 'Invalid', `${who} "${name}" is invalid: ${summary}`, { name, group, kind, causes }),
  );
}

export function badRequest(message: string): ApiError {
  return new ApiError(failure(400, 'BadRequest', message));
}

export function unauthorized(): ApiError {
  return new ApiError(failure(401, 'Unauthorized', 'Unauthorized'));
}

export function forbidden(message: string, details?: StatusDetails): ApiError {
  return new ApiError(failure(403, 'Forbidden', message, details));
}

export function methodNotSupported(r: QualifiedResource, action: string): ApiError {
  return new ApiError(
    failure(405, 'MethodNotAllowed', `${action} is not supported on resources of kind "${qualified(r)}"`, {
      group: r.group,
      kind: r.resource,
    }),
  );
}

export function notAcceptable(message: string): ApiError {
  return new ApiError(failure(406, 'NotAcceptable', message));
}

export function unsupportedMediaType(contentType: string): ApiError {
  return new ApiError(
    failure(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format (${contentType || 'none'}) - accepted media types include: application/json, application/vnd.kubernetes.protobuf (built-in types)`,
    ),
  );
}

export function requestEntityTooLarge(limit: number): ApiError {
  return new ApiError(failure(413, 'RequestEntityTooLarge', `request body exceeds ${limit} bytes`));
}

export function gone(message: string): ApiError {
  return new ApiError(failure(410, 'Expired', message));
}

export function notImplemented(message: string): ApiError {
  return new ApiError(failure(501, 'NotImplemented', message));
}

export function internalError(message: string): ApiError {
  return new ApiError(
    failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] }),
  );
}

/** A 404 for a path that names no resource (kube-apiserver answers such paths with this body). */
export function pathNotFound(): ApiError {
  return new ApiError(failure(404, 'NotFound', 'the server could not find the requested resource', {}));
}
