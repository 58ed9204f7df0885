// What GET and LIST read: one ConfigMap to GET and a few to LIST in every bench workspace,
// created before the clock starts.
import type { BenchWorkspace } from './bench-workspaces.js';
import { CONFIGMAPS_PATH, configMap, GET_TARGET, LIST_SEED_COUNT } from './operations.js';

export async function seedWorkspaces(
  workspaces: readonly BenchWorkspace[],
  signal?: AbortSignal,
): Promise<void> {
  const names = [GET_TARGET, ...Array.from({ length: LIST_SEED_COUNT - 1 }, (_, i) => `kh-bench-list-${i}`)];
  await Promise.all(
    workspaces.flatMap((workspace) =>
      names.map(async (name) => {
        const response = await workspace.client.post(CONFIGMAPS_PATH, configMap(name, { seeded: 'true' }), {
          signal,
        });
        if (response.status !== 201) {
          throw new Error(
            `seeding ConfigMap ${name} in ${workspace.path}: HTTP ${response.status} ${response.text}`,
          );
        }
      }),
    ),
  );
}
