import { expect } from 'chai';
import type { ApiResponse, ClusterClient } from '../http/client.js';
import { findImpersonator, PROBE_USER, SCOPES_EXTRA } from './impersonation.js';

/** A candidate whose server answers the probe with `status` and `userInfo`; records the headers sent. */
function candidate(name: string, status: number, userInfo?: object, sent: Record<string, string>[] = []) {
  const answer = (headers: Record<string, string>): ClusterClient =>
    ({
      baseUrl: 'https://h/clusters/root',
      withHeaders: (extra: Record<string, string>) => answer({ ...headers, ...extra }),
      post: async () => {
        sent.push(headers);
        return {
          method: 'POST',
          url: 'https://h/clusters/root/apis/authentication.k8s.io/v1/selfsubjectreviews',
          status,
          headers: {},
          body: userInfo ? { status: { userInfo } } : undefined,
          text: JSON.stringify(userInfo ?? {}),
        } as ApiResponse<never>;
      },
    }) as unknown as ClusterClient;
  return { name, clientAt: () => answer({}) };
}

describe('finding an impersonator', () => {
  it('takes the first candidate the server answers with the impersonated name', async () => {
    const sent: Record<string, string>[] = [];
    const search = await findImpersonator(
      [
        candidate('refused', 403, undefined, sent),
        // A server that ignores Impersonate-User answers with the caller's own name.
        candidate('ignored', 201, { username: 'ignored', groups: ['system:authenticated'] }, sent),
        candidate('kcp-admin', 201, {
          username: PROBE_USER,
          groups: ['system:authenticated'],
          extra: { [SCOPES_EXTRA]: ['cluster:root'] },
        }),
        candidate('never asked', 201, { username: PROBE_USER }, sent),
      ],
      'https://h/clusters/root',
    );
    expect(sent).to.deep.equal([{ 'impersonate-user': PROBE_USER }, { 'impersonate-user': PROBE_USER }]);
    expect(search.impersonator).to.deep.include({
      name: 'kcp-admin',
      scoped: true,
      groups: ['system:authenticated'],
    });
    expect(search.evidence).to.have.length(3);
    expect(search.evidence[0]).to.match(/^refused cannot impersonate: .* -> 403/);
    expect(search.evidence[2]).to.contain('scopes cluster:root');
  });

  it('finds none when nobody may impersonate, with evidence for each', async () => {
    const search = await findImpersonator(
      [candidate('a', 403), candidate('b', 401)],
      'https://h/clusters/root',
    );
    expect(search.impersonator).to.equal(undefined);
    expect(search.evidence).to.have.length(2);
  });

  it('treats an unscoped answer as unscoped', async () => {
    const search = await findImpersonator(
      [candidate('shard-admin', 201, { username: PROBE_USER, groups: ['system:authenticated'] })],
      'https://h/clusters/root',
    );
    expect(search.impersonator?.scoped).to.equal(false);
  });
});
