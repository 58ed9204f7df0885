// Makes the planned writes at the given pace, one at a time (an update needs its create's
// answer first), and tells the ledger when each was acknowledged and with which
// resourceVersion. If the server falls behind, the writer falls behind with it; the achieved
// rate is reported. Latency here is the watch's, measured from each write's answer, so the
// writer's own pacing does not enter it.
import type { ApiResponse } from '../../suites/framework/http/client.js';
import { configMapsPath, type BenchUnit } from '../api-throughput/bench-units.js';
import { configMap } from '../api-throughput/operations.js';
import { realClock, scheduledAt } from '../framework/load.js';
import type { EventLedger } from './event-ledger.js';
import { EVENT_OF, type PlannedWrite } from './write-plan.js';

interface ConfigMap {
  metadata: { name: string; resourceVersion?: string };
  data?: Record<string, string>;
}

export interface WriterOutcome {
  /** Writes the server acknowledged (2xx). */
  acknowledged: number;
  /** Failed writes by "<verb> <status or reason>". */
  errors: Record<string, number>;
  durationSec: number;
}

function send(
  workspace: BenchUnit,
  write: PlannedWrite,
  signal: AbortSignal,
): Promise<ApiResponse<ConfigMap>> {
  const data = { write: String(write.index) };
  const configMaps = configMapsPath(workspace);
  switch (write.verb) {
    case 'create':
      return workspace.client.post<ConfigMap>(configMaps, configMap(write.name, data), { signal });
    case 'update':
      // No resourceVersion: an unconditional update, which ConfigMaps allow; this writer is the only one.
      return workspace.client.put<ConfigMap>(`${configMaps}/${write.name}`, configMap(write.name, data), {
        signal,
      });
    case 'delete':
      return workspace.client.delete<ConfigMap>(`${configMaps}/${write.name}`, { signal });
  }
}

export async function runWriter(
  plan: readonly PlannedWrite[],
  workspaces: readonly BenchUnit[],
  rate: number,
  ledger: EventLedger,
  signal: AbortSignal,
  onWrite?: (done: number) => void,
): Promise<WriterOutcome> {
  const errors: Record<string, number> = {};
  let acknowledged = 0;
  const start = performance.now();
  for (const write of plan) {
    if (signal.aborted) break;
    await realClock.sleepUntil(scheduledAt(start, write.index, rate), signal).catch(() => undefined);
    if (signal.aborted) break;
    const workspace = workspaces[write.workspace];
    if (!workspace)
      throw new Error(`write ${write.index} names unit ${write.workspace}, which does not exist`);
    let response: ApiResponse<ConfigMap>;
    try {
      response = await send(workspace, write, signal);
    } catch (error) {
      if (signal.aborted) break;
      const reason = /timed out/.test(String(error)) ? 'timeout' : 'connection error';
      errors[`${write.verb} ${reason}`] = (errors[`${write.verb} ${reason}`] ?? 0) + 1;
      continue;
    }
    const ackAt = performance.now();
    onWrite?.(write.index + 1);
    if (response.status < 200 || response.status >= 300) {
      errors[`${write.verb} ${response.status}`] = (errors[`${write.verb} ${response.status}`] ?? 0) + 1;
      continue;
    }
    acknowledged += 1;
    ledger.expect(
      {
        workspace: workspace.name,
        name: write.name,
        type: EVENT_OF[write.verb],
        resourceVersion: response.body?.metadata?.resourceVersion,
      },
      ackAt,
    );
  }
  return { acknowledged, errors, durationSec: (performance.now() - start) / 1000 };
}
