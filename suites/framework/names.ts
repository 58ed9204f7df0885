// Names for objects the harness creates. They are DNS-1123 labels (the strictest rule any of
// them must follow: namespace names), carry the "kh-" prefix so leftovers are recognisable, and
// end in a random suffix so reruns and parallel runs never collide.
import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MAX_LABEL = 63;

export function randomSuffix(length = 5): string {
  let suffix = '';
  for (let i = 0; i < length; i += 1) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return suffix;
}

/** Lower-cases, replaces anything outside [a-z0-9-] with '-', and trims to fit maxLength. */
function label(text: string, maxLength: number): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-');
  return cleaned.slice(0, maxLength).replace(/^-+|-+$/g, '');
}

/** `<prefix>-<random5>`, at most 63 characters. */
export function uniqueName(prefix: string): string {
  const suffix = randomSuffix();
  const head = label(prefix, MAX_LABEL - suffix.length - 1) || 'kh';
  return `${head}-${suffix}`;
}

/** `kh-<short test id>-<random5>`; the short id is the part after the area. */
export function testNamespaceName(testId: string): string {
  const short = testId.split('/').slice(1).join('-') || testId;
  return uniqueName(`kh-${short}`);
}

/**
 * The name of a test's own workspace. Workspace names follow the same DNS-1123 label rule as
 * namespace names (kcp: config/crds/tenancy.kcp.io_workspaces.yaml), so the same shape works and
 * a reader can match a kept workspace to its test by eye.
 */
export function testWorkspaceName(testId: string): string {
  return testNamespaceName(testId);
}

/** `kh-run-<run id>`: the run-scoped parent workspace every test workspace lives under. */
export function runWorkspaceName(runId: string): string {
  const name = label(`kh-run-${runId}`, MAX_LABEL);
  if (name !== `kh-run-${runId}`) throw new Error(`run id "${runId}" does not fit a workspace name`);
  return name;
}
