// DeleteOptions as kube-apiserver reads them (endpoints/handlers/delete.go): from the request body
// when there is one, otherwise from the query string (never both), then validated as
// ValidateDeleteOptions does. Decoding errors are 400s worded like Go's encoding/json and the
// query parameter codec; invalid values are a 422 on DeleteOptions.meta.k8s.io.

import { ApiError, badRequest, failure } from '../api/status.js';
import type { StatusCause } from '../api/types.js';

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
  /** dryRun=All: answer as if deleted (or marked for deletion), change nothing. */
  dryRun?: boolean;
  /** Kept as sent: validation rejects values outside PropagationPolicy. */
  propagationPolicy?: string;
  /** Deprecated predecessor of propagationPolicy (true: Orphan, false: Foreground-like 202). */
  orphanDependents?: boolean;
  gracePeriodSeconds?: number;
}

/** DeleteOptions before validation: dryRun values as sent. */
type RawDeleteOptions = DeleteOptions & { dryRunValues?: string[] };

const policies: readonly string[] = ['Foreground', 'Background', 'Orphan'];

/** The Go types of DeleteOptions fields, as encoding/json names them in its errors. */
const goTypes: Record<string, 'int64' | 'bool' | 'string' | '[]string'> = {
  gracePeriodSeconds: 'int64',
  orphanDependents: 'bool',
  propagationPolicy: 'string',
  dryRun: '[]string',
};
const goTypeNames: Record<string, string> = {
  gracePeriodSeconds: 'int64',
  orphanDependents: 'bool',
  propagationPolicy: 'v1.DeletionPropagation',
  dryRun: '[]string',
};

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  return typeof v === 'object' ? 'object' : typeof v;
}

function typeError(value: string, field: string, type: string): ApiError {
  return badRequest(`json: cannot unmarshal ${value} into Go struct field ${field} of type ${type}`);
}

function fits(v: unknown, t: (typeof goTypes)[string]): boolean {
  switch (t) {
    case 'int64':
      return typeof v === 'number';
    case 'bool':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case '[]string':
      return Array.isArray(v) && v.every((e) => e === null || typeof e === 'string');
  }
}

function fromBody(body: Record<string, unknown>): RawDeleteOptions {
  // Per-group DeleteOptions (apiVersion v1, apps/v1, ...) and meta.k8s.io/v1 are accepted alike.
  if (body.kind !== undefined && body.kind !== '' && body.kind !== 'DeleteOptions')
    throw badRequest(
      `no kind ${JSON.stringify(String(body.kind))} is registered for version ${JSON.stringify(String(body.apiVersion ?? ''))}`,
    );
  for (const [field, t] of Object.entries(goTypes)) {
    const v = body[field];
    if (v === undefined || v === null) continue;
    if (t === 'int64' && typeof v === 'number' && !Number.isInteger(v))
      throw typeError(`number ${String(v)}`, `DeleteOptions.${field}`, goTypeNames[field]!);
    if (!fits(v, t)) {
      const inner = t === '[]string' && Array.isArray(v) ? v.find((e) => typeof e !== 'string') : v;
      const type = t === '[]string' && Array.isArray(v) ? 'string' : goTypeNames[field]!;
      throw typeError(jsonKind(inner), `DeleteOptions.${field}`, type);
    }
  }
  const out: RawDeleteOptions = {};
  const pre = body.preconditions;
  if (pre !== undefined && pre !== null) {
    if (typeof pre !== 'object' || Array.isArray(pre))
      throw typeError(jsonKind(pre), 'DeleteOptions.preconditions', 'v1.Preconditions');
    const p = pre as Record<string, unknown>;
    const types: Record<string, string> = { uid: 'types.UID', resourceVersion: 'string' };
    out.preconditions = {};
    for (const [k, type] of Object.entries(types)) {
      const v = p[k];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string') throw typeError(jsonKind(v), `Preconditions.preconditions.${k}`, type);
      (out.preconditions as Record<string, string>)[k] = v;
    }
  }
  if (typeof body.gracePeriodSeconds === 'number') out.gracePeriodSeconds = body.gracePeriodSeconds;
  if (typeof body.orphanDependents === 'boolean') out.orphanDependents = body.orphanDependents;
  if (typeof body.propagationPolicy === 'string') out.propagationPolicy = body.propagationPolicy;
  if (Array.isArray(body.dryRun)) out.dryRunValues = body.dryRun.map((v) => String(v ?? ''));
  return out;
}

/** Go's strconv.ParseInt error for a query parameter that is not a base-10 int64. */
function parseInt64(s: string): number {
  if (!/^[+-]?\d+$/.test(s))
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n))
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

function fromQuery(query: URLSearchParams): RawDeleteOptions {
  const out: RawDeleteOptions = {};
  const grace = query.get('gracePeriodSeconds');
  if (grace !== null) out.gracePeriodSeconds = parseInt64(grace);
  // The parameter codec reads any bool other than "0"/"false" (any case) as true.
  const orphan = query.get('orphanDependents');
  if (orphan !== null) out.orphanDependents = !(orphan === '0' || orphan.toLowerCase() === 'false');
  const policy = query.get('propagationPolicy');
  if (policy !== null) out.propagationPolicy = policy;
  const dryRun = query.getAll('dryRun');
  if (dryRun.length > 0) out.dryRunValues = dryRun;
  return out;
}

/**
 * Reads and validates the options of a DELETE or DELETECOLLECTION: `body` is the decoded request
 * body when the request had one (then the query is ignored, as kube does).
 */
export function parseDeleteOptions(query: URLSearchParams, body?: Record<string, unknown>): DeleteOptions {
  const raw = body ? fromBody(body) : fromQuery(query);
  const causes: StatusCause[] = [];
  if (raw.orphanDependents !== undefined && raw.propagationPolicy !== undefined)
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(raw.propagationPolicy)}: orphanDependents and deletionPropagation cannot be both set`,
      field: 'propagationPolicy',
    });
  if (raw.propagationPolicy !== undefined && !policies.includes(raw.propagationPolicy))
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(raw.propagationPolicy)}: supported values: "Foreground", "Background", "Orphan", "nil"`,
      field: 'propagationPolicy',
    });
  const dryRun = raw.dryRunValues ?? [];
  if (dryRun.some((v) => v !== 'All'))
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(dryRun)}: supported values: "All"`,
      field: 'dryRun',
    });
  if (causes.length > 0) {
    const full = causes.map((c) => `${c.field}: ${c.message}`);
    const summary = full.length === 1 ? full[0]! : `[${full.join(', ')}]`;
    throw new ApiError(
      failure(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: ${summary}`, {
        group: 'meta.k8s.io',
        kind: 'DeleteOptions',
        causes,
      }),
    );
  }
  const { dryRunValues: _ignored, ...options } = raw;
  // Negative grace periods mean "the shortest graceful one" (rest.BeforeDelete).
  if (options.gracePeriodSeconds !== undefined && options.gracePeriodSeconds < 0)
    options.gracePeriodSeconds = 1;
  return { ...options, ...(dryRun.length > 0 ? { dryRun: true } : {}) };
}

/** What the delete asks of the garbage collector, in the order of precedence kube applies. */
export function requestedPolicy(options: DeleteOptions): PropagationPolicy | undefined {
  if (options.orphanDependents !== undefined) return options.orphanDependents ? 'Orphan' : 'Background';
  return policies.includes(options.propagationPolicy ?? '')
    ? (options.propagationPolicy as PropagationPolicy)
    : undefined;
}
