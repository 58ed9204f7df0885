// M watches on the ConfigMaps of K units (watcher j watches unit j mod K), each started from
// its own LIST's resourceVersion as an informer would, feeding the ledger.
import type { WatchEvent } from '../../suites/framework/http/watch.js';
import { configMapsPath, type BenchUnit } from '../api-throughput/bench-units.js';
import { runClosedLoop } from '../framework/load.js';
import { drainWatch, type Drain } from './drain-watch.js';
import type { EventLedger } from './event-ledger.js';
import { NAME_PREFIX, type EventType } from './write-plan.js';

const EVENT_TYPES: readonly string[] = ['ADDED', 'MODIFIED', 'DELETED'] satisfies EventType[];

interface ObjectMeta {
  metadata?: { name?: string; resourceVersion?: string };
}

export interface Watchers {
  /** Watch failures and ERROR events, by short reason. */
  errors: Record<string, number>;
  stop(): Promise<void>;
}

/** The watcher ids assigned to unit index `workspace`. */
export function watchersOfWorkspace(workspace: number, watchers: number, workspaces: number): number[] {
  return Array.from({ length: watchers }, (_, id) => id).filter((id) => id % workspaces === workspace);
}

/**
 * Watches opened at a time: each is a LIST then a watch on a TLS connection of its own, and
 * thousands of simultaneous handshakes would time out on the client before the server is slow.
 */
const OPEN_CONCURRENCY = 64;

export async function openWatchers(
  workspaces: readonly BenchUnit[],
  count: number,
  ledger: EventLedger,
  signal: AbortSignal,
  onOpened?: (opened: number) => void,
): Promise<Watchers> {
  const errors: Record<string, number> = {};
  const drains: Drain[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(drains.map((drain) => drain.stop()));
    for (const drain of drains) if (drain.failure) errors['watch ended'] = (errors['watch ended'] ?? 0) + 1;
  };
  try {
    let opened = 0;
    let failure: unknown;
    await runClosedLoop(
      Array.from({ length: count }, (_, id) => id),
      OPEN_CONCURRENCY,
      async (id) => {
        if (failure !== undefined) return;
        try {
          drains.push(await openOne(workspaces, id, ledger, errors, signal));
          onOpened?.((opened += 1));
        } catch (error) {
          failure ??= error;
        }
      },
      signal,
    );
    if (failure !== undefined) throw failure;
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { errors, stop: stopAll };
}

/** LIST then watch from the list's resourceVersion, as an informer starts. */
async function openOne(
  workspaces: readonly BenchUnit[],
  id: number,
  ledger: EventLedger,
  errors: Record<string, number>,
  signal: AbortSignal,
): Promise<Drain> {
  const workspace = workspaces[id % workspaces.length];
  if (!workspace) throw new Error('no units to watch');
  const configMaps = configMapsPath(workspace);
  const list = await workspace.client.get<{ metadata: { resourceVersion: string } }>(configMaps, {
    signal,
  });
  if (list.status !== 200)
    throw new Error(`listing ConfigMaps in ${workspace.describe}: HTTP ${list.status}`);
  const stream = await workspace.client.watch({
    path: configMaps,
    resourceVersion: list.body.metadata.resourceVersion,
    // Counted below rather than thrown: the scenario reports ERROR events by kind.
    errorEvents: 'deliver',
    signal,
  });
  return drainWatch(stream, (raw, at) => {
    const event = raw as WatchEvent<ObjectMeta>;
    if (event.type === 'ERROR') errors['watch ERROR event'] = (errors['watch ERROR event'] ?? 0) + 1;
    const name = event.object.metadata?.name;
    if (!EVENT_TYPES.includes(event.type) || !name?.startsWith(NAME_PREFIX)) return;
    ledger.receive(
      id,
      {
        workspace: workspace.name,
        name,
        type: event.type as EventType,
        resourceVersion: event.object.metadata?.resourceVersion,
      },
      at,
    );
  });
}
