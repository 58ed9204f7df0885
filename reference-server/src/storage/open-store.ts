// Picks and opens the Store the server is configured for.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createMemoryStore } from './memory-store.js';
import { openSqliteStore, type SqliteSynchronous } from './sqlite-store.js';
import type { Store } from './store.js';

export type StoreKind = 'sqlite' | 'memory';

export interface OpenStoreOptions {
  kind: StoreKind;
  /** Data directory; the SQLite store lives in `<directory>/store.db`. Unused by 'memory'. */
  directory: string;
  synchronous?: SqliteSynchronous;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  switch (options.kind) {
    case 'memory':
      return createMemoryStore();
    case 'sqlite':
      await mkdir(options.directory, { recursive: true });
      return openSqliteStore(join(options.directory, 'store.db'), { synchronous: options.synchronous });
    default:
      throw new Error(`unknown store kind: ${String(options.kind)}`);
  }
}
