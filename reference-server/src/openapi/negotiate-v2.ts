// Which form of /openapi/v2 an Accept header gets, as kube-openapi's v2 handler picks it: the
// clauses are ranked (q, then concrete types before wildcards; ties keep their order) and the
// first clause matching an offered type wins, offered types tried in the order JSON, protobuf
// (kubectl's `@v1.0` spelling), protobuf (the dotted spelling). Matching is case-sensitive and a
// q=0 clause still matches, as there; no Accept at all is `*/*`, so JSON. Nothing matching is
// 406. (kube-openapi: pkg/handler/handler.go, with github.com/munnerz/goautoneg)

import { parseAccept } from '../discovery/negotiation.js';

export type OpenAPIV2Form = 'json' | 'protobuf';

const offered: readonly { subType: string; form: OpenAPIV2Form }[] = [
  { subType: 'json', form: 'json' },
  { subType: 'com.github.proto-openapi.spec.v2@v1.0+protobuf', form: 'protobuf' },
  { subType: 'com.github.proto-openapi.spec.v2.v1.0+protobuf', form: 'protobuf' },
];

/** The form to answer in, or undefined for 406. */
export function negotiateOpenAPIV2(accept: string | undefined): OpenAPIV2Form | undefined {
  const header = accept === undefined || accept === '' ? '*/*' : accept;
  for (const clause of parseAccept(header)) {
    if (clause.type !== 'application' && clause.type !== '*') continue;
    const match = offered.find((o) => clause.subType === o.subType || clause.subType === '*');
    if (match) return match.form;
  }
  return undefined;
}
