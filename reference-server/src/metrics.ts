// Prometheus metrics of the server: prom-client's process metrics (process_resident_memory_bytes
// among them), request counters named like kube-apiserver's, and the harness's own figures on
// authorization (kcp_harness_authorization_*), which the `authorization` bench scenario reads.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PolicyCacheStats } from './authz/policy-cache.js';

export interface ServerMetrics {
  registry: Registry;
  requests: Counter<'verb' | 'group' | 'resource' | 'subresource' | 'code'>;
  duration: Histogram<'verb' | 'group' | 'resource'>;
  /** Time one request spends in the authorizer, by its decision (allow, deny, no-opinion). */
  authorizationDuration: Histogram<'decision'>;
}

/**
 * A warm authorization is a few map lookups (microseconds) and a cold one a few store reads
 * (milliseconds), so the buckets run from 5 µs to 50 ms in steps of about 1.5×; the apiserver's
 * request buckets start at 1 ms and would put every warm decision in the first one.
 */
export const authorizationDurationBuckets = [
  5e-6, 7.5e-6, 1e-5, 1.5e-5, 2e-5, 3e-5, 5e-5, 7.5e-5, 1e-4, 1.5e-4, 2e-4, 3e-4, 5e-4, 7.5e-4, 1e-3, 1.5e-3,
  2e-3, 3e-3, 5e-3, 7.5e-3, 1e-2, 1.5e-2, 2e-2, 3e-2, 5e-2,
];

export function createMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'apiserver_request_total',
    help: 'Counter of apiserver requests broken out for each verb, API group, resource, subresource and HTTP response code.',
    labelNames: ['verb', 'group', 'resource', 'subresource', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'apiserver_request_duration_seconds',
    help: 'Response latency distribution in seconds for each verb, group and resource.',
    labelNames: ['verb', 'group', 'resource'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const authorizationDuration = new Histogram({
    name: 'kcp_harness_authorization_duration_seconds',
    help: 'Time the authorizer takes to decide one request, by decision.',
    labelNames: ['decision'] as const,
    buckets: authorizationDurationBuckets,
    registers: [registry],
  });
  return { registry, requests, duration, authorizationDuration };
}

/**
 * The authorizer's per-logical-cluster policy cache, read at every scrape (nothing is counted
 * twice: the cache keeps the figures, the metrics only show them).
 */
export function registerAuthorizationCacheMetrics(registry: Registry, stats: () => PolicyCacheStats): void {
  const gauge = (name: string, help: string, value: (s: PolicyCacheStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(value(stats()));
      },
    });
  const counter = (name: string, help: string, value: (s: PolicyCacheStats) => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        // A counter only goes up; it is set to the cache's own running total at each scrape.
        this.reset();
        this.inc(value(stats()));
      },
    });
  gauge(
    'kcp_harness_authorization_cache_entries',
    'Logical clusters whose RBAC the authorizer holds indexed.',
    (s) => s.entries,
  );
  gauge(
    'kcp_harness_authorization_cache_objects',
    'RBAC objects (roles, cluster roles and their bindings) held by the authorization cache.',
    (s) => s.objects,
  );
  counter(
    'kcp_harness_authorization_cache_hits_total',
    'Authorization cache look-ups answered from memory.',
    (s) => s.hits,
  );
  counter(
    'kcp_harness_authorization_cache_misses_total',
    "Authorization cache look-ups that had to read a logical cluster's RBAC from the store.",
    (s) => s.misses,
  );
}
