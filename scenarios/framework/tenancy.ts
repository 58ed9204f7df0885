// A scenario's units (what it spreads load over, seeds and watches) are kcp workspaces where the
// target serves them and namespaces of one cluster where it does not, as the conformance fixture
// falls back to a namespace per test. Whether a target serves workspaces is decided once, when
// the bench opens it (detectWorkspaces, the rule behind Feature.Workspaces); --tenancy overrides
// the choice, so the reference server can be measured the way kube-apiserver is.
import { TENANCIES, type ScenarioName, type Tenancy } from './result.js';
import type { BenchTarget } from './scenario.js';

/** What the user asked for: decide from the target (auto), or insist on one. */
export type TenancyRequest = 'auto' | Tenancy;

export const TENANCY_REQUESTS: readonly TenancyRequest[] = ['auto', ...TENANCIES];

export interface TenancyChoice {
  mode: Tenancy;
  /** One line for the result's notes: why this tenancy. */
  reason: string;
}

/** The scenario cannot run on this target or with this tenancy; said in one line, without a stack. */
export class ScenarioRefused extends Error {}

/** Scenarios that run with a namespace per unit (the others measure workspaces themselves). */
export const NAMESPACE_SCENARIOS: readonly ScenarioName[] = [
  'api-throughput',
  'watch-latency',
  'authorization',
  'crd-footprint',
];

/** The rule's conclusion, the last line of the evidence (the requests before it go to the log). */
const evidenceOf = (target: Pick<BenchTarget, 'workspaces'>): string =>
  target.workspaces.evidence.at(-1) ?? 'not detected';

/** The message a workspace scenario stops with when its units would be namespaces. */
export function needsWorkspacesMessage(scenario: ScenarioName, why: string): string {
  return (
    `${scenario} measures workspaces, and ${why}; it runs only on a target that serves kcp workspaces. ` +
    `On plain Kubernetes (a namespace per unit) run: ${NAMESPACE_SCENARIOS.join(', ')}`
  );
}

/**
 * The tenancy of a run. Throws ScenarioRefused when the request cannot be met: workspaces asked
 * of a target without them, or a scenario that measures workspaces with a namespace per unit.
 */
export function chooseTenancy(
  target: Pick<BenchTarget, 'workspaces' | 'describe'>,
  requested: TenancyRequest,
  scenario: { name: ScenarioName; needsWorkspaces?: boolean },
): TenancyChoice {
  const served = target.workspaces.served;
  let choice: TenancyChoice;
  if (requested === 'workspaces' && !served) {
    throw new ScenarioRefused(
      `--tenancy workspaces: ${target.describe} serves no workspaces (${evidenceOf(target)})`,
    );
  } else if (requested === 'namespaces') {
    choice = {
      mode: 'namespaces',
      reason: `a namespace per unit, as asked (--tenancy namespaces)${served ? ', although the target serves workspaces' : ''}`,
    };
  } else if (served) {
    choice = {
      mode: 'workspaces',
      reason: `a workspace per unit: the target serves workspaces (${evidenceOf(target)})`,
    };
  } else {
    choice = {
      mode: 'namespaces',
      reason: `a namespace per unit: the target serves no workspaces (${evidenceOf(target)})`,
    };
  }
  if (choice.mode === 'namespaces' && scenario.needsWorkspaces) {
    throw new ScenarioRefused(
      needsWorkspacesMessage(
        scenario.name,
        requested === 'namespaces'
          ? '--tenancy namespaces asks for a namespace per unit'
          : `${target.describe} serves no workspaces (${evidenceOf(target)})`,
      ),
    );
  }
  return choice;
}

/** How the units of a tenancy are called in notes: "workspace"/"workspaces" or "namespace"/"namespaces". */
export function unitWord(mode: Tenancy, count = 2): string {
  const word = mode === 'workspaces' ? 'workspace' : 'namespace';
  return count === 1 ? word : `${word}s`;
}
