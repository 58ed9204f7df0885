// Serialized OpenAPI documents with their hashes, built once per distinct set of served types.
// Most logical clusters serve the same types, so documents are shared by a fingerprint of the
// type set rather than kept per cluster; a cluster whose types change (a CRD is created or
// updated) gets a new fingerprint and so new documents and hashes.

import { createHash } from 'node:crypto';
import type { ResourceType } from '../registry/resource-type.js';
import { buildV3Documents } from './documents.js';
import { encodeSwaggerAsGnostic } from './swagger-to-gnostic.js';
import { toSwagger2 } from './to-v2.js';

/** One serialized document and its hash (the ETag, and the `hash` of v3 index URLs). */
export interface ServedDocument {
  body: Buffer;
  hash: string;
}

export interface OpenAPIDocumentSet {
  /** v3 documents by index key ('api/v1', 'apis/<group>/<version>', ...). */
  v3: ReadonlyMap<string, ServedDocument>;
  /** The v3 index: `{"paths": {key: {"serverRelativeURL": "/openapi/v3/<key>?hash=<hash>"}}}`. */
  index: ServedDocument;
  /** The Swagger 2.0 document, built on first use. */
  v2(): ServedDocument;
  /**
   * The same document in gnostic's protobuf form, built on first use from the JSON bytes (so both
   * say the same), with the JSON document's hash: kube-openapi shares the ETag between the two
   * and relies on `Vary: Accept` to keep caches apart.
   */
  v2Protobuf(): ServedDocument;
  /** When the set was built (Last-Modified). */
  builtAt: Date;
}

/** kube-openapi's hash: SHA-512 of the serialized document, upper-case hex. */
export function hashOf(body: Buffer): string {
  return createHash('sha512').update(body).digest('hex').toUpperCase();
}

function served(value: unknown): ServedDocument {
  const body = Buffer.from(JSON.stringify(value));
  return { body, hash: hashOf(body) };
}

export function buildDocumentSet(types: readonly ResourceType[]): OpenAPIDocumentSet {
  const docs = buildV3Documents(types);
  const v3 = new Map([...docs].map(([key, doc]) => [key, served(doc)]));
  const paths = Object.fromEntries(
    [...v3]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, d]) => [key, { serverRelativeURL: `/openapi/v3/${key}?hash=${d.hash}` }]),
  );
  let v2: ServedDocument | undefined;
  let v2Protobuf: ServedDocument | undefined;
  const v2JSON = () => (v2 ??= served(toSwagger2(docs.values())));
  return {
    v3,
    index: served({ paths }),
    v2: v2JSON,
    v2Protobuf: () =>
      (v2Protobuf ??= {
        body: encodeSwaggerAsGnostic(JSON.parse(v2JSON().body.toString('utf8')) as Record<string, unknown>),
        hash: v2JSON().hash,
      }),
    builtAt: new Date(Math.floor(Date.now() / 1000) * 1000),
  };
}

/** What distinguishes one type set's documents from another's. */
export function fingerprint(types: readonly ResourceType[]): string {
  const h = createHash('sha256');
  for (const t of types) {
    h.update(
      JSON.stringify([
        t.group,
        t.version,
        t.names,
        t.namespaced,
        t.verbs,
        t.subresources,
        t.kindedSubresources ?? null,
        t.schema ?? null,
      ]),
    );
    h.update('\n');
  }
  return h.digest('hex');
}

export interface OpenAPICache {
  documentsFor(cluster: string, types: readonly ResourceType[]): OpenAPIDocumentSet;
}

export function createOpenAPICache(limits = { sets: 16, clusters: 4096 }): OpenAPICache {
  const sets = new Map<string, OpenAPIDocumentSet>();
  // The last type array seen per cluster, so an unchanged catalog answer skips fingerprinting.
  const clusters = new Map<string, { types: readonly ResourceType[]; key: string }>();
  const touch = <K, V>(m: Map<K, V>, k: K, v: V, limit: number) => {
    m.delete(k);
    m.set(k, v);
    if (m.size > limit) m.delete(m.keys().next().value as K);
  };
  return {
    documentsFor(cluster, types) {
      const seen = clusters.get(cluster);
      const key = seen?.types === types ? seen.key : fingerprint(types);
      touch(clusters, cluster, { types, key }, limits.clusters);
      let set = sets.get(key);
      if (set === undefined) set = buildDocumentSet(types);
      touch(sets, key, set, limits.sets);
      return set;
    },
  };
}
