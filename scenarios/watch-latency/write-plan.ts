// Which writes the writer makes, as data: write i goes to workspace i mod K, and each
// workspace cycles create → update → delete over its own ConfigMaps, so every kind of watch
// event (ADDED, MODIFIED, DELETED) is measured and every name is deleted at most once.

export type WriteVerb = 'create' | 'update' | 'delete';
export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface PlannedWrite {
  index: number;
  /** Index into the bench workspaces. */
  workspace: number;
  verb: WriteVerb;
  /** ConfigMap name, unique within its workspace. */
  name: string;
}

export const NAME_PREFIX = 'kh-watch-';
const CYCLE: readonly WriteVerb[] = ['create', 'update', 'delete'];

export const EVENT_OF: Readonly<Record<WriteVerb, EventType>> = {
  create: 'ADDED',
  update: 'MODIFIED',
  delete: 'DELETED',
};

export function planWrites(total: number, workspaces: number): PlannedWrite[] {
  return Array.from({ length: total }, (_, index) => {
    const step = Math.floor(index / workspaces);
    return {
      index,
      workspace: index % workspaces,
      verb: CYCLE[step % CYCLE.length] ?? 'create',
      name: `${NAME_PREFIX}${Math.floor(step / CYCLE.length)}`,
    };
  });
}
