// How Kubernetes exposes object properties to CEL (apiserver/pkg/cel/escaping.go): a property
// whose name is a CEL reserved word is `__<word>__`, and `__`, `.`, `-` and `/` inside a name are
// `__underscores__`, `__dot__`, `__dash__` and `__slash__`. Map keys (additionalProperties) are
// not escaped. So `has(self.__namespace__)` reads the property `namespace`.

const reserved = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function',
  'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]); // prettier-ignore

export function escapeCELName(name: string): string {
  if (reserved.has(name)) return `__${name}__`;
  return name
    .replaceAll('__', '__underscores__')
    .replaceAll('.', '__dot__')
    .replaceAll('-', '__dash__')
    .replaceAll('/', '__slash__');
}

/** The declared property a CEL field name refers to, if any. */
export function propertyForCELName<T>(
  properties: Record<string, T> | undefined,
  field: string,
): T | undefined {
  if (!properties) return undefined;
  if (field in properties && escapeCELName(field) === field) return properties[field];
  for (const [name, prop] of Object.entries(properties)) if (escapeCELName(name) === field) return prop;
  return undefined;
}
