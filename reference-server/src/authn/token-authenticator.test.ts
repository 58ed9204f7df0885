// Bearer tokens as kube's bearertoken authenticator reads them, and the static token table.

import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import { bearerToken, bearerTokenAuthenticator, staticTokenAuthenticator } from './token-authenticator.js';

describe('bearer tokens', () => {
  it('reads the token the way kube-apiserver splits the header', () => {
    expect(bearerToken('Bearer abc')).to.equal('abc');
    expect(bearerToken('  bearer abc  ')).to.equal('abc');
    expect(bearerToken('Bearer abc def')).to.equal('abc');
    expect(bearerToken('Bearer  abc')).to.equal(undefined); // two spaces: empty token
    expect(bearerToken('Bearer ')).to.equal(undefined);
    expect(bearerToken('Basic Zm9vOmJhcg==')).to.equal(undefined);
    expect(bearerToken('')).to.equal(undefined);
    expect(bearerToken(undefined)).to.equal(undefined);
  });

  it('fails an unknown bearer token and ignores a request without one', async () => {
    const tokens = staticTokenAuthenticator(new Map([['t', { name: 'u', uid: '1', groups: ['g'] }]]));
    const auth = bearerTokenAuthenticator(tokens);
    const req = (authorization?: string) => ({ headers: { authorization } }) as unknown as IncomingMessage;
    expect(await auth(req('Bearer t'))).to.deep.equal({ user: { name: 'u', uid: '1', groups: ['g'] } });
    expect(await auth(req('Bearer nope'))).to.deep.equal({ failed: 'invalid bearer token' });
    expect(await auth(req('Basic x'))).to.equal(undefined);
    expect(await auth(req())).to.equal(undefined);
  });
});
