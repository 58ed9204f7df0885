// What implementation the report is about. Users may say it (--implementation-name/-version);
// otherwise it comes from the target's /version (kcp's gitVersion looks like
// v1.32.3+kcp-v0.28.0, kcp: Makefile GIT_VERSION).
import type { ImplementationInfo } from '../../reports/conformance/model.js';
import type { ClusterClient } from './http/client.js';
import type { RunLog } from './run-log.js';
import type { TargetKind } from './target/target.js';

export interface ImplementationOverrides {
  implementationName?: string;
  implementationVersion?: string;
}

async function gitVersion(
  client: ClusterClient,
  log: RunLog,
  signal?: AbortSignal,
): Promise<string | undefined> {
  try {
    const response = await client.get<{ gitVersion?: unknown }>('/version', { signal });
    if (response.status === 200 && typeof response.body?.gitVersion === 'string')
      return response.body.gitVersion;
    log.write('harness', `GET ${response.url} answered ${response.status}; implementation version unknown`);
  } catch (error) {
    log.write('harness', `GET /version failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return undefined;
}

export async function implementationInfo(
  client: ClusterClient,
  kind: TargetKind,
  overrides: ImplementationOverrides,
  log: RunLog,
  signal?: AbortSignal,
): Promise<ImplementationInfo> {
  const needsServer =
    overrides.implementationName === undefined || overrides.implementationVersion === undefined;
  const served = needsServer ? await gitVersion(client, log, signal) : undefined;
  const version = overrides.implementationVersion ?? served;
  const guessedName =
    kind === 'reference' ? 'kcp-harness reference server' : served?.includes('+kcp') ? 'kcp' : 'unknown';
  return { name: overrides.implementationName ?? guessedName, version: version ?? 'unknown' };
}
