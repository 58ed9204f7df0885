// Which workspaces a run creates, below the bench parent: a flat list, or a tree whose every
// workspace has `fanout` children down to `depth` levels. A planned workspace knows its
// children so the driver can start them once it is usable.

export interface PlannedWorkspace {
  /** Names from the bench parent down, e.g. ["t-2", "t-0"] for <parent>:t-2:t-0. */
  segments: string[];
  children: PlannedWorkspace[];
}

/** ws-<from> … ws-<to − 1>: flat, numbered so a later step can continue where one ended. */
export function flatPlan(from: number, to: number): PlannedWorkspace[] {
  const plan: PlannedWorkspace[] = [];
  for (let index = from; index < to; index += 1) plan.push({ segments: [`ws-${index}`], children: [] });
  return plan;
}

/** The first level of a tree; deeper levels hang off `children`. */
export function treePlan(depth: number, fanout: number, above: string[] = []): PlannedWorkspace[] {
  if (depth <= 0) return [];
  return Array.from({ length: fanout }, (_, index) => {
    const segments = [...above, `t-${index}`];
    return { segments, children: treePlan(depth - 1, fanout, segments) };
  });
}

/** Every workspace of a plan, parents before children. */
export function flatten(plan: readonly PlannedWorkspace[]): PlannedWorkspace[] {
  const all: PlannedWorkspace[] = [];
  const queue = [...plan];
  for (let node = queue.shift(); node; node = queue.shift()) {
    all.push(node);
    queue.push(...node.children);
  }
  return all;
}
