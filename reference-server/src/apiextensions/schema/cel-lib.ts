// The CEL environment of x-kubernetes-validations: the standard library of @bufbuild/cel, its
// `strings` extension (lowerAscii, upperAscii, indexOf, replace, split, ...), and the cheap
// parts of Kubernetes' own libraries: list functions (isSorted, sum, min, max, indexOf,
// lastIndexOf), regex find/findAll, and the optional-value methods used with optionalOldSelf.
// Functions of the other Kubernetes libraries (quantity, url, ip/cidr, semver, format,
// authorizer...) are known by name so a rule using them is refused at CRD write time with a
// clear message rather than failing at run time.

import {
  CelScalar,
  celEnv,
  celList,
  celMethod,
  isCelList,
  isCelMap,
  listType,
  type CelEnv,
  type CelFunc,
  type CelValue,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { compilePattern } from './regex.js';

/** The value bound to `oldSelf` for an optionalOldSelf rule without an old value. */
export const OPTIONAL_NONE = new Map<string, boolean>([['\u0000optional.none', true]]);
const NONE_KEY = '\u0000optional.none';

function isNone(v: CelValue): boolean {
  return isCelMap(v) && v.get(NONE_KEY) === true;
}

function compare(a: CelValue, b: CelValue): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw new Error('no such overload');
}

function items(list: CelValue): CelValue[] {
  if (!isCelList(list)) throw new Error('no such overload');
  return [...list];
}

function equal(a: CelValue, b: CelValue): boolean {
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    return Number(a) === Number(b);
  }
  return a === b;
}

const LIST = listType(CelScalar.DYN);

const kubernetesFuncs: CelFunc[] = [
  celMethod('isSorted', LIST, [], CelScalar.BOOL, function () {
    const xs = items(this);
    for (let i = 1; i < xs.length; i++) if (compare(xs[i - 1]!, xs[i]!) > 0) return false;
    return true;
  }),
  celMethod('sum', LIST, [], CelScalar.DYN, function () {
    const xs = items(this);
    if (xs.every((x) => typeof x === 'bigint')) return (xs as bigint[]).reduce((a, b) => a + b, 0n);
    return xs.reduce<number>((a, b) => a + Number(b), 0);
  }),
  celMethod('min', LIST, [], CelScalar.DYN, function () {
    const xs = items(this);
    if (!xs.length) throw new Error('min called on empty list');
    return xs.reduce((a, b) => (compare(b, a) < 0 ? b : a)) as never;
  }),
  celMethod('max', LIST, [], CelScalar.DYN, function () {
    const xs = items(this);
    if (!xs.length) throw new Error('max called on empty list');
    return xs.reduce((a, b) => (compare(b, a) > 0 ? b : a)) as never;
  }),
  celMethod('indexOf', LIST, [CelScalar.DYN], CelScalar.INT, function (x) {
    return BigInt(items(this).findIndex((y) => equal(y, x)));
  }),
  celMethod('lastIndexOf', LIST, [CelScalar.DYN], CelScalar.INT, function (x) {
    const xs = items(this);
    for (let i = xs.length - 1; i >= 0; i--) if (equal(xs[i]!, x)) return BigInt(i);
    return -1n;
  }),
  celMethod('find', CelScalar.STRING, [CelScalar.STRING], CelScalar.STRING, function (pattern) {
    const re = compilePattern(pattern);
    if (!re) throw new Error(`invalid regex: ${pattern}`);
    return this.match(re)?.[0] ?? '';
  }),
  celMethod('findAll', CelScalar.STRING, [CelScalar.STRING], LIST, function (pattern) {
    const re = compilePattern(pattern);
    if (!re) throw new Error(`invalid regex: ${pattern}`);
    return celList([...this.matchAll(new RegExp(re.source, 'g'))].map((m) => m[0]));
  }),
  celMethod('findAll', CelScalar.STRING, [CelScalar.STRING, CelScalar.INT], LIST, function (pattern, n) {
    const re = compilePattern(pattern);
    if (!re) throw new Error(`invalid regex: ${pattern}`);
    const all = [...this.matchAll(new RegExp(re.source, 'g'))].map((m) => m[0]);
    return celList(n < 0n ? all : all.slice(0, Number(n)));
  }),
  // optionalOldSelf: `oldSelf.hasValue()`, `oldSelf.value()`, `oldSelf.orValue(x)`.
  celMethod('hasValue', CelScalar.DYN, [], CelScalar.BOOL, function () {
    return !isNone(this);
  }),
  celMethod('value', CelScalar.DYN, [], CelScalar.DYN, function () {
    if (isNone(this)) throw new Error('optional.none() dereference');
    return this as never;
  }),
  celMethod('orValue', CelScalar.DYN, [CelScalar.DYN], CelScalar.DYN, function (x) {
    return (isNone(this) ? x : this) as never;
  }),
];

/** Names every rule may call: the standard library, the strings extension and the above. */
export const SUPPORTED_FUNCTIONS = new Set<string>([
  // standard library
  'size',
  'int',
  'uint',
  'double',
  'string',
  'bytes',
  'bool',
  'dyn',
  'type',
  'duration',
  'timestamp',
  'matches',
  'contains',
  'startsWith',
  'endsWith',
  'getFullYear',
  'getMonth',
  'getDate',
  'getDayOfMonth',
  'getDayOfYear',
  'getDayOfWeek',
  'getHours',
  'getMinutes',
  'getSeconds',
  'getMilliseconds',
  // strings extension
  ...strings.map((f) => f.name),
  // Kubernetes additions implemented here
  ...kubernetesFuncs.map((f) => f.name),
]);

/** Functions of Kubernetes' CEL libraries that this server does not implement. */
export const UNSUPPORTED_KUBERNETES_FUNCTIONS = new Set<string>([
  'quantity',
  'isQuantity',
  'url',
  'isURL',
  'getScheme',
  'getHost',
  'getHostname',
  'getPort',
  'getEscapedPath',
  'getQuery',
  'ip',
  'isIP',
  'cidr',
  'isCIDR',
  'family',
  'isUnspecified',
  'isLoopback',
  'isLinkLocalMulticast',
  'isLinkLocalUnicast',
  'isGlobalUnicast',
  'containsIP',
  'containsCIDR',
  'prefixLength',
  'masked',
  'semver',
  'isSemver',
  'isGreaterThan',
  'isLessThan',
  'compareTo',
  'asInteger',
  'asApproximateFloat',
  'isInteger',
  'sign',
  'add',
  'sub',
  'named',
  'validate',
  'authorizer',
  'path',
  'group',
  'resource',
  'check',
  'allowed',
  'reason',
  'errored',
  'error',
  'serviceAccount',
  'fieldSelector',
  'labelSelector',
  'setsIntersect',
  'sets.contains',
  'sets.equivalent',
  'sets.intersects',
  'base64.encode',
  'base64.decode',
  'strings.quote',
  'lists.range',
  'math.greatest',
  'math.least',
  'math.abs',
  'math.ceil',
  'math.floor',
  'math.round',
  'math.sign',
  'math.trunc',
]);

let shared: CelEnv | undefined;

/** One environment for every rule (variables are bound per evaluation). */
export function celEnvironment(): CelEnv {
  shared ??= celEnv({
    variables: { self: CelScalar.DYN, oldSelf: CelScalar.DYN },
    funcs: [...strings, ...kubernetesFuncs],
  });
  return shared;
}
