import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { describeResponse, expectStatusCode } from '../framework/kube.js';
import { AREA } from './area.js';
import { bindClusterRole, eventuallyStatus, userSubject, WORKSPACE_ACCESS } from './rbac.js';

interface VersionInfo {
  major?: string;
  minor?: string;
  gitVersion?: string;
}

export const healthAndVersion: ConformanceTest = {
  id: `${AREA}/health-and-version-with-access`,
  area: AREA,
  description:
    'A user with access to a workspace and no other grant MUST get "ok" from /healthz, /readyz and /livez ' +
    'and a version object from /version under /clusters/<workspace>.',
  level: 'MUST',
  features: [Feature.Workspaces],
  source: ['kcp: test/e2e/authorizer/authorizer_test.go', 'kcp: pkg/server/options/authorization.go'],
  async run(ctx) {
    const [member] = ctx.users(1);
    await bindClusterRole(ctx.client, ctx.uniqueName('kh-access'), WORKSPACE_ACCESS, [
      userSubject(member.name),
    ]);
    const version = await eventuallyStatus(
      ctx,
      () => member.client.get<VersionInfo>('/version'),
      200,
      `${member.name} reads /version`,
    );
    const info = version.body as VersionInfo | undefined;
    expect(info, describeResponse(version)).to.be.an('object');
    for (const field of ['major', 'minor', 'gitVersion'] as const)
      expect(info?.[field], `${field} of ${describeResponse(version)}`)
        .to.be.a('string')
        .and.not.equal('');
    for (const path of ['/healthz', '/readyz', '/livez']) {
      const response = await member.client.get(path, { headers: { accept: 'text/plain' } });
      expectStatusCode(response, 200);
      expect(response.text, describeResponse(response)).to.equal('ok');
    }
  },
};
