// PATCH with Content-Type application/apply-patch+yaml: decode the configuration (YAML 1.1, as
// kube's sigs.k8s.io/yaml), check it names the endpoint's kind, then apply it to the stored
// object, or create the object from it when there is none (kube's create-on-apply), with
// kube's answers for a bad configuration. Writes go through the registry's create/update with
// the managedFields computed here; a concurrent write is retried unless the configuration pins a
// resourceVersion.

import { parse, parseDocument } from 'yaml';
import { jsonTooDeep, maxJSONDepth } from '../../api/json-depth.js';
import { ApiError, badRequest } from '../../api/status.js';
import type { KubeObject } from '../../api/types.js';
import { createObject, getObject, updateObject } from '../objects.js';
import { groupVersion } from '../resource-type.js';
import type { Scope } from '../scope.js';
import type { Store } from '../../storage/store.js';
import { type FieldValidation, strictWarnings } from '../field-validation.js';
import { applyConfiguration } from './apply.js';
import { updateLastApplied } from './last-applied.js';
import { undeclaredFields } from './typed-walk.js';
import { trackContext } from './write-context.js';

export interface ApplyPatchOptions {
  manager: string;
  force: boolean;
  subresource?: string;
  dryRun?: boolean;
  fieldValidation: FieldValidation;
  /** Admission of the resulting create or update. */
  admitCreate(obj: KubeObject): Promise<void>;
  admitUpdate(obj: KubeObject, old: KubeObject): Promise<void>;
}

/**
 * The configuration and its duplicate keys (`line 7: key "a" already set in map`, as go-yaml
 * words them): Strict refuses them, Warn reports them, Ignore keeps the last value silently.
 */
function decodeConfiguration(
  body: Buffer,
  validation: FieldValidation,
): { config: KubeObject; warnings: string[] } {
  const text = body.toString('utf8');
  // Flow collections nest like JSON; Go's decoders stop at the same depth.
  if (jsonTooDeep(text)) throw badRequest(`error decoding YAML: exceeded max depth ${maxJSONDepth}`);
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: true, prettyErrors: true });
  const duplicates: string[] = [];
  for (const e of doc.errors) {
    if (e.code !== 'DUPLICATE_KEY') {
      const reason = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw badRequest(`error decoding YAML: error converting YAML to JSON: yaml: ${reason}`);
    }
    const line = e.linePos?.[0]?.line ?? 0;
    const key = /^\s*("?)([^:"]*)\1\s*:/.exec(text.split('\n')[line - 1] ?? '')?.[2] ?? '';
    duplicates.push(`line ${line}: key ${JSON.stringify(key)} already set in map`);
  }
  if (duplicates.length > 0 && validation === 'Strict')
    throw badRequest(
      `error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n${duplicates.map((d) => `  ${d}`).join('\n')}`,
    );
  let value: unknown;
  try {
    value = parse(text, { version: '1.1', uniqueKeys: false });
  } catch (e) {
    // An unresolved alias, or more alias expansions than allowed (a "billion laughs" document).
    throw badRequest(`error decoding YAML: error converting YAML to JSON: yaml: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw badRequest('error decoding YAML: the apply configuration must be an object');
  return { config: value as KubeObject, warnings: validation === 'Warn' ? strictWarnings(duplicates) : [] };
}

/** `group/version, Kind=kind` as Go prints a GroupVersionKind. */
function gvkString(apiVersion: unknown, kind: unknown): string {
  const av = typeof apiVersion === 'string' ? apiVersion : '';
  const gv = av.includes('/') ? av : `/${av}`;
  return `${gv}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

const maxAttempts = 5;

export async function applyPatch(
  store: Store,
  scope: Scope,
  name: string,
  body: Buffer,
  options: ApplyPatchOptions,
): Promise<{ object: KubeObject; created: boolean; warnings: string[] }> {
  const { config, warnings } = decodeConfiguration(body, options.fieldValidation);
  if (config.apiVersion !== groupVersion(scope.type) || config.kind !== scope.type.names.kind)
    throw badRequest(`invalid object type: ${gvkString(config.apiVersion, config.kind)}`);
  if (config.metadata?.managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
  const ctx = () => trackContext(scope.type, options.subresource, [config]);
  const undeclared = undeclaredFields(config, ctx().node);
  if (undeclared.length > 0) {
    const ns = typeof config.metadata?.namespace === 'string' ? config.metadata.namespace : '';
    const id = `${ns}/${String(config.metadata?.name ?? '')}; ${gvkString(config.apiVersion, config.kind)}`;
    // kube-apiserver answers this client mistake with a 500 without a reason; we keep its words
    // but answer 400 BadRequest (never a 500 for a client's error). README lists the difference.
    throw badRequest(
      `failed to create typed patch object (${id}): ${undeclared.map((p) => `${p}: field not declared in schema`).join('\n')}`,
    );
  }
  const pinned =
    typeof config.metadata?.resourceVersion === 'string' && config.metadata.resourceVersion !== '';
  for (let attempt = 1; ; attempt++) {
    let live: KubeObject | undefined;
    try {
      live = await getObject(store, scope, name);
    } catch (e) {
      if ((e as { code?: number }).code !== 404 || options.subresource) throw e;
    }
    try {
      if (!live) {
        const created = applyConfiguration(
          { live: undefined, config, manager: options.manager, force: options.force },
          ctx(),
        );
        updateLastApplied(created, config, options.manager);
        const meta = (created.metadata ??= {});
        if (meta.name === undefined) meta.name = name;
        if (meta.name !== name)
          throw badRequest(
            `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`,
          );
        await options.admitCreate(created);
        const object = await createObject(store, scope, created, options.dryRun ? { dryRun: true } : {});
        return { object, created: true, warnings };
      }
      const next = applyConfiguration(
        { live, config, manager: options.manager, force: options.force },
        ctx(),
      );
      updateLastApplied(next, config, options.manager);
      const meta = (next.metadata ??= {});
      meta.resourceVersion = pinned ? config.metadata!.resourceVersion : live.metadata?.resourceVersion;
      const object = await updateObject(store, scope, name, next, {
        ...(options.subresource ? { subresource: options.subresource } : {}),
        ...(options.dryRun ? { dryRun: true } : {}),
        check: (obj, old) => options.admitUpdate(obj, old),
      });
      return { object, created: false, warnings };
    } catch (e) {
      const code = (e as { code?: number }).code;
      const retriable =
        (code === 409 && !(e instanceof ApiError && isApplyConflict(e))) || (code === 409 && !live);
      if (retriable && !pinned && attempt < maxAttempts) continue;
      throw e;
    }
  }
}

function isApplyConflict(e: ApiError): boolean {
  return (e.status.details?.causes ?? []).some((c) => c.reason === 'FieldManagerConflict');
}
