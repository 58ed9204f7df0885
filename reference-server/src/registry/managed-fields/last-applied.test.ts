import { expect } from 'chai';
import { lastAppliedAnnotation, updateLastApplied } from './last-applied.js';

describe('managed-fields/last-applied', () => {
  const config = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', namespace: 'd', annotations: { [lastAppliedAnnotation]: 'old' } },
    data: { b: '<&>', a: '1' },
  };

  it('rewrites the annotation to the applied configuration when kubectl applies', () => {
    const result = { metadata: { name: 'c', annotations: { [lastAppliedAnnotation]: 'old', x: 'y' } } };
    updateLastApplied(result, config, 'kubectl');
    expect(result.metadata.annotations[lastAppliedAnnotation]).to.equal(
      '{"apiVersion":"v1","data":{"a":"1","b":"\\u003c\\u0026\\u003e"},"kind":"ConfigMap","metadata":{"name":"c","namespace":"d"}}',
    );
    expect(result.metadata.annotations.x).to.equal('y');
  });

  it('leaves objects without the annotation, and other managers, alone', () => {
    const plain = { metadata: { name: 'c' } };
    updateLastApplied(plain, config, 'kubectl');
    expect(plain).to.deep.equal({ metadata: { name: 'c' } });
    const other = { metadata: { name: 'c', annotations: { [lastAppliedAnnotation]: 'old' } } };
    updateLastApplied(other, config, 'helm');
    expect(other.metadata.annotations[lastAppliedAnnotation]).to.equal('old');
  });
});
