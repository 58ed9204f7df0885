// Small file helpers for the root directory.

import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

/** Writes via a temporary file and rename, so readers never see a half-written file. */
export function writeFileAtomic(path: string, content: string, mode = 0o644): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
