// Report and result files are written under a temporary name and renamed, so a reader (or an
// interrupted run) never sees half a file.

import { rename, writeFile } from 'node:fs/promises';

export async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content, 'utf8');
  await rename(temporary, path);
}
