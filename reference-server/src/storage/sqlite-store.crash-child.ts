// Child process for the kill -9 test in sqlite-store.test.ts: writes keys as fast as it can and
// acknowledges each one on stdout ("<key> <revision>") only after create() has returned.

import { openSqliteStore } from './sqlite-store.js';

const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: sqlite-store.crash-child.ts <db path>');

const store = await openSqliteStore(dbPath);
const filler = 'x'.repeat(200);
for (let i = 0; ; i++) {
  const key = `/crash/${i}`;
  const kv = await store.create(key, `${i}:${filler}`);
  // Waiting for the write callback means the ack has reached the pipe before the next write.
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(`${key} ${kv.modRevision}\n`, (err) => (err ? reject(err) : resolve())),
  );
}
