// What the scenario reads from the target's top-level /metrics: the reference server's
// authorizer histogram and policy-cache figures (kcp_harness_authorization_*, see
// reference-server/src/metrics.ts) and Node's heap. Other targets (kcp) expose none of these, or
// refuse /metrics to the caller; the scenario then measures from the client side only and says so.
import type { ClusterClient } from '../../suites/framework/http/client.js';
import {
  parseSamples,
  readHistogram,
  sumOf,
  type HistogramSnapshot,
  type Sample,
} from './prometheus-text.js';

export const AUTHORIZATION_DURATION = 'kcp_harness_authorization_duration_seconds';
export const CACHE_METRICS = {
  entries: 'kcp_harness_authorization_cache_entries',
  objects: 'kcp_harness_authorization_cache_objects',
  hits: 'kcp_harness_authorization_cache_hits_total',
  misses: 'kcp_harness_authorization_cache_misses_total',
} as const;
const HEAP_SPACE_USED = 'nodejs_heap_space_size_used_bytes';
/**
 * V8's young generation, where short-lived request garbage sits until the next scavenge
 * (prom-client names the spaces without V8's _space suffix: new, new_large_object, old, ...).
 */
const YOUNG_SPACES = new Set(['new', 'new_large_object']);

export interface CacheFigures {
  entries: number;
  objects: number;
  hits: number;
  misses: number;
}

export interface ServerFigures {
  /** The authorizer histogram, summed over decisions; undefined when the target has none. */
  authorization?: HistogramSnapshot;
  cache?: CacheFigures;
  /**
   * Node's used heap outside the young generation, when the target is a Node process exporting
   * it: long-lived objects such as cache entries, without most of the garbage requests leave.
   */
  heapOldBytes?: number;
}

export type Scrape = { figures: ServerFigures } | { unavailable: string };

function cacheFigures(samples: readonly Sample[]): CacheFigures | undefined {
  const entries = sumOf(samples, CACHE_METRICS.entries);
  if (entries === undefined) return undefined;
  return {
    entries,
    objects: sumOf(samples, CACHE_METRICS.objects) ?? 0,
    hits: sumOf(samples, CACHE_METRICS.hits) ?? 0,
    misses: sumOf(samples, CACHE_METRICS.misses) ?? 0,
  };
}

/** server: a client at the bare server URL (/metrics is shard-level, not per workspace). */
export async function scrapeServer(server: ClusterClient, signal?: AbortSignal): Promise<Scrape> {
  try {
    const response = await server.get('/metrics', { signal, headers: { accept: 'text/plain' } });
    if (response.status !== 200) return { unavailable: `GET ${response.url} answered ${response.status}` };
    const samples = parseSamples(response.text);
    const authorization = readHistogram(samples, AUTHORIZATION_DURATION);
    const cache = cacheFigures(samples);
    const oldSpaces = samples.filter(
      (sample) => sample.name === HEAP_SPACE_USED && !YOUNG_SPACES.has(sample.labels.space ?? ''),
    );
    const heapOldBytes = oldSpaces.length > 0 ? sumOf(oldSpaces, HEAP_SPACE_USED) : undefined;
    return {
      figures: {
        ...(authorization ? { authorization } : {}),
        ...(cache ? { cache } : {}),
        ...(heapOldBytes !== undefined ? { heapOldBytes } : {}),
      },
    };
  } catch (error) {
    if (signal?.aborted) throw error;
    return { unavailable: `GET /metrics failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The figures of a scrape, or nothing when /metrics could not be read. */
export const figuresOf = (scrape: Scrape): ServerFigures => ('figures' in scrape ? scrape.figures : {});
