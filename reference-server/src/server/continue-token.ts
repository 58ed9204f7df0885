// List continuation tokens, in the format of k8s.io/apiserver (storage/continue.go): base64url
// (unpadded) JSON {"v":"meta.k8s.io/v1","rv":<revision of the first page>,"start":<key>}, the
// key relative to the listed prefix. Clients treat tokens as opaque, but kube tooling and tests
// sometimes build them, so tokens made by Kubernetes decode here too, with the same errors.

import { badRequest } from '../api/status.js';

export interface ContinueToken {
  /** Absolute store key the next page starts at (inclusive). */
  key: string;
  /** Revision the list is read at; negative: the latest (a token handed out after expiry). */
  revision: number;
}

const version = 'meta.k8s.io/v1';

function encode(start: string, revision: number): string {
  return Buffer.from(JSON.stringify({ v: version, rv: revision, start })).toString('base64url');
}

/** The token for the page starting at `key`, of a list of `prefix` read at `revision`. */
export function encodeContinue(t: ContinueToken, prefix: string): string {
  return encode(`/${t.key.slice(prefix.length)}`, t.revision);
}

/**
 * The token Kubernetes hands back in a 410 for an expired continue: same start, revision -1,
 * i.e. "carry on at the latest revision", knowingly inconsistent. (Its start has no leading
 * slash, as etcd3's store writes it.)
 */
export function encodeInconsistentContinue(key: string, prefix: string): string {
  return encode(key.slice(prefix.length), -1);
}

const invalidKey = 'continue key is not valid';

function invalidToken(why: string): never {
  throw badRequest(`invalid continue token: ${why}`);
}

/** Decodes a token for a list of `prefix`; bad tokens are 400s worded as Kubernetes words them. */
export function decodeContinue(token: string, prefix: string): ContinueToken {
  const parsed = parseToken(token);
  if (parsed.v !== version)
    invalidToken(`${invalidKey}: server does not recognize this encoded version ${String(parsed.v ?? '')}`);
  if (parsed.rv === 0 || parsed.rv === undefined)
    invalidToken(`${invalidKey}: incorrect encoded start resourceVersion (version ${version})`);
  if (typeof parsed.start !== 'string' || parsed.start === '')
    invalidToken(`${invalidKey}: encoded start key empty (version ${version})`);
  // A start key that is not already a clean path could climb out of the listed prefix.
  const rooted = parsed.start.startsWith('/') ? parsed.start : `/${parsed.start}`;
  if (cleanRootedPath(rooted) !== rooted) invalidToken(`${invalidKey}: ${parsed.start}`);
  return { key: prefix + rooted.slice(1), revision: parsed.rv };
}

interface RawToken {
  v?: unknown;
  rv?: number;
  start?: unknown;
}

function parseToken(token: string): RawToken {
  const bad = /[^A-Za-z0-9_-]/.exec(token);
  if (bad) invalidToken(`${invalidKey}: illegal base64 data at input byte ${bad.index}`);
  if (token.length % 4 === 1)
    invalidToken(`${invalidKey}: illegal base64 data at input byte ${token.length - 1}`);
  const text = Buffer.from(token, 'base64url').toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const first = text.trimStart()[0];
    invalidToken(
      `${invalidKey}: ${first === undefined ? 'unexpected end of JSON input' : `invalid character '${first}' looking for beginning of value`}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    invalidToken(
      `${invalidKey}: json: cannot unmarshal ${jsonKind(value)} into Go value of type storage.continueToken`,
    );
  const raw = value as Record<string, unknown>;
  // Go leaves a field at its zero value for null, and rejects a value of another JSON type.
  const fields: [keyof RawToken, string, (v: unknown) => boolean][] = [
    ['v', 'string', (v) => typeof v === 'string'],
    ['rv', 'int64', (v) => typeof v === 'number' && Number.isSafeInteger(v)],
    ['start', 'string', (v) => typeof v === 'string'],
  ];
  for (const [name, goType, ok] of fields) {
    if (raw[name] === null) delete raw[name];
    else if (raw[name] !== undefined && !ok(raw[name]))
      invalidToken(
        `${invalidKey}: json: cannot unmarshal ${jsonKind(raw[name])} into Go struct field continueToken.${name} of type ${goType}`,
      );
  }
  return raw as RawToken;
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'number' : `number ${value}`;
  return typeof value === 'object' ? (value === null ? 'null' : 'object') : typeof value;
}

/** Go's path.Clean for a path starting with '/': no empty, '.' or '..' segments, no trailing '/'. */
function cleanRootedPath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}
