// Go's encoding/json (and sigs.k8s.io/json, which kube-apiserver decodes with) refuses input
// nested deeper than 10000 levels. Node cannot go that deep: with its default stack JSON.parse
// overflows near 5000 nested objects and structuredClone near 2000, so the limit here is 1000
// (no real object comes near either). Checked on the text before parsing, in one pass without
// recursion, so nothing after it can be driven into a stack overflow by a client.

export const maxJSONDepth = 1000;

/** True when `text` opens more than `max` arrays or objects inside one another. */
export function jsonTooDeep(text: string, max = maxJSONDepth): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
