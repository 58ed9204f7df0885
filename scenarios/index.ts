// Every scenario `kcp-harness bench` knows, by name. Each key of ScenarioName has a slot; a slot
// holding undefined is a scenario not written yet, and the command says so when asked for it.
//
// To add one (e.g. api-throughput): write scenarios/api-throughput/ with a Scenario<P>
// (framework/scenario.ts) and an entry.ts exporting
//   export const apiThroughputEntry = defineScenario({ scenario, options, parse });
// (framework/registry.ts), then import it here and put it in its slot. Nothing else changes:
// the bench command, result writing and Ctrl-C handling come with the slot.
import type { RegisteredScenario } from './framework/registry.js';
import type { ScenarioName } from './framework/result.js';
import { memoryPerWorkspaceEntry } from './memory-per-workspace/entry.js';
import { workspaceCreationEntry } from './workspace-creation/entry.js';
import { apiThroughputEntry } from './api-throughput/entry.js';
import { capacityEntry } from './capacity/entry.js';
import { watchLatencyEntry } from './watch-latency/entry.js';
import { authorizationEntry } from './authorization/entry.js';
import { crdFootprintEntry } from './crd-footprint/entry.js';
import { apiBindingEntry } from './api-binding/entry.js';
import { virtualWorkspaceEntry } from './virtual-workspace/entry.js';
import { badInputEntry } from './bad-input/entry.js';

export const SCENARIOS: Readonly<Record<ScenarioName, RegisteredScenario | undefined>> = {
  'workspace-creation': workspaceCreationEntry,
  'memory-per-workspace': memoryPerWorkspaceEntry,
  'api-throughput': apiThroughputEntry,
  'watch-latency': watchLatencyEntry,
  capacity: capacityEntry,
  authorization: authorizationEntry,
  'crd-footprint': crdFootprintEntry,
  'api-binding': apiBindingEntry,
  'virtual-workspace': virtualWorkspaceEntry,
  'bad-input': badInputEntry,
};

/** The filled slots, in declaration order; a slot must hold the scenario of its own name. */
export function registeredScenarios(): RegisteredScenario[] {
  return Object.entries(SCENARIOS).flatMap(([name, entry]) => {
    if (!entry) return [];
    if (entry.name !== name) throw new Error(`scenario slot "${name}" holds scenario "${entry.name}"`);
    return [entry];
  });
}

/** Names whose slot is still empty. */
export function pendingScenarios(): ScenarioName[] {
  return (Object.keys(SCENARIOS) as ScenarioName[]).filter((name) => SCENARIOS[name] === undefined);
}
