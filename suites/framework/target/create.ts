// Turns the user's choice of target into a running Target.
import type { RunLog } from '../run-log.js';
import type { Timeouts } from '../timeouts.js';
import { kcpBinaryTarget } from './kcp-binary.js';
import { kubeconfigTarget } from './kubeconfig.js';
import { referenceTarget } from './reference.js';
import type { Target, TargetSpec } from './target.js';

export interface CreateTargetOptions {
  timeouts: Timeouts;
  log: RunLog;
  signal?: AbortSignal;
}

export async function createTarget(spec: TargetSpec, options: CreateTargetOptions): Promise<Target> {
  switch (spec.kind) {
    case 'reference':
      return referenceTarget({ ...options, ...(spec.serverArgs ? { serverArgs: spec.serverArgs } : {}) });
    case 'kubeconfig':
      return kubeconfigTarget({ path: spec.path, context: spec.context, timeouts: options.timeouts });
    case 'kcp-binary':
      return kcpBinaryTarget({ binary: spec.path, ...options });
  }
}
