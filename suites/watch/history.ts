// Writes ConfigMaps of one test label and records the watch event each write implies, so that a
// test can compare what a watcher received with what it must have received from its start.
import type { ClusterClient } from '../framework/http/client.js';
import type { WatchEvent } from '../framework/http/watch.js';
import {
  configMap,
  configMapPath,
  configMapsPath,
  expectStatusCode,
  type ConfigMap,
} from '../framework/kube.js';

export interface Written {
  /** "ADDED a@12" / "MODIFIED a@13" / "DELETED a" (a DELETE response has no deletion revision). */
  expected: string;
  /** The resourceVersion of the store after this write, when the response shows it. */
  resourceVersion?: string;
}

/** How a received event is compared with a Written.expected. */
export function eventKey(event: WatchEvent): string {
  const meta = (event.object as ConfigMap).metadata ?? {};
  return event.type === 'DELETED'
    ? `DELETED ${meta.name ?? '?'}`
    : `${event.type} ${meta.name ?? '?'}@${meta.resourceVersion ?? '?'}`;
}

export class History {
  readonly writes: Written[] = [];
  private readonly live = new Map<string, ConfigMap>();

  constructor(
    private readonly client: ClusterClient,
    private readonly namespace: string,
    private readonly labels: Record<string, string>,
  ) {}

  /** Names of the objects that exist now. */
  names(): string[] {
    return [...this.live.keys()];
  }

  async create(name: string): Promise<void> {
    const created = expectStatusCode(
      await this.client.post<ConfigMap>(
        configMapsPath(this.namespace),
        configMap(name, { n: '0' }, this.labels),
      ),
      201,
    );
    this.live.set(name, created);
    const rv = created.metadata.resourceVersion!;
    this.writes.push({ expected: `ADDED ${name}@${rv}`, resourceVersion: rv });
  }

  async update(name: string): Promise<void> {
    const current = this.live.get(name)!;
    const n = String(Number(current.data?.n ?? '0') + 1);
    const updated = expectStatusCode(
      await this.client.put<ConfigMap>(configMapPath(this.namespace, name), { ...current, data: { n } }),
      200,
    );
    this.live.set(name, updated);
    const rv = updated.metadata.resourceVersion!;
    this.writes.push({ expected: `MODIFIED ${name}@${rv}`, resourceVersion: rv });
  }

  async delete(name: string): Promise<void> {
    expectStatusCode(await this.client.delete(configMapPath(this.namespace, name)), 200);
    this.live.delete(name);
    this.writes.push({ expected: `DELETED ${name}` });
  }
}
