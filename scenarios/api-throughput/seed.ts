// What the measured operations read and rewrite: one ConfigMap to GET and a few more to LIST
// (UPDATE and PATCH rewrite those) in every bench workspace, created before the clock starts.
import type { BenchWorkspace } from './bench-workspaces.js';
import { CONFIGMAPS_PATH, configMap, LIST_SEED_COUNT, seededName } from './operations.js';

export async function seedWorkspaces(
  workspaces: readonly BenchWorkspace[],
  signal?: AbortSignal,
): Promise<void> {
  const names = Array.from({ length: LIST_SEED_COUNT }, (_, i) => seededName(i));
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
