import { expect } from 'chai';
import type { KubeObject } from '../../api/types.js';
import {
  mutatingWebhookConfigurations,
  validatingAdmissionPolicies,
  validatingAdmissionPolicyBindings,
  validatingWebhookConfigurations,
} from './admissionregistration.js';

const errorsOf = (errs: { field: string; detail: string }[]) => errs.map((e) => `${e.field}: ${e.detail}`);

describe('admissionregistration.k8s.io', () => {
  it('validates webhooks as kube does (probed on kcp)', () => {
    const obj: KubeObject = {
      metadata: { name: 'm' },
      webhooks: [
        { name: 'bad' },
        { name: 'a.example.com', clientConfig: { url: 'http://x' }, failurePolicy: 'Bogus' },
      ],
    };
    expect(errorsOf(mutatingWebhookConfigurations.strategy.validateCreate(obj))).to.deep.equal([
      'webhooks[0].name: Invalid value: "bad": should be a domain with at least three segments separated by dots',
      'webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun',
      'webhooks[0].clientConfig: Required value: exactly one of url or service is required',
      'webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1',
      'webhooks[1].failurePolicy: Unsupported value: "Bogus": supported values: "Fail", "Ignore"',
      'webhooks[1].sideEffects: Required value: must specify one of None, NoneOnDryRun',
      'webhooks[1].clientConfig.url: Invalid value: "http": \'https\' is the only allowed URL scheme; desired format: https://host[/path]',
      'webhooks[1].admissionReviewVersions: Required value: must specify one of v1, v1beta1',
    ]);
  });

  it('defaults webhooks and counts generations', () => {
    const obj: KubeObject = {
      metadata: { name: 'v' },
      webhooks: [{ name: 'a.example.com', clientConfig: { service: { namespace: 'ns', name: 's' } } }],
    };
    validatingWebhookConfigurations.strategy.prepareForCreate!(obj);
    expect((obj.webhooks as unknown[])[0]).to.deep.include({
      failurePolicy: 'Fail',
      matchPolicy: 'Equivalent',
      timeoutSeconds: 10,
      clientConfig: { service: { namespace: 'ns', name: 's', port: 443 } },
    });
    expect(obj.metadata?.generation).to.equal(1);
    const next = structuredClone(obj);
    (next.webhooks as { timeoutSeconds: number }[])[0]!.timeoutSeconds = 5;
    validatingWebhookConfigurations.strategy.prepareForUpdate!(next, obj);
    expect(next.metadata?.generation).to.equal(2);
  });

  it('requires the essentials of policies and bindings', () => {
    const policy: KubeObject = { metadata: { name: 'p' }, spec: {} };
    expect(errorsOf(validatingAdmissionPolicies.strategy.validateCreate(policy))).to.deep.equal([
      'spec.matchConstraints: Required value',
      'spec.validations: Required value: validations or auditAnnotations must contain at least one item',
      'spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item',
    ]);
    expect(
      errorsOf(
        validatingAdmissionPolicyBindings.strategy.validateCreate({ metadata: { name: 'b' }, spec: {} }),
      ),
    ).to.deep.equal([
      'spec.policyName: Required value',
      'spec.validationActions: Required value: at least one validation action is required',
    ]);
    const paramRef = validatingAdmissionPolicyBindings.columns.find((c) => c.name === 'ParamRef')!.cell;
    expect(paramRef({ spec: { paramRef: { name: 'x' } } })).to.equal('*/x');
    expect(paramRef({ spec: {} })).to.equal('<unset>');
  });
});
