// HTTP side of `<plural>/scale` for custom resources: GET, PUT and PATCH of an autoscaling/v1
// Scale (scale.ts holds the semantics). Other verbs get kube's 405.

import type { AdmissionPlugin } from '../admission/admission.js';
import { methodNotSupported } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import type { Scope } from '../registry/scope.js';
import { parseWriteOptions } from '../registry/write-options.js';
import type { RequestContext } from '../server/context.js';
import { readBody, readJSONBody, writeJSON } from '../server/respond.js';
import type { Store } from '../storage/store.js';
import type { ScaleSubresource } from './crd-object.js';
import { getScale, patchScale, updateScale } from './scale.js';

export async function serveScale(
  ctx: RequestContext,
  deps: { store: Store; admit: AdmissionPlugin },
  scope: Scope,
  paths: ScaleSubresource,
): Promise<void> {
  const i = ctx.info;
  const check = (obj: KubeObject, old: KubeObject) =>
    deps.admit({ operation: 'update', scope, name: i.name, object: obj, old, user: ctx.user! });
  switch (i.verb) {
    case 'get':
      return writeJSON(ctx.res, 200, await getScale(deps.store, scope, i.name, paths));
    case 'update': {
      const { dryRun } = parseWriteOptions(i.query, 'UpdateOptions');
      const body = (await readJSONBody(ctx.req, {
        apiVersion: 'autoscaling/v1',
        kind: 'Scale',
      })) as KubeObject;
      return writeJSON(
        ctx.res,
        200,
        await updateScale(deps.store, scope, i.name, body, paths, { check, dryRun }),
      );
    }
    case 'patch': {
      const { dryRun } = parseWriteOptions(i.query, 'PatchOptions');
      const body = await readBody(ctx.req);
      const contentType = ctx.req.headers['content-type'] ?? '';
      return writeJSON(
        ctx.res,
        200,
        await patchScale(deps.store, scope, i.name, contentType, body, paths, { check, dryRun }),
      );
    }
    default:
      throw methodNotSupported(
        { group: scope.type.group, resource: `${scope.type.names.plural}/scale` },
        i.verb,
      );
  }
}
