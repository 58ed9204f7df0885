import { expect } from 'chai';
import { workspaceDeadline, type ConformanceTest } from '../framework/conformance-test.js';
import { describeResponse } from '../framework/kube.js';
import { PATH_ANNOTATION } from '../framework/tenancy.js';
import { AREA, BINDING_FEATURES } from './area.js';
import {
  BINDING_FINALIZER,
  BINDINGS_PATH,
  bindingObject,
  boundSetup,
  EXPORT_LABEL,
  exportLabelValue,
  readBinding,
  referenceTo,
  type APIBinding,
} from './support.js';

export const bindingFinalizerAndLabel: ConformanceTest = {
  id: `${AREA}/binding-finalizer-and-label`,
  area: AREA,
  description:
    'Every APIBinding MUST carry the finalizer apis.kcp.io/apibinding-finalizer, the annotation kcp.io/path ' +
    "naming its workspace, and the label internal.apis.kcp.io/export computed by the server from the export's " +
    'logical cluster and name; a client-set value of that label MUST be replaced by the computed one.',
  level: 'MUST',
  features: BINDING_FEATURES,
  source: [
    'kcp: pkg/admission/apibindingfinalizer/apibindingfinalizer_admission.go',
    'kcp: pkg/admission/apibinding/apibinding_admission.go',
    'kcp: pkg/admission/pathannotation/pathannotation_admission.go',
    'kcp: staging/src/github.com/kcp-dev/sdk/apis/apis/v1alpha2/permissionclaims/labels.go',
  ],
  deadline: workspaceDeadline(2),
  async run(ctx) {
    const { provider, consumer, bindingName } = await boundSetup(ctx);
    const expected = exportLabelValue(provider.clusterName, provider.exportName);
    const binding = await readBinding(consumer.client, bindingName);
    expect(binding.metadata.finalizers, 'metadata.finalizers').to.include(BINDING_FINALIZER);
    expect(binding.metadata.labels?.[EXPORT_LABEL], `label ${EXPORT_LABEL}`).to.equal(expected);
    expect(binding.metadata.annotations?.[PATH_ANNOTATION], `annotation ${PATH_ANNOTATION}`).to.equal(
      consumer.workspace.path,
    );

    // A second binding to the same export, sent with a made-up label value: admission is what is
    // checked here (the binding itself then waits in NamingConflicts behind the first).
    const labelled = bindingObject(ctx.uniqueName('kh-labelled'), referenceTo(provider));
    labelled.metadata.labels = { [EXPORT_LABEL]: 'kh-made-up' };
    const response = await consumer.client.post<APIBinding>(BINDINGS_PATH, labelled);
    expect(response.status, describeResponse(response)).to.equal(201);
    expect(response.body.metadata.labels?.[EXPORT_LABEL], 'label after a client-set value').to.equal(
      expected,
    );
    expect(response.body.metadata.finalizers, 'metadata.finalizers of the second binding').to.include(
      BINDING_FINALIZER,
    );
  },
};
