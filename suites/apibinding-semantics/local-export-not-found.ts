import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { expectStatusCode } from '../framework/kube.js';
import { AREA, BINDING_FEATURES } from './area.js';
import { createConsumer, postBinding, waitBindingCondition } from './support.js';

export const localExportNotFound: ConformanceTest = {
  id: `${AREA}/local-export-not-found`,
  area: AREA,
  description:
    'An APIBinding that references an APIExport by name alone (no path: the own workspace) that does not exist ' +
    'MUST be accepted and then report APIExportValid False with reason APIExportNotFound, without reaching Bound.',
  level: 'MUST',
  features: BINDING_FEATURES,
  source: [
    'kcp: pkg/reconciler/apis/apibinding/apibinding_reconcile.go',
    'kcp: pkg/admission/apibinding/apibinding_admission.go',
  ],
  deadline: workspaceDeadline(1),
  async run(ctx) {
    const consumer = await createConsumer(ctx);
    const name = ctx.uniqueName('kh-binding');
    expectStatusCode(await postBinding(consumer.client, name, { name: ctx.uniqueName('kh-missing') }), 201);
    const binding = await waitBindingCondition(
      ctx,
      consumer.client,
      name,
      'APIExportValid',
      'False',
      'APIExportNotFound',
    );
    expect(binding.status?.phase, 'phase').not.to.equal('Bound');
  },
};
