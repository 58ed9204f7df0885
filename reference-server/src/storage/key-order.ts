// Key order shared by the stores: Unicode code point order, which is SQLite's BINARY collation
// over UTF-8, so paging is identical whichever store serves it.

/**
 * Orders strings by Unicode code point, which is how SQLite (BINARY collation over UTF-8)
 * orders them. Plain `<` compares UTF-16 code units and puts U+E000..U+FFFF after astral
 * characters; matching SQLite keeps paging identical across stores.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return codePointRank(ca) - codePointRank(cb);
  }
  return a.length - b.length;
}

// Moves surrogates (which encode code points above U+FFFF) after U+E000..U+FFFF.
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/**
 * The smallest string greater than every string starting with `prefix`, in SQLite's order, or
 * undefined when there is none ('' or only U+10FFFF). SQLite's BINARY collation compares UTF-8
 * bytes, i.e. code points, so the last code point (not UTF-16 code unit, which would be wrong
 * for a prefix ending in an astral character) is incremented, skipping the surrogate range.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const codePoints = Array.from(prefix);
  while (codePoints.length > 0) {
    const last = codePoints.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return codePoints.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}
