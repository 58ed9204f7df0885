// Part b's samples as result figures: RSS at the three stages, what creating a workspace cost,
// what loading its RBAC into the authorizer cost on top (per cached workspace), and the cache
// gauges that say how many workspaces were in fact cached.
import type { ResultBuilder } from '../framework/result-builder.js';
import type { CacheMemoryRun, MemoryPoint } from './cache-memory.js';

export function recordCacheMemory(result: ResultBuilder, run: CacheMemoryRun): void {
  for (const line of run.notes) result.note(line);
  for (const [key, count] of Object.entries(run.errors)) result.error(key, count);
  result.metric('cache.workspacesReady', run.workspacesReady, 'workspaces', 'higher');
  result.metric('cache.workspacesTouched', run.touched, 'workspaces', 'higher');
  const { beforeCreate, afterCreate, afterTouch } = run;
  const rss = (name: string, point: MemoryPoint | undefined): void => {
    if (point) result.metric(`cache.rss.${name}`, point.rssBytes, 'bytes', 'lower');
  };
  rss('beforeCreate', beforeCreate);
  rss('afterCreate', afterCreate);
  rss('afterTouch', afterTouch);
  for (const [name, point] of [
    ['afterCreate', afterCreate],
    ['afterTouch', afterTouch],
  ] as const) {
    const cache = point?.server.cache;
    if (!cache) continue;
    result.metric(`cache.entries.${name}`, cache.entries, 'entries', 'lower');
    result.metric(`cache.objects.${name}`, cache.objects, 'objects', 'lower');
  }
  if (beforeCreate && afterCreate && run.workspacesReady > 0) {
    result.metric(
      'cache.rssPerWorkspaceCreated',
      Math.round((afterCreate.rssBytes - beforeCreate.rssBytes) / run.workspacesReady),
      'bytes',
      'lower',
    );
  }
  if (!afterCreate || !afterTouch) return;
  result.metric('cache.rssIncreaseAfterTouch', afterTouch.rssBytes - afterCreate.rssBytes, 'bytes', 'lower');
  const [before, after] = [afterCreate.server.cache, afterTouch.server.cache];
  // The gauges say how many workspaces the touches really added; without them (kcp), every
  // workspace touched counts as one, which is all a client can know.
  const cached = before && after ? after.entries - before.entries : run.touched;
  result.note(
    before && after
      ? `cached workspaces: cache entries after touching minus before (${after.entries} − ${before.entries}); ` +
          `hits ${after.hits - before.hits}, misses ${after.misses - before.misses} in between`
      : `cached workspaces: the ${run.touched} workspaces touched (the target's /metrics has no kcp_harness_authorization_cache_* gauges; ` +
          `a server whose RBAC lives in informers, as kcp's, holds every workspace's RBAC whether it was touched or not, ` +
          'so there the difference is mostly other per-request state)',
  );
  if (cached <= 0) {
    result.note('no workspace was added to the cache by touching: bytes per cached workspace not computed');
    return;
  }
  result.metric(
    'cache.rssPerCachedWorkspace',
    Math.round((afterTouch.rssBytes - afterCreate.rssBytes) / cached),
    'bytes',
    'lower',
  );
  const [heapBefore, heapAfter] = [afterCreate.server.heapOldBytes, afterTouch.server.heapOldBytes];
  if (heapBefore !== undefined && heapAfter !== undefined) {
    result.metric(
      'cache.heapPerCachedWorkspace',
      Math.round((heapAfter - heapBefore) / cached),
      'bytes',
      'lower',
    );
    result.note(
      'cache.heapPerCachedWorkspace: difference over the same interval of nodejs_heap_space_size_used_bytes outside the young generation ' +
        '(new_space), where long-lived objects such as cache entries end up; RSS hardly moves when the heap already has room (pages it took earlier and kept), ' +
        'this does, though it still counts older garbage no full GC has reclaimed yet',
    );
  }
}
