// A target that already runs somewhere: everything comes from a kubeconfig context.
import { createClusterClient } from '../http/client.js';
import { loadConnection } from '../http/connection.js';
import { createTransport } from '../http/transport.js';
import type { Timeouts } from '../timeouts.js';
import type { Target, TargetKind } from './target.js';

export interface KubeconfigTargetOptions {
  path: string;
  context?: string;
  timeouts: Timeouts;
  /** Lets spawned kinds reuse this function and still report their own kind, description and clean-up. */
  kind?: TargetKind;
  describe?: string;
  onStop?: () => Promise<void>;
}

export async function kubeconfigTarget(options: KubeconfigTargetOptions): Promise<Target> {
  const connection = await loadConnection(options.path, options.context);
  const transport = createTransport(connection, options.timeouts);
  const client = createClusterClient(transport, connection.server);
  let stopping: Promise<void> | undefined;
  return {
    kind: options.kind ?? 'kubeconfig',
    describe:
      options.describe ?? `kubeconfig ${options.path} context ${connection.context} (${connection.server})`,
    kubeconfigPath: options.path,
    context: connection.context,
    client: () => client,
    stop() {
      stopping ??= (async () => {
        // Closes idle keep-alive sockets and any still-open watch.
        transport.agent.destroy();
        await options.onStop?.();
      })();
      return stopping;
    },
  };
}
