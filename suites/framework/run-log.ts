// The plain-text log of one run (conformance.log): harness decisions, every test's own log
// lines and the target's stdout/stderr, interleaved by time so a failure can be read in context.
// In a parallel run the lines of a test that runs beside the one being reported are held back
// and appended as one block when its turn comes, so every test's lines stay together, in plan
// order, whatever order the tests finish in.

export interface RunLog {
  /** source: "harness", "target", or a test id. */
  write(source: string, message: string): void;
  /** Everything so far, one line per entry. */
  text(): string;
  /** Holds back the lines of this source until release; they keep the time they were written at. */
  hold(source: string): void;
  /** Appends (and echoes) what was held for source, and lets its later lines through. */
  release(source: string): void;
}

export function createRunLog(echo?: (line: string) => void): RunLog {
  const lines: string[] = [];
  const held = new Map<string, string[]>();
  const emit = (line: string): void => {
    lines.push(line);
    echo?.(line);
  };
  return {
    write(source, message) {
      const stamp = new Date().toISOString();
      const buffer = held.get(source);
      for (const part of message.replace(/\n+$/, '').split('\n')) {
        const line = `${stamp} [${source}] ${part}`;
        if (buffer) buffer.push(line);
        else emit(line);
      }
    },
    text: () => (lines.length === 0 ? '' : `${lines.join('\n')}\n`),
    hold(source) {
      if (!held.has(source)) held.set(source, []);
    },
    release(source) {
      const buffer = held.get(source);
      held.delete(source);
      for (const line of buffer ?? []) emit(line);
    },
  };
}
