import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { expectFailureStatus, expectStatusCode, mergePatch } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { BINDINGS_PATH, boundSetup, EXPORTS_PATH, exportObject, readBinding } from './support.js';

export const referenceImmutable: ConformanceTest = {
  id: `${AREA}/reference-immutable`,
  area: AREA,
  description:
    "Changing an APIBinding's spec.reference.export (here its name, to another existing export of the same " +
    'provider) MUST be refused with 422 Invalid saying "APIExport reference must not be changed", and the ' +
    'reference MUST stay as it was.',
  level: 'MUST',
  features: BINDING_FEATURES,
  source: ['kcp: test/e2e/apibinding/apibinding_test.go', 'kcp: config/crds/apis.kcp.io_apibindings.yaml'],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { provider, consumer, bindingName } = await boundSetup(ctx);
    const other = ctx.uniqueName('kh-other');
    expectStatusCode(await provider.client.post(EXPORTS_PATH, exportObject(other, provider.schemaName)), 201);
    // kcp's admission resolves a changed reference before the schema's rule runs, and answers 403
    // while the new export has not reached its informers yet: poll until the rule answers.
    await ctx.eventually(
      async () => {
        const response = await mergePatch(consumer.client, `${BINDINGS_PATH}/${bindingName}`, {
          spec: { reference: { export: { path: provider.path, name: other } } },
        });
        const status = expectFailureStatus(response, 422, 'Invalid');
        expect(status.message, 'message').to.contain('APIExport reference must not be changed');
      },
      { description: `changing the reference of APIBinding ${bindingName} refused as immutable` },
    );
    const binding = await readBinding(consumer.client, bindingName);
    expect(binding.spec?.reference?.export).to.deep.equal({ path: provider.path, name: provider.exportName });
  },
};
