// A seeded, deterministic corpus of malformed and abusive requests, as a hostile or buggy client
// sends them: every case is data (method, path below a workspace, headers, body bytes) so the same
// corpus can be replayed against any target and a failing case printed and replayed alone.
// A good server answers every one of them with a 4xx Status (or a 2xx where the input is odd but
// valid), never a 5xx, never no answer, and nothing it accepts breaks later requests.

import { seededRandom } from '../../suites/framework/seeded-random.js';
import { templates, type Template } from './templates.js';

export interface BadRequest {
  /** Which class of mistake this is, for the per-class counts of a report. */
  kind: string;
  method: string;
  /** Below the workspace's base (`/clusters/<path>`), or absolute when `absolute` is set. */
  path: string;
  absolute?: boolean;
  headers: Record<string, string>;
  body?: Buffer;
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** Every value of every JSON type, to put where another type belongs. */
const WRONG_VALUES: unknown[] = [
  0,
  -1,
  1.5,
  1e308,
  true,
  false,
  '',
  'x',
  [],
  [1],
  ['a', 2],
  {},
  { a: 1 },
  null,
];

/** JSON paths of an object (objects and arrays walked), shallow first. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(path);
      pathsOf(v, path, out);
    }
  }
  return out;
}

function withValueAt(object: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(object) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = value;
  return copy;
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const JSON_TYPE = { 'content-type': 'application/json', accept: 'application/json' };

function nested(depth: number, leaf: string, open: string, close: string): string {
  return open.repeat(depth) + leaf + close.repeat(depth);
}

interface CaseMaker {
  kind: string;
  /** How many cases of this class, of the total. */
  weight: number;
  make(r: Rand, t: Template, name: string): BadRequest;
}

const post = (t: Template, body: Buffer, headers: Record<string, string> = JSON_TYPE): BadRequest => ({
  kind: '',
  method: 'POST',
  path: t.collection,
  headers,
  body,
});

const objectPath = (t: Template) => {
  const name = (t.object.metadata as { name?: string } | undefined)?.name ?? 'x';
  return `${t.collection}/${name}`;
};

