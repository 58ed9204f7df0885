// Replays the bad-input corpus against a target and counts what a robust server must never do:
// answer 5xx, not answer at all, or accept something after which a workspace no longer works
// (checked by a canary request into the workspace after every accepted write, as the admin and
// as an ordinary user, so a poisoned authorizer shows). /readyz is probed all along: how long it
// stalls says whether one request holds the server for everyone.

import type { Agent } from 'node:https';
import { generateCorpus, type BadRequest } from './corpus.js';
import { sendRaw, type RawReply } from './send-raw.js';

export interface CorpusTarget {
  /** Origin, e.g. https://127.0.0.1:6443. */
  origin: string;
  agent: Agent;
  /** Authentication headers of an admin of the workspaces. */
  auth: Record<string, string>;
  /** Workspace paths the corpus writes into, e.g. root:kh-bad-0; each has namespace default. */
  workspaces: string[];
}

export interface CorpusOptions {
  seed: number;
  count: number;
  concurrency: number;
  /** No answer within this is a hang. */
  timeoutMs: number;
  onProgress?: (done: number) => void;
}

export interface Finding {
  kind: string;
  method: string;
  path: string;
  status: number;
  error?: string;
  excerpt: string;
  /** Case index in the corpus: replay it with the same seed. */
  index: number;
  ms: number;
}

export interface KindCounts {
  sent: number;
  '2xx': number;
  '4xx': number;
  '5xx': number;
  /** No answer in time, or the connection dropped without one. */
  unanswered: number;
  /** Refused by the HTTP client before sending (not the server's doing). */
  unsendable: number;
  /** Answer times, summed and the longest. */
  totalMs: number;
  maxMs: number;
}

export interface CorpusResult {
  seed: number;
  count: number;
  durationMs: number;
  byKind: Record<string, KindCounts>;
  /** 5xx and unanswered cases (at most 200 kept). */
  findings: Finding[];
  /** The slowest answers (at most 10), to find what holds the server. */
  slowest: Finding[];
  /** Workspaces where a canary failed after an accepted write, with the write. */
  poisoned: { workspace: string; after: Finding; canary: string }[];
  readyz: {
    probes: number;
    maxMs: number;
    p99Ms: number;
    over100ms: number;
    slowest: { ms: number; inFlight: string[] }[];
  };
}

const CANARY_ROLE = 'kh-bad-input-canary';
export const CANARY_USER = 'kh-bad-input-canary';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_FINDINGS = 200;

function emptyCounts(): KindCounts {
  return { sent: 0, '2xx': 0, '4xx': 0, '5xx': 0, unanswered: 0, unsendable: 0, totalMs: 0, maxMs: 0 };
}

/** What the canary user may do in every workspace: read configmaps. */
export function canaryObjects() {
  const rbac = 'rbac.authorization.k8s.io';
  return [
    {
      path: `/apis/${rbac}/v1/clusterroles`,
      body: {
        apiVersion: `${rbac}/v1`,
        kind: 'ClusterRole',
        metadata: { name: CANARY_ROLE },
        rules: [
          { verbs: ['access'], nonResourceURLs: ['/'] },
          { verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] },
        ],
      },
    },
    {
      path: `/apis/${rbac}/v1/clusterrolebindings`,
      body: {
        apiVersion: `${rbac}/v1`,
        kind: 'ClusterRoleBinding',
        metadata: { name: CANARY_ROLE },
        roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: CANARY_ROLE },
        subjects: [{ kind: 'User', apiGroup: rbac, name: CANARY_USER }],
      },
    },
  ];
}

