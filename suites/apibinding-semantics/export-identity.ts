import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { expectStatusCode, type KubeObject } from '../framework/kube.js';
import { findCondition } from '../framework/tenancy.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { createProvider, EXPORTS_PATH, type APIExport } from './support.js';

export const exportIdentity: ConformanceTest = {
  id: `${AREA}/export-identity-secret`,
  area: AREA,
  description:
    'An APIExport created without spec.identity MUST get spec.identity.secretRef kcp-system/<export name>, a ' +
    'Secret of that name in the provider workspace, a status.identityHash that is the lowercase hex SHA-256 ' +
    "of the Secret's data.key, and condition IdentityValid True.",
  level: 'MUST',
  features: BINDING_FEATURES,
  source: [
    'kcp: pkg/reconciler/apis/apiexport/apiexport_reconcile.go',
    'kcp: pkg/identity/identity.go',
    'kcp: test/e2e/apibinding/apibinding_adoption_test.go',
  ],
  deadline: workspaceDeadline(1),
  async run(ctx) {
    const provider = await createProvider(ctx);
    expect(provider.identityHash, 'status.identityHash').to.match(/^[0-9a-f]{64}$/);
    const exported = await ctx.eventually(
      async () => {
        const body = expectStatusCode(
          await provider.client.get<APIExport>(`${EXPORTS_PATH}/${provider.exportName}`),
          200,
        );
        expect(findCondition(body, 'IdentityValid')?.status, 'condition IdentityValid').to.equal('True');
        return body;
      },
      { description: `APIExport ${provider.exportName} IdentityValid` },
    );
    expect(exported.spec?.identity?.secretRef, 'spec.identity.secretRef').to.deep.equal({
      namespace: 'kcp-system',
      name: provider.exportName,
    });
    const secret = expectStatusCode(
      await provider.client.get<KubeObject & { data?: Record<string, string> }>(
        `/api/v1/namespaces/kcp-system/secrets/${provider.exportName}`,
      ),
      200,
    );
    const key = secret.data?.key;
    expect(key, 'data.key of the identity Secret').to.be.a('string').and.not.equal('');
    // The hash is taken of the key's bytes as stored (the base64 of data.key decoded).
    const hash = createHash('sha256').update(Buffer.from(key!, 'base64')).digest('hex');
    expect(exported.status?.identityHash, 'status.identityHash = sha256(data.key)').to.equal(hash);
  },
};
