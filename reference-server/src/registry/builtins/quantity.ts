// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): parsing, sign and
// integrality checks, and the canonical string Go writes back ("1.5" → "1500m", "2048Ki" →
// "2Mi"). Values are kept exact as a BigInt count of nano-units, which covers every quantity
// quota validation meets; the exponent form ("1e3") is written back as given.

export const quantityPattern = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const quantityRegexp = new RegExp(quantityPattern);

export interface Quantity {
  /** The value in units of 10^-9. */
  nanos: bigint;
  format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
  /** The text as given, for the exponent form. */
  text: string;
}

const decimalSuffixes: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const nanosPerUnit = 10n ** 9n;

/** Parses a quantity; undefined when Go's resource.ParseQuantity would refuse it. */
export function parseQuantity(input: string | number): Quantity | undefined {
  const text = String(input);
  const m = quantityRegexp.exec(text);
  if (!m) return undefined;
  const [, numberPart = '', suffix = ''] = m;
  const number = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(numberPart);
  if (!number || (number[2] === '' && (number[3] ?? '') === '')) return undefined;
  const negative = number[1] === '-';
  const whole = number[2] || '0';
  const fraction = number[3] ?? '';
  // digits × 10^-fraction.length, then the suffix's scale.
  let mantissa = BigInt(whole + fraction);
  let tenPower = -fraction.length;
  let twoPower = 0;
  let format: Quantity['format'];
  if (suffix in decimalSuffixes) {
    format = 'DecimalSI';
    tenPower += decimalSuffixes[suffix]!;
  } else if (suffix in binarySuffixes) {
    format = 'BinarySI';
    twoPower = binarySuffixes[suffix]!;
  } else {
    const exp = /^[eE]([-+]?\d+)$/.exec(suffix);
    if (!exp) return undefined;
    format = 'DecimalExponent';
    tenPower += Number(exp[1]);
  }
  mantissa *= 2n ** BigInt(twoPower);
  // Go rounds up below nano precision.
  const shift = tenPower + 9;
  let nanos: bigint;
  if (shift >= 0) nanos = mantissa * 10n ** BigInt(shift);
  else {
    const div = 10n ** BigInt(-shift);
    nanos = mantissa / div + (mantissa % div === 0n ? 0n : 1n);
  }
  return { nanos: negative ? -nanos : nanos, format, text };
}

/** Quantity.String(): the canonical text. */
export function canonicalQuantity(q: Quantity): string {
  if (q.format === 'DecimalExponent') return q.text;
  const sign = q.nanos < 0n ? '-' : '';
  const abs = q.nanos < 0n ? -q.nanos : q.nanos;
  if (abs === 0n) return '0';
  if (q.format === 'BinarySI' && abs % nanosPerUnit === 0n) {
    let units = abs / nanosPerUnit;
    const suffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
    let i = 0;
    while (i < suffixes.length - 1 && units % 1024n === 0n) {
      units /= 1024n;
      i++;
    }
    // Go writes small binary values without a suffix only below 1024; larger plain numbers stay decimal.
    if (i > 0 || units < 1024n) return `${sign}${units}${suffixes[i]}`;
  }
  const suffixes: [number, string][] = [
    [18, 'E'],
    [15, 'P'],
    [12, 'T'],
    [9, 'G'],
    [6, 'M'],
    [3, 'k'],
    [0, ''],
    [-3, 'm'],
    [-6, 'u'],
    [-9, 'n'],
  ];
  for (const [exp, suffix] of suffixes) {
    const scale = 10n ** BigInt(exp + 9);
    if (abs % scale === 0n) return `${sign}${abs / scale}${suffix}`;
  }
  return `${sign}${abs}n`;
}

export function isNegative(q: Quantity): boolean {
  return q.nanos < 0n;
}

/** True when the value is a whole number (MilliValue() % 1000 == 0). */
export function isWhole(q: Quantity): boolean {
  return q.nanos % nanosPerUnit === 0n;
}

/** The value in whole units, for object counts. */
export function quantityUnits(q: Quantity): bigint {
  return q.nanos / nanosPerUnit;
}
