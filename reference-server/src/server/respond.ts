// Writing responses and reading bodies. Content-Type is exactly `application/json`, as
// kube-apiserver sends it (no charset parameter: strict clients compare it literally).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, requestEntityTooLarge, unsupportedMediaType } from '../api/status.js';
import type { Status } from '../api/types.js';
import { jsonTooDeep, maxJSONDepth } from '../api/json-depth.js';
import { decodeProtobufBody, isProtobufContentType } from '../wire/protobuf-decode.js';
import { ProtobufDecodeError } from '../wire/protobuf-decode-error.js';

export function writeJSON(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function writeStatus(res: ServerResponse, status: Status): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // As kube-apiserver: a Status that says when to retry says it in the header too.
  if (status.details?.retryAfterSeconds)
    res.setHeader('Retry-After', String(status.details.retryAfterSeconds));
  writeJSON(res, status.code, status);
}

export function writeText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** kube-apiserver's default limit for request bodies is 3 MiB. */
export const maxBodyBytes = 3 * 1024 * 1024;

/** Past this much discarded body after a 413 the connection is dropped instead of drained. */
const maxDrainBytes = 16 * maxBodyBytes;

/**
 * The body, up to `limit` bytes; past it 413 at once. The rest is read and discarded, so the
 * client, still sending, gets the answer on a connection that stays usable (as Go's server
 * discards a small remainder); a body that goes on past `maxDrainBytes` loses its connection.
 */
export function readBody(req: IncomingMessage, limit = maxBodyBytes): Promise<Buffer> {
  // A declared length over the limit is refused before a byte is read.
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.reject(requestEntityTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (over) {
        if (size > maxDrainBytes) req.destroy();
        return;
      }
      if (size > limit) {
        over = true;
        chunks.length = 0;
        reject(requestEntityTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!over) reject(e);
    });
    req.on('close', () => {
      if (!over && !req.complete) reject(badRequest('the request body was not sent completely'));
    });
  });
}

/**
 * Parses a request body into an object; anything malformed is a client error, never a 500.
 * JSON, and the Kubernetes protobuf envelope that kubectl and client-go send for built-in
 * types (decoded into the JSON a JSON client would have sent; `endpoint` fills in an empty
 * apiVersion/kind the way kube-apiserver defaults them from the URL).
 */
export async function readJSONBody(
  req: IncomingMessage,
  endpoint: { apiVersion?: string; kind?: string } = {},
  /** Receives the JSON text as sent (strict field validation reads duplicate members from it). */
  jsonText?: { text?: string },
): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (isProtobufContentType(type)) {
    const raw = await readBody(req);
    try {
      return decodeProtobufBody(raw, endpoint).object;
    } catch (e) {
      if (e instanceof ProtobufDecodeError)
        throw e.code === 415
          ? unsupportedMediaType(type)
          : badRequest(`the request body is not valid protobuf: ${e.message}`);
      throw e;
    }
  }
  if (type && type !== 'application/json' && type !== '*/*') throw unsupportedMediaType(type);
  const raw = await readBody(req);
  if (raw.length === 0) throw badRequest('the request body is empty');
  let parsed: unknown;
  try {
    const text = raw.toString('utf8');
    if (jsonTooDeep(text)) throw new Error(`exceeded max depth ${maxJSONDepth}`);
    parsed = JSON.parse(text);
    if (jsonText) jsonText.text = text;
  } catch (e) {
    throw badRequest(`the request body is not valid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw badRequest('the request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
