import { expect } from 'chai';
import { scaleOf } from './scale.js';

describe('scale subresource view', () => {
  const paths = {
    specReplicasPath: '.spec.replicas',
    statusReplicasPath: '.status.replicas',
    labelSelectorPath: '.status.selector',
  };
  const meta = {
    name: 'a',
    namespace: 'ns',
    uid: 'u',
    resourceVersion: '7',
    creationTimestamp: 't',
    labels: { x: 'y' },
  };

  it('reads replicas and selector at the CRD paths, metadata reduced to identity', () => {
    expect(
      scaleOf({ metadata: meta, spec: { replicas: 2 }, status: { replicas: 1, selector: 'app=x' } }, paths),
    ).to.deep.equal({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'a', namespace: 'ns', uid: 'u', resourceVersion: '7', creationTimestamp: 't' },
      spec: { replicas: 2 },
      status: { replicas: 1, selector: 'app=x' },
    });
  });

  it('answers 0 replicas and no selector when the object has none', () => {
    const scale = scaleOf({ metadata: { name: 'a' }, spec: {} }, paths);
    expect(scale.spec).to.deep.equal({ replicas: 0 });
    expect(scale.status).to.deep.equal({ replicas: 0 });
  });
});
