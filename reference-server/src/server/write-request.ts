// The options and body of a create or update as kube-apiserver reads them: dryRun and
// fieldValidation validated first (422 on bad values), then the body decoded strictly against the
// type's known fields: Strict fails with 400, Warn answers 299 Warning headers, and unknown fields
// are dropped as Go's decoding drops them.

import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../api/types.js';
import {
  enforce,
  pruneUnknownFields,
  strictBodyError,
  strictErrorsOfBody,
} from '../registry/field-validation.js';
import { knownFieldsOf } from '../registry/known-fields.js';
import { checkBodyDecodable } from '../registry/openapi-decode-check.js';
import { unknownFieldPaths } from '../apiextensions/pruning.js';
import { groupVersion, type ResourceType } from '../registry/resource-type.js';
import { type OptionsKind, parseWriteOptions, type WriteOptions } from '../registry/write-options.js';
import type { RequestContext } from './context.js';
import { readJSONBody } from './respond.js';

/**
 * A header value as Go writes it: the text's UTF-8 bytes (Node sends a header string as
 * latin1, so each byte becomes one char), without the control characters a header cannot carry.
 * Warnings quote client text (unknown field names), which may hold anything.
 */
export function headerSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return Buffer.from(text.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, ' '), 'utf8').toString('latin1');
}

/** Adds Warning header values, keeping any already set. */
export function addWarnings(res: ServerResponse, warnings: string[]): void {
  if (warnings.length === 0) return;
  const existing = res.getHeader('Warning');
  const before = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader('Warning', [...before, ...warnings.map(headerSafe)]);
}

export async function readWriteRequest(
  ctx: RequestContext,
  type: ResourceType,
  kind: Extract<OptionsKind, 'CreateOptions' | 'UpdateOptions'>,
): Promise<{ body: KubeObject; options: WriteOptions }> {
  const options = parseWriteOptions(ctx.info.query, kind);
  const sink: { text?: string } = {};
  const body = (await readJSONBody(
    ctx.req,
    { apiVersion: groupVersion(type), kind: type.names.kind },
    sink,
  )) as KubeObject;
  // Before anything reads it: a value of the wrong type is the decoder's 400, as in kube.
  checkBodyDecodable(type, body);
  const known = knownFieldsOf(type.group, type.names.plural);
  if (options.fieldValidation !== 'Ignore' && sink.text !== undefined) {
    const errors = strictErrorsOfBody(sink.text, known);
    // Custom resources: the fields their schema prunes are the unknown ones (sorted, as kube reports them).
    if (type.schema && !known)
      errors.push(...unknownFieldPaths(type.schema, body).map((p) => `unknown field "${p}"`));
    addWarnings(
      ctx.res,
      enforce(options.fieldValidation, errors, () => strictBodyError(type.names.kind, type.version, errors)),
    );
  }
  if (known) pruneUnknownFields(body, known);
  return { body, options };
}
