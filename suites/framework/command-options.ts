// Turns the conformance command's raw flag values into ConformanceOptions, rejecting
// contradictions and malformed values up front (exit code 2) instead of mid-run.
import { parseFeatureList } from './features.js';
import { DEFAULT_REPORT_DIR, type ConformanceOptions } from './run-conformance.js';
import { DEFAULT_PARALLEL } from './schedule.js';
import type { TargetSpec } from './target/target.js';
import { parseTimeoutOverride, type Timeouts } from './timeouts.js';

export interface RawCommandOptions {
  kubeconfig?: string;
  context?: string;
  usersKubeconfig?: string;
  target?: string;
  kcpBinary?: string;
  features?: string;
  addFeatures?: string;
  keepOnFailure?: boolean;
  focus?: string;
  skip?: string;
  dryRun?: boolean;
  timeout?: string[];
  reportDir?: string;
  implementationName?: string;
  implementationVersion?: string;
  verbose?: boolean;
  parallel?: string;
}

/** A mistake in how the command was called; the command exits with code 2. */
export class UsageError extends Error {}

function regex(flag: string, source: string | undefined): RegExp | undefined {
  if (source === undefined) return undefined;
  try {
    return new RegExp(source);
  } catch (error) {
    throw new UsageError(
      `${flag}: not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function targetSpec(raw: RawCommandOptions): TargetSpec {
  if (raw.kcpBinary !== undefined && (raw.kubeconfig ?? raw.target) !== undefined)
    throw new UsageError('--kcp-binary, --kubeconfig and --target are alternatives; give one');
  if (raw.kcpBinary !== undefined) return { kind: 'kcp-binary', path: raw.kcpBinary };
  if (raw.kubeconfig !== undefined && raw.target !== undefined) {
    throw new UsageError('--kubeconfig and --target are alternatives; give one');
  }
  if (raw.kubeconfig !== undefined) return { kind: 'kubeconfig', path: raw.kubeconfig, context: raw.context };
  if (raw.context !== undefined) throw new UsageError('--context needs --kubeconfig');
  if (raw.target !== undefined && raw.target !== 'reference')
    throw new UsageError(`--target: unknown kind "${raw.target}"`);
  // The reference server is the default target: it needs nothing but this package.
  return { kind: 'reference' };
}

/** --parallel: a whole number of tests from 1 (one at a time) up. */
function parallelism(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value.trim()) || Number(value) < 1)
    throw new UsageError(`--parallel: expected a whole number of tests, 1 or more; got "${value}"`);
  return Number(value);
}

export function parseCommandOptions(raw: RawCommandOptions): ConformanceOptions {
  const timeouts: Partial<Timeouts> = {};
  for (const text of raw.timeout ?? []) {
    try {
      const [name, ms] = parseTimeoutOverride(text);
      timeouts[name] = ms;
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  }
  const featureList = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    try {
      return parseFeatureList(value);
    } catch (error) {
      throw new UsageError(`${flag}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const features = featureList('--features', raw.features);
  const addFeatures = featureList('--add-features', raw.addFeatures);
  if (features !== undefined && addFeatures !== undefined) {
    throw new UsageError('--features replaces inference and --add-features extends it; give one');
  }
  if (raw.usersKubeconfig !== undefined && raw.usersKubeconfig.trim() === '')
    throw new UsageError('--users-kubeconfig: needs a file name');
  return {
    target: targetSpec(raw),
    ...(raw.usersKubeconfig !== undefined ? { usersKubeconfig: raw.usersKubeconfig } : {}),
    features,
    ...(addFeatures !== undefined ? { addFeatures } : {}),
    keepOnFailure: raw.keepOnFailure ?? false,
    parallel: parallelism(raw.parallel) ?? DEFAULT_PARALLEL,
    focus: regex('--focus', raw.focus),
    skip: regex('--skip', raw.skip),
    timeouts,
    reportDir: raw.reportDir ?? DEFAULT_REPORT_DIR,
    implementationName: raw.implementationName,
    implementationVersion: raw.implementationVersion,
  };
}