export async function runCorpus(target: CorpusTarget, options: CorpusOptions): Promise<CorpusResult> {
  const started = performance.now();
  const byKind: Record<string, KindCounts> = {};
  const findings: Finding[] = [];
  const poisoned: CorpusResult['poisoned'] = [];
  const poisonedSet = new Set<string>();
  const inFlight = new Map<number, string>();
  const slowestCases: Finding[] = [];
  const send = (method: string, path: string, headers: Record<string, string>, body?: Buffer) =>
    sendRaw(
      target.agent,
      { method, url: `${target.origin}${path}`, headers: { ...target.auth, ...headers }, body },
      options.timeoutMs,
    );

  // Probe /readyz while the corpus runs; remember what was in flight when it was slow.
  const readyzMs: number[] = [];
  const slowest: { ms: number; inFlight: string[] }[] = [];
  let probing = true;
  const prober = (async () => {
    while (probing) {
      const snapshot = [...inFlight.values()];
      const reply = await send('GET', '/readyz', { accept: 'text/plain' });
      readyzMs.push(reply.ms);
      if (reply.ms > 100) {
        slowest.push({ ms: reply.ms, inFlight: snapshot.slice(0, 8) });
        slowest.sort((a, b) => b.ms - a.ms);
        slowest.length = Math.min(slowest.length, 10);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();

  const canary = async (workspace: string): Promise<string | undefined> => {
    const path = `/clusters/${workspace}/api/v1/namespaces/default/configmaps?limit=1`;
    const admin = await send('GET', path, { accept: 'application/json' });
    if (admin.status !== 200) return `admin GET ${path}: ${admin.status} ${admin.error ?? admin.excerpt}`;
    const user = await send('GET', path, { accept: 'application/json', 'impersonate-user': CANARY_USER });
    if (user.status !== 200)
      return `${CANARY_USER} GET ${path}: ${user.status} ${user.error ?? user.excerpt}`;
    return undefined;
  };

  const record = (c: BadRequest, index: number, path: string, reply: RawReply) => {
    const counts = (byKind[c.kind] ??= emptyCounts());
    counts.sent++;
    counts.totalMs += reply.ms;
    counts.maxMs = Math.max(counts.maxMs, reply.ms);
    const finding = (): Finding => ({
      kind: c.kind,
      method: c.method,
      path: path.length > 200 ? `${path.slice(0, 200)}…` : path,
      status: reply.status,
      error: reply.error,
      excerpt: reply.excerpt,
      index,
      ms: reply.ms,
    });
    if (slowestCases.length < 10 || reply.ms > slowestCases.at(-1)!.ms) {
      slowestCases.push(finding());
      slowestCases.sort((a, b) => b.ms - a.ms);
      slowestCases.length = Math.min(slowestCases.length, 10);
    }
    if (reply.error?.startsWith('client:')) counts.unsendable++;
    else if (reply.status === 0) {
      counts.unanswered++;
      if (findings.length < MAX_FINDINGS) findings.push(finding());
    } else if (reply.status >= 500) {
      counts['5xx']++;
      if (findings.length < MAX_FINDINGS) findings.push(finding());
    } else if (reply.status >= 400) counts['4xx']++;
    else counts['2xx']++;
    return finding;
  };

  const cases = generateCorpus(options.seed, options.count);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (;;) {
      const item = cases.next();
      if (item.done) return;
      const index = next++;
      const c = item.value;
      const workspace = target.workspaces[index % target.workspaces.length]!;
      const path = c.absolute ? c.path : `/clusters/${workspace}${c.path}`;
      inFlight.set(index, `${c.kind} ${c.method} ${path.slice(0, 120)}`);
      const reply = await send(c.method, path, c.headers, c.body);
      inFlight.delete(index);
      const finding = record(c, index, path, reply);
      if (WRITES.has(c.method) && reply.status >= 200 && reply.status < 300 && !poisonedSet.has(workspace)) {
        const broken = await canary(workspace);
        if (broken) {
          poisonedSet.add(workspace);
          poisoned.push({ workspace, after: finding(), canary: broken });
        }
      }
      options.onProgress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  probing = false;
  await prober;
  // A workspace can also break from a write the canary passed right after (a controller acts later).
  for (const workspace of target.workspaces) {
    if (poisonedSet.has(workspace)) continue;
    const broken = await canary(workspace);
    if (broken)
      poisoned.push({
        workspace,
        canary: broken,
        after: { kind: 'end of run', method: '', path: '', status: 0, excerpt: '', index: -1, ms: 0 },
      });
  }
  const sorted = [...readyzMs].sort((a, b) => a - b);
  return {
    seed: options.seed,
    count: options.count,
    durationMs: Math.round(performance.now() - started),
    byKind,
    findings,
    slowest: slowestCases,
    poisoned,
    readyz: {
      probes: sorted.length,
      maxMs: sorted.at(-1) ?? 0,
      p99Ms: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
      over100ms: sorted.filter((ms) => ms > 100).length,
      slowest,
    },
  };
}

export function totals(result: CorpusResult): KindCounts {
  const sum = emptyCounts();
  for (const counts of Object.values(result.byKind))
    for (const key of Object.keys(sum) as (keyof KindCounts)[])
      sum[key] = key === 'maxMs' ? Math.max(sum[key], counts[key]) : sum[key] + counts[key];
  return sum;
}
