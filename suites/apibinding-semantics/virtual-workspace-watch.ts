import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import type { WatchEvent } from '../framework/http/watch.js';
import { expectStatusCode, type KubeList } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  bindAndWait,
  collectionPath,
  cowhand,
  createConsumer,
  createProvider,
  objectPath,
} from './support.js';
import { ALL_COWHANDS, CLUSTER_ANNOTATION, virtualWorkspaceOf } from './virtual-workspace-support.js';

interface EventObject {
  metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> };
  spec?: { task?: string };
}

export const virtualWorkspaceWatch: ConformanceTest = {
  id: `${AREA}/virtual-workspace-watch`,
  area: AREA,
  description:
    "A watch on an APIExport's virtual workspace at /clusters/* from a list's resourceVersion MUST deliver " +
    "every consumer's creates, updates and deletes of bound objects in order, each object annotated " +
    "kcp.io/cluster with its consumer, and a watch resumed from an event's resourceVersion MUST continue " +
    'exactly after it.',
  level: 'MUST',
  features: [...BINDING_FEATURES, Feature.APIExportVirtualWorkspace, Feature.Watch],
  source: [
    'kcp: test/e2e/virtual/apiexport/virtualworkspace_test.go',
    'kcp: pkg/virtual/framework/forwardingregistry/store.go',
  ],
  deadline: workspaceDeadline(3),
  async run(ctx) {
    const provider = await createProvider(ctx);
    const one = await createConsumer(ctx);
    const two = await createConsumer(ctx);
    await bindAndWait(ctx, one, provider);
    await bindAndWait(ctx, two, provider);
    const vw = await virtualWorkspaceOf(ctx, provider);
    const list = await ctx.eventually(
      async () => expectStatusCode(await vw.all.get<KubeList>(ALL_COWHANDS), 200),
      { description: `list ${ALL_COWHANDS} through ${vw.url}` },
    );
    const watch = await vw.all.watch({
      path: ALL_COWHANDS,
      resourceVersion: list.metadata.resourceVersion,
      signal: ctx.signal,
    });
    const describe = (e: WatchEvent) => {
      const o = e.object as EventObject;
      return `${e.type} ${o.metadata?.annotations?.[CLUSTER_ANNOTATION]}/${o.metadata?.name}`;
    };
    const next = async () => {
      const event = await watch.nextMatching((e) => e.type !== 'BOOKMARK');
      return { event, text: describe(event), object: event.object as EventObject };
    };
    try {
      const a = ctx.uniqueName('hand');
      const b = ctx.uniqueName('hand');
      expectStatusCode(await one.client.post(collectionPath(one.namespace), cowhand(a)), 201);
      expectStatusCode(await two.client.post(collectionPath(two.namespace), cowhand(b)), 201);
      const first = await next();
      const second = await next();
      expect([first.text, second.text], 'creates in both consumers').to.deep.equal([
        `ADDED ${one.workspace.clusterName}/${a}`,
        `ADDED ${two.workspace.clusterName}/${b}`,
      ]);
      const path = objectPath(one.namespace, a);
      const current = expectStatusCode(await one.client.get<EventObject>(path), 200);
      expectStatusCode(await one.client.put(path, { ...current, spec: { task: 'rope' } }), 200);
      const modified = await next();
      expect(modified.text).to.equal(`MODIFIED ${one.workspace.clusterName}/${a}`);
      expect(modified.object.spec?.task).to.equal('rope');
      expectStatusCode(await one.client.delete(path), 200);
      expect((await next()).text).to.equal(`DELETED ${one.workspace.clusterName}/${a}`);
      watch.close();

      // Resuming after the first ADDED replays exactly what followed it.
      const resumed = await vw.all.watch({
        path: ALL_COWHANDS,
        resourceVersion: first.object.metadata?.resourceVersion ?? '',
        signal: ctx.signal,
      });
      try {
        const replay: string[] = [];
        for (let i = 0; i < 3; i += 1)
          replay.push(describe(await resumed.nextMatching((e) => e.type !== 'BOOKMARK')));
        expect(replay, 'events after the first resourceVersion').to.deep.equal([
          `ADDED ${two.workspace.clusterName}/${b}`,
          `MODIFIED ${one.workspace.clusterName}/${a}`,
          `DELETED ${one.workspace.clusterName}/${a}`,
        ]);
      } finally {
        resumed.close();
      }
    } finally {
      watch.close();
    }
  },
};
