// The query parameters that decide where a watch starts, validated and defaulted as
// kube-apiserver does with the WatchList feature on (Kubernetes 1.36, as kcp runs it):
// k8s.io/apimachinery pkg/apis/meta/internalversion (defaults.go, validation/validation.go).

import { invalid, type InvalidField } from '../api/status.js';
import { parseResourceVersion } from '../registry/objects.js';

export const initialEventsEndAnnotation = 'k8s.io/initial-events-end';

export interface WatchStart {
  /** Send the current objects as ADDED first (sendInitialEvents=true, or the legacy RV "" / "0"). */
  initialEvents: boolean;
  /**
   * With initialEvents: the listed state must be at least this fresh (0: any).
   * Without: resume after this revision (exclusive); undefined means "from now".
   */
  revision: number | undefined;
  /** allowWatchBookmarks: periodic BOOKMARKs and, after the initial events, the initial-events-end one. */
  bookmarks: boolean;
}

/**
 * A boolean query parameter as Kubernetes converts it (runtime.Convert_Slice_string_To_bool):
 * absent → undefined; "0" or "false" (any case) → false; anything else, even "" → true.
 */
export function queryBool(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  return !(raw === '0' || raw.toLowerCase() === 'false');
}

const notOlderThan = 'NotOlderThan';

function forbidden(field: string, detail: string): InvalidField {
  return { type: 'FieldValueForbidden', field, detail: `Forbidden: ${detail}` };
}

export function parseWatchStart(query: URLSearchParams): WatchStart {
  const resourceVersion = query.get('resourceVersion') ?? '';
  let send = queryBool(query, 'sendInitialEvents');
  let match = query.get('resourceVersionMatch') ?? '';
  const bookmarks = queryBool(query, 'allowWatchBookmarks') ?? false;

  // SetListOptionsDefaults: a legacy watch from "" or "0" is a request for the initial state.
  const legacy = resourceVersion === '' || resourceVersion === '0';
  if (send === undefined && match === '' && legacy) {
    send = true;
    match = notOlderThan;
  }

  const errors: InvalidField[] = [];
  if (send !== undefined && match !== notOlderThan)
    errors.push(
      forbidden(
        'resourceVersionMatch',
        `sendInitialEvents requires setting resourceVersionMatch to ${notOlderThan}`,
      ),
    );
  if (match !== '') {
    if (send === undefined)
      errors.push(
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
        ),
      );
    if (match !== notOlderThan)
      errors.push({
        type: 'FieldValueNotSupported',
        field: 'resourceVersionMatch',
        detail: `Unsupported value: ${JSON.stringify(match)}: supported values: "${notOlderThan}"`,
      });
    if ((query.get('continue') ?? '') !== '')
      errors.push(
        forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'),
      );
  }
  if (errors.length > 0) throw invalid('meta.k8s.io', 'ListOptions', '', errors);

  const revision = legacy ? undefined : parseResourceVersion(resourceVersion);
  if (send === true) return { initialEvents: true, revision: revision ?? 0, bookmarks };
  return { initialEvents: false, revision, bookmarks };
}
