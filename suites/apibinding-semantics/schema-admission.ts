import { expect } from 'chai';
import type { ConformanceTest } from '../framework/conformance-test.js';
import { Feature } from '../framework/features.js';
import { expectFailureStatus, expectStatusCode, mergePatch } from '../framework/kube.js';
import { AREA } from './area.js';
import { cowhandSchema, GROUP, PLURAL, schemaName, SCHEMAS_PATH } from './support.js';

export const schemaAdmission: ConformanceTest = {
  id: `${AREA}/schema-name-and-immutability`,
  area: AREA,
  description:
    'An APIResourceSchema whose name does not end in .<plural>.<group> MUST be refused with 403 Forbidden saying ' +
    'it "must end in .<plural>.<group>"; the spec of a stored schema is immutable: a change MUST be refused with ' +
    '403 Forbidden saying it "is immutable", while metadata changes MUST be allowed.',
  level: 'MUST',
  features: [Feature.Workspaces, Feature.APIExports],
  source: [
    'kcp: pkg/admission/apiresourceschema/admission.go',
    'kcp: pkg/admission/apiresourceschema/validation.go',
  ],
  async run(ctx) {
    const { client } = ctx;
    const misnamed = cowhandSchema(`${ctx.uniqueName('s')}.horses.${GROUP}`);
    const refused = expectFailureStatus(await client.post(SCHEMAS_PATH, misnamed), 403, 'Forbidden');
    expect(refused.message, 'message').to.contain(`must end in .${PLURAL}.${GROUP}`);

    const name = schemaName(ctx.uniqueName('s'));
    expectStatusCode(await client.post(SCHEMAS_PATH, cowhandSchema(name)), 201);
    const changed = await mergePatch(client, `${SCHEMAS_PATH}/${name}`, { spec: { scope: 'Cluster' } });
    const immutable = expectFailureStatus(changed, 403, 'Forbidden');
    expect(immutable.message, 'message').to.contain('is immutable');
    expectStatusCode(
      await mergePatch(client, `${SCHEMAS_PATH}/${name}`, {
        metadata: { labels: { 'kcp-harness/touched': 'yes' } },
      }),
      200,
    );
  },
};
