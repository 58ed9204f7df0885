// Progress for people watching a run: a bar on a terminal; in CI logs (no TTY) one line every
// few seconds instead, since a redrawn bar turns into thousands of lines there.
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { Progress } from './scenario.js';

export const LINE_INTERVAL_MS = 5_000;

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** Default: whether the stream is a TTY. */
  tty?: boolean;
  /** Non-TTY only: time between progress lines. */
  intervalMs?: number;
}

/** Progress that shows nothing: for programmatic runs and tests. */
export function quietProgress(): Progress {
  return { start() {}, update() {}, stop() {}, log() {} };
}

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  return (options.tty ?? stream.isTTY === true)
    ? barProgress(stream)
    : lineProgress(stream, options.intervalMs ?? LINE_INTERVAL_MS);
}

function barProgress(stream: NodeJS.WriteStream): Progress {
  // MultiBar rather than SingleBar: only it can print log lines above a live bar.
  const bars = new MultiBar(
    {
      stream,
      format:
        '{label} [{bar}] {value}/{total} {percentage}% | {duration_formatted} elapsed, eta {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  let bar: SingleBar | undefined;
  return {
    start(label, total) {
      if (bar) bars.remove(bar);
      bar = bars.create(total, 0, { label });
    },
    update(done) {
      bar?.update(done);
    },
    stop() {
      bars.stop();
      bar = undefined;
    },
    log(line) {
      if (bar) bars.log(`${line}\n`);
      else stream.write(`${line}\n`);
    },
  };
}

function lineProgress(stream: NodeJS.WriteStream, intervalMs: number): Progress {
  let label = '';
  let total = 0;
  let done = 0;
  let startedAt = 0;
  let timer: NodeJS.Timeout | undefined;
  const line = (): void => {
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(0);
    const percent = total > 0 ? ` (${Math.floor((done / total) * 100)}%)` : '';
    stream.write(`${label}: ${done}/${total}${percent}, ${seconds} s\n`);
  };
  const stop = (): void => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  return {
    start(newLabel, newTotal) {
      stop();
      label = newLabel;
      total = newTotal;
      done = 0;
      startedAt = performance.now();
      timer = setInterval(line, intervalMs);
      // A progress line must never keep the process alive.
      timer.unref();
    },
    update(value) {
      done = value;
    },
    stop() {
      if (timer) line();
      stop();
    },
    log(text) {
      stream.write(`${text}\n`);
    },
  };
}