const generators: CaseMaker[] = [
  {
    kind: 'malformed-json',
    weight: 10,
    make(r, t) {
      const text = JSON.stringify(t.object);
      const bytes = Buffer.from(text);
      switch (int(r, 0, 4)) {
        case 0:
          return post(t, bytes.subarray(0, int(r, 0, bytes.length - 1)));
        case 1: {
          const flipped = Buffer.from(bytes);
          for (let i = 0; i < int(r, 1, 4); i++) flipped[int(r, 0, flipped.length - 1)] = int(r, 0, 255);
          return post(t, flipped);
        }
        case 2:
          return post(
            t,
            Buffer.from(pick(r, ['', 'null', '[]', '1', '"s"', 'true', '{', '}', '{"a":}', 'garbage{'])),
          );
        case 3:
          return post(t, Buffer.from(text.replace(/"/g, "'")));
        default:
          return post(t, Buffer.from(`${text}${pick(r, ['x', '{}', ',', ' 1'])}`));
      }
    },
  },
  {
    kind: 'wrong-type',
    weight: 30,
    make(r, t) {
      const paths = pathsOf(t.object);
      const path = pick(r, paths);
      return post(t, json(withValueAt(t.object, path, pick(r, WRONG_VALUES))));
    },
  },
  {
    kind: 'wrong-type-update',
    weight: 6,
    make(r, t) {
      const paths = pathsOf(t.object).filter((p) => p[0] !== 'apiVersion' && p[0] !== 'kind');
      const body = json(withValueAt(t.object, pick(r, paths), pick(r, WRONG_VALUES)));
      return { kind: '', method: 'PUT', path: objectPath(t), headers: JSON_TYPE, body };
    },
  },
  {
    kind: 'huge-values',
    weight: 2,
    make(r, t) {
      const object = structuredClone(t.object) as { metadata?: Record<string, unknown> };
      object.metadata ??= {};
      switch (int(r, 0, 3)) {
        case 0:
          object.metadata.annotations = { big: 'x'.repeat(int(r, 100_000, 400_000)) };
          break;
        case 1:
          object.metadata.annotations = Object.fromEntries(
            Array.from({ length: int(r, 500, 5000) }, (_, i) => [`k${i}`, 'v']),
          );
          break;
        case 2:
          object.metadata.labels = { [`${'a'.repeat(int(r, 60, 5000))}`]: 'b'.repeat(int(r, 60, 5000)) };
          break;
        default:
          object.metadata.finalizers = Array.from(
            { length: int(r, 1000, 20_000) },
            (_, i) => `example.dev/f${i}`,
          );
      }
      return post(t, json(object));
    },
  },
  {
    kind: 'many-entries',
    weight: 2,
    make(r, t) {
      const object = structuredClone(t.object) as { metadata?: Record<string, unknown> };
      object.metadata ??= {};
      // Mostly under the stored-object limit (1.5 MiB), now and then far over it.
      const n = r() < 0.1 ? 20_000 : int(r, 200, 3000);
      if (r() < 0.5)
        object.metadata.ownerReferences = Array.from({ length: n }, (_, i) => ({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name: `o${i}`,
          uid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
        }));
      else
        object.metadata.managedFields = Array.from({ length: n }, (_, i) => ({
          manager: `m${i}`,
          operation: 'Apply',
          apiVersion: 'v1',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:data': { [`f:k${i}`]: {} } },
        }));
      return post(t, json(object));
    },
  },
  {
    kind: 'deep-nesting',
    weight: 3,
    make(r, t) {
      const depth = pick(r, [200, 2_000, 20_000, 200_000, 1_000_000]);
      const text = JSON.stringify(t.object);
      const inner = r() < 0.5 ? nested(depth, '1', '[', ']') : nested(depth, '1', '{"a":', '}');
      const body = text.replace(/^\{/, `{"x":${inner},`);
      return r() < 0.7
        ? post(t, Buffer.from(body))
        : {
            kind: '',
            method: 'PATCH',
            path: objectPath(t),
            headers: { ...JSON_TYPE, 'content-type': 'application/merge-patch+json' },
            body: Buffer.from(`{"metadata":{"annotations":{"a":"b"}},"x":${inner}}`),
          };
    },
  },
  {
    kind: 'invalid-utf8',
    weight: 3,
    make(r, t) {
      const text = JSON.stringify(t.object);
      const at = text.indexOf('"', text.indexOf('"name"') + 7) + 1;
      const bad = Buffer.from(
        pick(r, [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80], [0x80]]),
      );
      return post(t, Buffer.concat([Buffer.from(text.slice(0, at)), bad, Buffer.from(text.slice(at))]));
    },
  },
  {
    kind: 'protobuf-garbage',
    weight: 3,
    make(r, t) {
      const body = Buffer.alloc(int(r, 0, 400));
      for (let i = 0; i < body.length; i++) body[i] = int(r, 0, 255);
      // Sometimes the magic prefix kube's protobuf envelope starts with, so decoding goes deeper.
      const prefixed = r() < 0.6 ? Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), body]) : body;
      const protobuf = 'application/vnd.kubernetes.protobuf';
      return post(t, prefixed, { 'content-type': protobuf, accept: pick(r, [protobuf, 'application/json']) });
    },
  },
  {
    kind: 'malformed-path',
    weight: 8,
    make(r, t) {
      const segment = pick(r, [
        '%',
        '%zz',
        '%c0%af',
        '%00',
        '%2F',
        '%2e%2e',
        '..',
        '.',
        '%ff%fe',
        '%e2%82',
        'a%',
        '%%',
      ]);
      const base = pick(r, [
        t.collection,
        objectPath(t),
        '/api/v1',
        '/apis',
        '/apis/rbac.authorization.k8s.io',
      ]);
      const parts = base.split('/');
      parts[int(r, 1, parts.length - 1)] = segment;
      const path = r() < 0.2 ? `/clusters/${segment}${base}` : parts.join('/');
      const method = pick(r, ['GET', 'GET', 'DELETE', 'POST']);
      return {
        kind: '',
        method,
        path,
        absolute: path.startsWith('/clusters/'),
        headers: JSON_TYPE,
        body: method === 'POST' ? json(t.object) : undefined,
      };
    },
  },
  {
    kind: 'odd-path',
    weight: 3,
    make(r, t) {
      const path = pick(r, [
        `${t.collection}//`,
        `/${t.collection}`,
        `${objectPath(t)}/status/extra/parts`,
        `${objectPath(t)}/${'x'.repeat(int(r, 300, 8000))}`,
        `/clusters/${'a'.repeat(int(r, 100, 4000))}/api/v1/namespaces`,
        '/clusters//api/v1/namespaces',
        '/clusters/root:/api',
        '/clusters/:::/api',
        '/clusters/*/api/v1/namespaces/default/configmaps',
        '/clusters/root/clusters/root/api/v1/namespaces',
        '/services/apiexport/x/y/clusters/*/api/v1/configmaps',
        '/services/apiexport/%zz/y/clusters/%zz/api',
        '/services/initializingworkspaces/%/clusters/*/apis',
        '/services/terminatingworkspaces//clusters/x/apis',
        '/openapi/v3/%zz',
        '/openapi/v3/apis/%',
        '/api/v1/namespaces/%zz/configmaps',
      ]);
      return {
        kind: '',
        method: 'GET',
        path,
        absolute: path.startsWith('/clusters/') || !path.startsWith('/api'),
        headers: JSON_TYPE,
      };
    },
  },
  {
    kind: 'bad-query',
    weight: 8,
    make(r, t) {
      const q = pick(r, [
        'limit=abc',
        'limit=-5',
        'limit=99999999999999999999',
        'resourceVersion=xyz',
        'resourceVersion=-1',
        'resourceVersionMatch=Bogus&resourceVersion=1',
        'watch=maybe&timeoutSeconds=1',
        'watch=true&timeoutSeconds=abc',
        'watch=true&timeoutSeconds=-1&resourceVersion=%zz',
        'labelSelector=%3D%3D%3D',
        'labelSelector=a%20in%20(',
        'labelSelector=a,,b',
        `labelSelector=${'a'.repeat(int(r, 100, 20000))}`,
        'fieldSelector=metadata.name%3D%3D%3D',
        'fieldSelector=bogus.field=1',
        'fieldSelector=metadata.name!',
        'continue=garbage',
        'continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6LTF9',
        'dryRun=Bogus',
        'fieldManager=' + 'm'.repeat(300),
        'fieldValidation=Maybe',
        'pretty=yes',
        'sendInitialEvents=true',
        'sendInitialEvents=true&watch=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1',
        'allowWatchBookmarks=abc&watch=1&timeoutSeconds=1',
        '%zz=1',
        'a=%',
        'propagationPolicy=Bogus',
        'gracePeriodSeconds=abc',
        'includeObject=Bogus',
      ]);
      const method = pick(r, ['GET', 'GET', 'POST', 'DELETE']);
      // A DELETE of a collection is a deletecollection, which would remove the canary's RBAC too.
      const target = method === 'DELETE' ? objectPath(t) : t.collection;
      return {
        kind: '',
        method,
        path: `${target}?${q}`,
        headers:
          method === 'GET' && r() < 0.3
            ? { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' }
            : JSON_TYPE,
        body: method === 'POST' ? json(t.object) : undefined,
      };
    },
  },
  {
    kind: 'odd-method',
    weight: 2,
    make(r, t) {
      const method = pick(r, ['PROPFIND', 'FOO', 'OPTIONS', 'HEAD', 'PATCH', 'PUT', 'POST', 'DELETE']);
      // Never a DELETE of a collection: that deletecollection is valid and would take the canary's RBAC.
      const paths = [t.collection, objectPath(t), '/api', '/apis', '/version'];
      const path = method === 'DELETE' ? objectPath(t) : pick(r, paths);
      return {
        kind: '',
        method,
        path,
        headers: pick(r, [JSON_TYPE, {}]),
        body: r() < 0.5 ? json(t.object) : undefined,
      };
    },
  },
  {
    kind: 'invalid-patch',
    weight: 10,
    make(r, t) {
      const patch = pick(r, [
        ['application/json-patch+json', '[{"op":"bogus","path":"/a"}]'],
        ['application/json-patch+json', '[{"op":"add","path":"a","value":1}]'],
        ['application/json-patch+json', '[{"op":"remove","path":"/metadata/nope/deeper"}]'],
        ['application/json-patch+json', '[{"op":"replace","path":"/metadata/name","value":{"a":1}}]'],
        ['application/json-patch+json', '[{"op":"move","from":"/metadata","path":"/metadata/labels"}]'],
        [
          'application/json-patch+json',
          '[{"op":"copy","from":"/metadata","path":"/metadata/annotations/x"}]',
        ],
        ['application/json-patch+json', '[{"op":"test","path":"/metadata/name","value":"nope"}]'],
        ['application/json-patch+json', '[{"op":"add","path":"/metadata/labels/~2","value":"x"}]'],
        ['application/json-patch+json', '[{"op":"add","path":"/spec/rules/99999999999","value":1}]'],
        ['application/json-patch+json', '{"op":"add"}'],
        ['application/json-patch+json', '[1,2,3]'],
        [
          'application/json-patch+json',
          '[{"op":"add","path":"/metadata/labels/a","value":"b"},' +
            '{"op":"copy","from":"/metadata","path":"/metadata/x"},'.repeat(30).slice(0, -1) +
            ']',
        ],
        ['application/merge-patch+json', '[]'],
        ['application/merge-patch+json', '"string"'],
        ['application/merge-patch+json', '{"metadata":{"labels":"notamap"}}'],
        ['application/merge-patch+json', '{"metadata":{"name":5}}'],
        ['application/merge-patch+json', '{"metadata":{"ownerReferences":[{"uid":5}]}}'],
        ['application/merge-patch+json', '{"kind":5,"apiVersion":[]}'],
        ['application/strategic-merge-patch+json', '{"$patch":"bogus"}'],
        ['application/strategic-merge-patch+json', '{"metadata":{"labels":{"$patch":"replace","a":1}}}'],
        ['application/strategic-merge-patch+json', '{"rules":[{"$patch":"delete"}]}'],
        ['application/strategic-merge-patch+json', '{"$setElementOrder/rules":[1,2]}'],
        ['application/strategic-merge-patch+json', '{"$retainKeys":"x","data":{}}'],
        ['application/strategic-merge-patch+json', '{"$deleteFromPrimitiveList/finalizers":"x"}'],
        ['application/strategic-merge-patch+json', '{"subjects":"x"}'],
        ['application/apply-patch+yaml', 'a: &a [*a]'],
        ['application/apply-patch+yaml', 'a: !!binary "%%%"\n'],
        ['application/apply-patch+yaml', 'a: !!python/object:os.system "x"\n'],
        ['application/apply-patch+yaml', 'x: &x {a: 1}\ny: *x\nz: *nope\n'],
        ['application/apply-patch+yaml', 'a: [1, 2\n'],
        ['application/apply-patch+yaml', '- 1\n- 2\n'],
        ['application/apply-patch+yaml', 'apiVersion: v1\n'],
        ['application/apply-patch+yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: 5\n'],
        [
          'application/apply-patch+yaml',
          '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"other"}}',
        ],
        [
          'application/apply-patch+yaml',
          'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n',
        ],
        ['application/apply-patch+yaml', '%YAML 9.9\n---\na: 1\n'],
        ['application/apply-patch+yaml', '---\na: 1\n---\nb: 2\n'],
        ['application/x-unknown-patch', '{}'],
        ['text/plain', '{}'],
      ] as const);
      const [type, body] = patch;
      const query =
        type === 'application/apply-patch+yaml'
          ? `?fieldManager=${pick(r, ['m', '', '%zz', 'x'.repeat(200)])}&force=${pick(r, ['true', 'bogus'])}`
          : '';
      return {
        kind: '',
        method: 'PATCH',
        path: `${objectPath(t)}${query}`,
        headers: { 'content-type': type, accept: 'application/json' },
        body: Buffer.from(body),
      };
    },
  },
  {
    kind: 'illegal-name',
    weight: 4,
    make(r, t, name) {
      const bad = pick(r, [
        'UPPER',
        'a/b',
        '..',
        '.',
        '',
        'a'.repeat(300),
        'a b',
        'é',
        '-a',
        'a_',
        '%zz',
        '\u0000',
        `${name}\n`,
      ]);
      const object = structuredClone(t.object) as { metadata: Record<string, unknown> };
      object.metadata = { ...(object.metadata ?? {}), name: bad };
      if (r() < 0.3) object.metadata = { generateName: bad };
      return post(t, json(object));
    },
  },
  {
    kind: 'invalid-value',
    weight: 10,
    make(r, t) {
      const paths = pathsOf(t.object).filter((p) => p[0] !== 'apiVersion' && p[0] !== 'kind');
      const value = pick(r, [
        '',
        '*',
        ':',
        'root:nope:deeper',
        '$(x)',
        '../..',
        'a'.repeat(int(r, 64, 2000)),
        '1e9999',
        -2147483649,
        2 ** 63,
        'Bogus',
        'has space',
        '((a+)+)+$',
        'self.x.y.z == 1 &&',
        '✓',
      ]);
      return post(t, json(withValueAt(t.object, pick(r, paths), value)));
    },
  },
  {
    kind: 'header-abuse',
    weight: 4,
    make(r, t) {
      const headers: Record<string, string> = { ...JSON_TYPE };
      switch (int(r, 0, 7)) {
        case 0:
          headers.accept = pick(r, [
            '*/*;q=bogus',
            'application/json;as=Nope;g=x;v=y',
            'application/yaml;stream=watch',
            ';;;',
            'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io',
          ]);
          break;
        case 1:
          headers['content-type'] = pick(r, [
            'application/json; charset=ebcdic',
            'multipart/form-data',
            ';',
            'application/yaml',
            'application/cbor',
          ]);
          break;
        case 2:
          headers['impersonate-user'] = pick(r, ['', 'system:admin', 'x'.repeat(5000)]);
          headers['impersonate-group'] = pick(r, ['', 'system:masters', 'system:kcp:initializer:x']);
          break;
        case 3:
          headers['impersonate-extra-%zz'] = 'v';
          headers['impersonate-uid'] = 'u';
          break;
        case 4:
          headers['x-kubernetes-sharded-request'] = pick(r, ['true', '1', 'garbage']);
          break;
        case 5:
          headers['x-big'] = 'h'.repeat(int(r, 1000, 12_000));
          break;
        case 6:
          headers['content-encoding'] = pick(r, ['gzip', 'br', 'deflate', 'bogus']);
          break;
        default:
          headers['user-agent'] = 'ua\u00e9\u00ff';
          headers['accept-encoding'] = 'gzip;q=bogus';
      }
      return post(t, json(t.object), headers);
    },
  },
  {
    kind: 'yaml-body',
    weight: 3,
    make(r, t) {
      const body = pick(r, [
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n',
        'a: &a [*a]\n',
        ': : :\n',
        'metadata: !!binary "%"\n',
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y, labels: {a: [1]}}\n`,
      ]);
      return post(t, Buffer.from(body), { 'content-type': 'application/yaml', accept: 'application/json' });
    },
  },
];

/** The resources every generator picks its template from (by path, for the report). */
export function templateCollections(): string[] {
  return templates('x').map((t) => t.collection);
}

/**
 * `count` cases from `seed`, each class in proportion to its weight; the same arguments give the
 * same cases, made one at a time (some bodies are megabytes). Names are unique per case so
 * accepted creates do not collide.
 */
export function* generateCorpus(seed: number, count: number): Generator<BadRequest> {
  const r = seededRandom(seed).next;
  const total = generators.reduce((sum, g) => sum + g.weight, 0);
  for (let i = 0; i < count; i++) {
    let roll = r() * total;
    const generator = generators.find((g) => (roll -= g.weight) < 0) ?? generators[0]!;
    const name = `bad-${seed.toString(36)}-${i.toString(36)}`;
    const template = pick(r, templates(name));
    yield { ...generator.make(r, template, name), kind: generator.kind };
  }
}

/** The classes of the corpus, in the order reports list them. */
export const corpusKinds: readonly string[] = generators.map((g) => g.kind);
