// Parameters of crd-footprint and the command-line options that set them.
import { Option } from 'commander';
import { positiveInt, requireInt } from '../framework/options.js';
import { SETTLE_RULE, type SettleRule } from '../framework/rss.js';

export interface CrdFootprintParams {
  /** CRDs created in one workspace (RSS sampled before and after). */
  crds: number;
  /** Workspaces that each get one CRD (RSS sampled with the workspaces alone, then with the CRDs). */
  workspaces: number;
  /** Custom objects (and as many ConfigMaps, the baseline) created to time validation. */
  objects: number;
  /** Requests in flight while creating. */
  concurrency: number;
  /** Per CRD batch: how long they may take to become Established. */
  establishTimeoutMs: number;
  settle: SettleRule;
}

export const DEFAULT_CRD_FOOTPRINT: Readonly<CrdFootprintParams> = {
  crds: 100,
  workspaces: 1000,
  objects: 500,
  concurrency: 16,
  establishTimeoutMs: 120_000,
  settle: SETTLE_RULE,
};

export function crdFootprintOptions(): Option[] {
  const d = DEFAULT_CRD_FOOTPRINT;
  return [
    new Option('--crds <n>', `CRDs created in one workspace (default ${d.crds})`).argParser(positiveInt),
    new Option(
      '--workspaces <w>',
      `workspaces that each get one CRD; 0 skips that phase, as does a namespace per unit (default ${d.workspaces})`,
    ).argParser((v) => requireInt('--workspaces', Number(v), 0)),
    new Option(
      '--objects <m>',
      `custom objects (and as many ConfigMaps) created to time schema validation (default ${d.objects})`,
    ).argParser(positiveInt),
    new Option('--concurrency <c>', `requests in flight while creating (default ${d.concurrency})`).argParser(
      positiveInt,
    ),
  ];
}

export function parseCrdFootprint(raw: Record<string, unknown>): CrdFootprintParams {
  const d = DEFAULT_CRD_FOOTPRINT;
  const number = (key: string, fallback: number): number =>
    typeof raw[key] === 'number' ? raw[key] : fallback;
  return {
    crds: requireInt('--crds', number('crds', d.crds), 1),
    workspaces: requireInt('--workspaces', number('workspaces', d.workspaces), 0),
    objects: requireInt('--objects', number('objects', d.objects), 1),
    concurrency: requireInt('--concurrency', number('concurrency', d.concurrency), 1),
    establishTimeoutMs: number('establishTimeoutMs', d.establishTimeoutMs),
    settle: (raw.settle as SettleRule | undefined) ?? { ...d.settle },
  };
}
