// Writing responses and reading bodies. Content-Type is exactly `application/json`, as
// kube-apiserver sends it (no charset parameter: strict clients compare it literally).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, requestEntityTooLarge, unsupportedMediaType } from '../api/status.js';
import type { Status } from '../api/types.js';
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

export async function readBody(req: IncomingMessage, limit = maxBodyBytes): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw requestEntityTooLarge(limit);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
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
