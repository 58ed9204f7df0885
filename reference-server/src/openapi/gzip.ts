// gzip for /openapi/v2, which kube-openapi serves through a gzip handler (and only that
// document; the v3 ones are never compressed): a GET whose Accept-Encoding admits gzip gets the
// document compressed, HEAD and everything else the plain bytes, and every answer says
// `Vary: Accept-Encoding` whether it was compressed or not. Go clients ask for gzip by default,
// so kubectl downloads a tenth of the bytes.

import { gzipSync } from 'node:zlib';
import type { ServedDocument } from './cache.js';

/** True when Accept-Encoding lists gzip (any case) with a q above zero. `*` does not count. */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((part) => {
    const [coding, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (coding !== 'gzip') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

// Documents are immutable and shared by every cluster serving the same types: compress each once.
const compressed = new WeakMap<ServedDocument, Buffer>();

export function gzipped(doc: ServedDocument): Buffer {
  let body = compressed.get(doc);
  if (!body) {
    body = gzipSync(doc.body);
    compressed.set(doc, body);
  }
  return body;
}
