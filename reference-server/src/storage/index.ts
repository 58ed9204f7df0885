// Public API of the storage layer.

export * from './store.js';
export { createMemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { openSqliteStore, type SqliteStoreOptions, type SqliteSynchronous } from './sqlite-store.js';
export { openStore, type OpenStoreOptions, type StoreKind } from './open-store.js';
export { startCompactor, type CompactorOptions } from './compactor.js';
