// `pattern` is a Go RE2 regular expression in Kubernetes. JavaScript's RegExp accepts a
// superset of the common syntax; this module refuses the Perl-only constructs RE2 rejects
// and words syntax errors like Go's regexp/syntax does, for the common cases.

const cache = new Map<string, RegExp | null>();

/** The compiled pattern, or null when it is not a valid RE2 expression. Cached process-wide. */
export function compilePattern(pattern: string): RegExp | null {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = regexSyntaxError(pattern) ? null : toJsRegExp(pattern);
    if (cache.size > 10_000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

function toJsRegExp(pattern: string): RegExp | null {
  try {
    // RE2 `(?P<name>...)` is JS `(?<name>...)`; `\z` is JS `$` without the m flag.
    return new RegExp(pattern.replace(/\(\?P</g, '(?<').replace(/\\z/g, '$'));
  } catch {
    return null;
  }
}

/** Go's `error parsing regexp: ...` text, or undefined when the pattern compiles. */
export function regexSyntaxError(pattern: string): string | undefined {
  const perl = pattern.match(/\(\?<?[=!]/);
  if (perl) return `error parsing regexp: invalid or unsupported Perl syntax: \`${perl[0]}\``;
  const backref = pattern.match(/\\[1-9]/);
  if (backref) return `error parsing regexp: invalid escape sequence: \`${backref[0]}\``;
  try {
    new RegExp(pattern.replace(/\(\?P</g, '(?<').replace(/\\z/g, '$'));
    return undefined;
  } catch (err) {
    const msg = String((err as Error).message);
    if (/Unterminated group/.test(msg)) return `error parsing regexp: missing closing ): \`${pattern}\``;
    if (/Unmatched '\)'/.test(msg)) return `error parsing regexp: unexpected ): \`${pattern}\``;
    if (/Unterminated character class/.test(msg)) {
      return `error parsing regexp: missing closing ]: \`${pattern.slice(pattern.lastIndexOf('['))}\``;
    }
    if (/Nothing to repeat/.test(msg)) {
      const op = pattern.match(/(?:^|[(|])([*+?])/)?.[1] ?? '*';
      return `error parsing regexp: missing argument to repetition operator: \`${op}\``;
    }
    return `error parsing regexp: invalid syntax: \`${pattern}\``;
  }
}
