// Escaping for XML and HTML output. Error messages and server output end up in both, and they
// can hold anything: markup characters, and control characters that XML 1.0 forbids outright.

// XML 1.0 allows only tab, LF and CR below 0x20; a junit.xml with any other is unparsable.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeMarkup(text: string): string {
  return text.replace(FORBIDDEN_XML_CHARS, '\uFFFD').replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}
