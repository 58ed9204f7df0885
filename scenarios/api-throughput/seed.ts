// What the measured operations read and rewrite: one ConfigMap to GET and a few more to LIST
// (UPDATE and PATCH rewrite those) in every bench unit, created before the clock starts. The
// server adds kube-root-ca.crt to every namespace on its own (kcp and our server when the
// workspace is made, kube-controller-manager a moment after a namespace is), so LIST is timed
// only once every unit holds it too, or the wait for it ran out (then the result says so).
import { eventually } from '../../suites/framework/eventually.js';
import { configMapsPath, type BenchUnit } from './bench-units.js';
import { configMap, LIST_SEED_COUNT, seededName } from './operations.js';

/** The seeded ConfigMaps plus kube-root-ca.crt. */
export const EXPECTED_LIST_SIZE = LIST_SEED_COUNT + 1;
/** How long kube-root-ca.crt is waited for in a new namespace. */
const LIST_SIZE_WAIT_MS = 15_000;

export async function seedUnits(units: readonly BenchUnit[], signal?: AbortSignal): Promise<void> {
  const names = Array.from({ length: LIST_SEED_COUNT }, (_, i) => seededName(i));
  await Promise.all(
    units.flatMap((unit) =>
      names.map(async (name) => {
        const response = await unit.client.post(configMapsPath(unit), configMap(name, { seeded: 'true' }), {
          signal,
        });
        if (response.status !== 201) {
          throw new Error(
            `seeding ConfigMap ${name} in ${unit.describe}: HTTP ${response.status} ${response.text}`,
          );
        }
      }),
    ),
  );
}

/** Items a LIST of each unit's ConfigMaps returns. */
async function listSizes(units: readonly BenchUnit[], signal?: AbortSignal): Promise<number[]> {
  return Promise.all(
    units.map(async (unit) => {
      const response = await unit.client.get<{ items?: unknown[] }>(configMapsPath(unit), { signal });
      if (response.status !== 200)
        throw new Error(`listing ConfigMaps in ${unit.describe}: HTTP ${response.status}`);
      return response.body.items?.length ?? 0;
    }),
  );
}

/**
 * Waits until every unit's LIST returns EXPECTED_LIST_SIZE items. Returns the sizes seen
 * (smallest and largest) and, when they are not what is expected, a line for the notes.
 */
export async function awaitListSize(
  units: readonly BenchUnit[],
  signal?: AbortSignal,
): Promise<{ min: number; max: number; note?: string }> {
  let sizes: number[] = [];
  const done = await eventually(
    async () => {
      sizes = await listSizes(units, signal);
      if (sizes.some((size) => size !== EXPECTED_LIST_SIZE))
        throw new Error(`LIST sizes ${sizes.join(', ')}`);
      return true;
    },
    { timeoutMs: LIST_SIZE_WAIT_MS, intervalMs: 250, consecutive: 1, signal },
  ).catch((error: unknown) => {
    signal?.throwIfAborted();
    if (sizes.length === 0) throw error;
    return false;
  });
  const min = Math.min(...sizes);
  const max = Math.max(...sizes);
  if (done) return { min, max };
  return {
    min,
    max,
    note: `LIST returned ${min === max ? min : `${min} to ${max}`} ConfigMaps per unit, not the ${EXPECTED_LIST_SIZE} expected (${LIST_SEED_COUNT} seeded plus kube-root-ca.crt), after waiting ${LIST_SIZE_WAIT_MS / 1000} s: the server publishes no kube-root-ca.crt here (is kube-controller-manager running?)`,
  };
}
