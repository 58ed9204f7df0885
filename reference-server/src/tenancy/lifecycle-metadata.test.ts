import { expect } from 'chai';
import type { KubeObject } from '../api/types.js';
import {
  hasTerminatorsFinalizer,
  initializerLabel,
  phaseLabel,
  syncLifecycleMetadata,
  terminatorLabel,
} from './lifecycle-metadata.js';

const hash = '2eadcbf778956517ec99fd1c1c32a9b13cbae759770fc37c341c7fe8'; // sha224("pluto"), kcp's test vector

describe('LogicalCluster lifecycle metadata', () => {
  it('hashes initializers and terminators into labels as kcp does', () => {
    expect(terminatorLabel('pluto')).to.deep.equal([`terminator.internal.kcp.io/${hash.slice(0, 36)}`, hash]);
    expect(initializerLabel('pluto')).to.deep.equal([
      `initializer.internal.kcp.io/${hash.slice(0, 35)}`,
      hash,
    ]);
  });

  it('follows status: phase label, one label per hook, stale ones dropped, terminator finalizer held', () => {
    const lc: KubeObject = {
      metadata: {
        name: 'cluster',
        labels: { keep: 'me', [initializerLabel('gone')[0]]: initializerLabel('gone')[1] },
      },
      status: { phase: 'Initializing', initializers: ['pluto'], terminators: ['pluto'] },
    };
    expect(syncLifecycleMetadata(lc)).to.equal(true);
    expect(lc.metadata!.labels).to.deep.equal({
      keep: 'me',
      [phaseLabel]: 'Initializing',
      [initializerLabel('pluto')[0]]: hash,
      [terminatorLabel('pluto')[0]]: hash,
    });
    expect(lc.metadata!.finalizers).to.deep.equal([hasTerminatorsFinalizer]);
    expect(syncLifecycleMetadata(lc), 'nothing left to change').to.equal(false);

    lc.status = { phase: 'Ready', initializers: [], terminators: [] };
    expect(syncLifecycleMetadata(lc)).to.equal(true);
    expect(lc.metadata!.labels).to.deep.equal({ keep: 'me', [phaseLabel]: 'Ready' });
    expect(lc.metadata!.finalizers).to.deep.equal([]);
  });

  it('adds no finalizer to a cluster already being deleted', () => {
    const lc: KubeObject = {
      metadata: { name: 'cluster', deletionTimestamp: '2026-12-07T00:00:00Z' },
      status: { phase: 'Terminating', terminators: ['root:t'] },
    };
    syncLifecycleMetadata(lc);
    expect(lc.metadata!.finalizers ?? []).to.deep.equal([]);
  });
});
