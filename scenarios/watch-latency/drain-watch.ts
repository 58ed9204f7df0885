// Reads a watch (the framework's WatchStream) continuously and hands every event to a callback
// with the time it was taken off the stream. The stream queues events as they are parsed and
// this loop is always waiting on it, so that time is within microseconds of arrival. Shared
// with the capacity scenario, which watches workspaces become Ready.
import type { WatchEvent, WatchStream } from '../../suites/framework/http/watch.js';

/** How long one wait for the next event lasts; a quiet watch simply waits again. */
const POLL_MS = 60_000;

export interface Drain {
  /** Closes the watch and resolves once the reader has stopped. */
  stop(): Promise<void>;
  /** Why the watch ended before stop() (closed by the server, a broken stream), if it did. */
  readonly failure: string | undefined;
}

export function drainWatch(
  stream: WatchStream,
  onEvent: (event: WatchEvent, receivedAt: number) => void,
): Drain {
  let stopping = false;
  let failure: string | undefined;
  const reader = (async () => {
    for (;;) {
      let event: WatchEvent;
      try {
        event = await stream.next(POLL_MS);
      } catch (error) {
        if (stopping) return;
        const message = error instanceof Error ? error.message : String(error);
        // next() rejects both when a wait times out and when the stream ended; only the latter ends the loop.
        if (message.startsWith('no watch event within')) continue;
        failure = message;
        return;
      }
      onEvent(event, performance.now());
    }
  })();
  return {
    async stop() {
      stopping = true;
      stream.close();
      await reader;
    },
    get failure() {
      return failure;
    },
  };
}
