// List continuation tokens: opaque to clients, base64 of the next key and the list's revision
// (the shape of k8s.io/apiserver's continueToken: {"v","rv","start"}).

import { badRequest } from '../api/status.js';

export interface ContinueToken {
  key: string;
  revision: number;
}

export function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: t.revision, start: t.key })).toString(
    'base64url',
  );
}

export function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      v?: unknown;
      rv?: unknown;
      start?: unknown;
    };
    if (
      parsed.v === 'meta.k8s.io/v1' &&
      typeof parsed.rv === 'number' &&
      typeof parsed.start === 'string' &&
      parsed.start !== ''
    )
      return { key: parsed.start, revision: parsed.rv };
  } catch {
    // fall through to the client error below
  }
  throw badRequest('continue key is not valid: the token could not be decoded');
}
