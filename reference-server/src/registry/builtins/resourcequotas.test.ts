import { expect } from 'chai';
import type { KubeObject } from '../../api/types.js';
import { resourcequotas } from './resourcequotas.js';

const quota = (spec: Record<string, unknown>): KubeObject => ({
  metadata: { name: 'q', namespace: 'default' },
  spec,
});
const errorsOf = (obj: KubeObject) =>
  resourcequotas.strategy.validateCreate(obj).map((e) => `${e.field}: ${e.detail}`);

describe('ResourceQuota', () => {
  it('validates resource names, signs, integers and scopes as kube does (probed on kcp)', () => {
    const q = quota({ hard: { configmaps: '-1', foo: '2', 'count/x': '1.5' }, scopes: ['Bogus'] });
    resourcequotas.strategy.prepareForCreate!(q);
    expect(errorsOf(q)).to.deep.equal([
      'spec.hard[configmaps]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.hard[count/x]: Invalid value: "1500m": must be an integer',
      'spec.hard[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
      'spec.hard[foo]: Invalid value: "foo": must be a standard resource for quota',
      'spec.scopes: Invalid value: ["Bogus"]: unsupported scope',
    ]);
  });

  it('refuses a quantity Go cannot parse with a 400, and writes the others canonical and sorted', () => {
    expect(() => resourcequotas.strategy.prepareForCreate!(quota({ hard: { cpu: 'abc' } }))).to.throw(
      'quantities must match the regular expression',
    );
    const q = quota({ hard: { memory: '2048Ki', cpu: '1.5' } });
    resourcequotas.strategy.prepareForCreate!(q);
    expect(JSON.stringify(q.spec)).to.equal('{"hard":{"cpu":"1500m","memory":"2Mi"}}');
    expect(q.status).to.deep.equal({});
  });

  it('prints used/hard per resource, limits.* in the Limit column', () => {
    const q = {
      ...quota({}),
      status: {
        hard: { pods: '10', 'count/secrets': '5', 'limits.memory': '1Gi' },
        used: { 'count/secrets': '2' },
      },
    };
    const [request, limit] = resourcequotas.columns.map((c) => c.cell(q));
    expect(request).to.equal('count/secrets: 2/5, pods: 0/10');
    expect(limit).to.equal('limits.memory: 0/1Gi');
  });
});
