// Ctrl-C handling for command-line runs: the first SIGINT/SIGTERM asks the run to stop (the
// current test is aborted, the target is stopped, the partial report is written); a second one
// exits at once. A spawned reference server is killed by its own process-exit hook then.

export interface Interrupt {
  readonly signal: AbortSignal;
  dispose(): void;
}

export function interruptOnSignals(onFirst?: (signal: NodeJS.Signals) => void): Interrupt {
  const controller = new AbortController();
  const handler = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      process.exit(130);
    }
    onFirst?.(name);
    controller.abort(new Error(`interrupted by ${name}`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.removeListener('SIGINT', handler);
      process.removeListener('SIGTERM', handler);
    },
  };
}
