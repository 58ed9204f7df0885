// A small report with one test of each result and hostile strings in every free-text field;
// the renderer tests use it to check escaping and round trips.
import { REPORT_API_VERSION, REPORT_KIND, type ConformanceReport } from './model.js';

export const HOSTILE = `<script>alert("x")</script> & 'quotes' \u0001`;

export function sampleReport(): ConformanceReport {
  return {
    apiVersion: REPORT_API_VERSION,
    kind: REPORT_KIND,
    date: '2026-01-02T03:04:05.000Z',
    implementation: { name: 'sample <impl>', version: 'v1.2.3+kcp-"x"' },
    target: {
      kind: 'kubeconfig',
      describe: `kubeconfig /tmp/a&b/admin.kubeconfig`,
      server: 'https://127.0.0.1:6443/clusters/root',
      context: 'root',
    },
    suite: { name: 'kcp-harness', version: '0.1.0', gitCommit: '0123456789abcdef' },
    parameters: { focus: 'api-machinery/.*', timeoutsSeconds: { request: 10, test: 60 } },
    features: {
      source: 'inferred',
      claimed: [],
      inferred: ['ConfigMaps', 'Namespaces'],
      supported: ['ConfigMaps', 'Namespaces'],
      decisions: [
        {
          feature: 'ConfigMaps',
          supported: true,
          decidedBy: 'inferred',
          evidence: 'discovery lists v1 configmaps: create, get, list, update, delete',
        },
        {
          feature: 'Namespaces',
          supported: true,
          decidedBy: 'inferred',
          evidence: 'discovery lists v1 namespaces: create, get, list, delete',
        },
        {
          feature: 'Watch',
          supported: false,
          decidedBy: 'inferred',
          evidence: `watch-list probe stream's first event was ERROR: 500 InternalError: ${HOSTILE}`,
        },
        {
          feature: 'WildcardRequests',
          supported: false,
          decidedBy: 'claimed',
          flag: '--features',
          evidence: 'not named in --features; inference: no rule decides it',
          inferred: false,
        },
      ],
    },
    fixture: {
      kind: 'workspace',
      describe: 'a fresh workspace per test under root:kh-run-<x>',
      reason: 'the target supports the Workspaces feature',
      runWorkspace: 'root:kh-run-abc',
      runWorkspaceDeleted: false,
      kept: [
        {
          test: 'api-machinery/fails',
          path: 'root:kh-run-abc:kh-fails-fghij',
          url: 'https://127.0.0.1:6443/clusters/root:kh-run-abc:kh-fails-fghij',
        },
      ],
    },
    users: {
      source: 'users-kubeconfig',
      describe: `users from /tmp/users&<x>.kubeconfig: user-1 (context a), user-2 (context b)`,
      kubeconfig: '/tmp/users&<x>.kubeconfig',
      users: ['user-1', `user-<2> ${HOSTILE}`],
    },
    summary: {
      total: 3,
      passed: 1,
      failed: 1,
      skipped: 1,
      result: 'failure',
      interrupted: false,
      durationMs: 1234,
    },
    featureResults: [
      { feature: 'ConfigMaps', supported: true, passed: 1, failed: 1, skipped: 0 },
      { feature: 'Watch', supported: false, passed: 0, failed: 0, skipped: 1 },
    ],
    tests: [
      {
        id: 'api-machinery/passes',
        area: 'api-machinery',
        description: 'A ConfigMap MUST round-trip.',
        level: 'MUST',
        features: ['ConfigMaps'],
        source: ['kubernetes: test/e2e/common/node/configmap.go'],
        result: 'passed',
        durationMs: 120,
        scope: { cluster: 'https://127.0.0.1:6443/clusters/root', namespace: 'kh-passes-abcde' },
      },
      {
        id: 'api-machinery/fails',
        area: 'api-machinery',
        description: 'An error SHOULD be <escaped>.',
        level: 'SHOULD',
        features: ['ConfigMaps'],
        source: ['kcp: pkg/server/filters/filters.go'],
        result: 'failed',
        error: `expected 404, got 500: ${HOSTILE}\nsecond line`,
        durationMs: 15,
        scope: {
          cluster: 'https://127.0.0.1:6443/clusters/root:kh-run-abc:kh-fails-fghij',
          namespace: 'kh-fails-fghij',
          workspace: 'root:kh-run-abc:kh-fails-fghij',
          kept: true,
        },
      },
      {
        id: 'api-machinery/skipped',
        area: 'api-machinery',
        description: 'Watch MUST deliver events.',
        level: 'MUST',
        features: ['Watch'],
        source: ['kubernetes: test/e2e/apimachinery/watch.go'],
        result: 'skipped',
        reason: `feature not supported: Watch ${HOSTILE}`,
        durationMs: 0,
      },
    ],
  };
}
