// The plain-text log of one run (conformance.log): harness decisions, every test's own log
// lines and the target's stdout/stderr, interleaved by time so a failure can be read in context.

export interface RunLog {
  /** source: "harness", "target", or a test id. */
  write(source: string, message: string): void;
  /** Everything so far, one line per entry. */
  text(): string;
}

export function createRunLog(echo?: (line: string) => void): RunLog {
  const lines: string[] = [];
  return {
    write(source, message) {
      const stamp = new Date().toISOString();
      for (const part of message.replace(/\n+$/, '').split('\n')) {
        const line = `${stamp} [${source}] ${part}`;
        lines.push(line);
        echo?.(line);
      }
    },
    text: () => (lines.length === 0 ? '' : `${lines.join('\n')}\n`),
  };
}
