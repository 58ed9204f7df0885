import { expect } from 'chai';
import { decideFeatures, describeDecision, privilegedIdentityDecision } from './feature-decisions.js';
import type { InferenceDecision } from './feature-inference.js';
import { ALL_FEATURES, Feature } from './features.js';

const inferred: InferenceDecision[] = [
  { feature: Feature.ConfigMaps, supported: true, evidence: 'discovery lists v1 configmaps: create' },
  {
    feature: Feature.WatchList,
    supported: false,
    evidence: "watch-list probe stream's first event was ERROR: 500 InternalError: no",
  },
  privilegedIdentityDecision(true, ['context shard-base: user shard-admin is in system:masters']),
];

const decision = (summary: ReturnType<typeof decideFeatures>, feature: string) =>
  summary.decisions?.find((candidate) => candidate.feature === feature);

describe('feature decisions', () => {
  it('decides every known feature, inferred ones with their evidence, absent ones too', () => {
    const summary = decideFeatures({ inferred, added: [Feature.WildcardRequests] });
    expect(summary.decisions?.map((d) => d.feature)).to.deep.equal([...ALL_FEATURES]);
    expect(summary).to.deep.include({
      source: 'inferred',
      claimed: ['WildcardRequests'],
      inferred: ['ConfigMaps', 'PrivilegedIdentity'],
      supported: ['ConfigMaps', 'PrivilegedIdentity', 'WildcardRequests'],
    });
    expect(decision(summary, Feature.WatchList)).to.deep.equal({
      feature: 'WatchList',
      supported: false,
      decidedBy: 'inferred',
      evidence: "watch-list probe stream's first event was ERROR: 500 InternalError: no",
    });
    expect(decision(summary, Feature.WildcardRequests)).to.deep.equal({
      feature: 'WildcardRequests',
      supported: true,
      decidedBy: 'claimed',
      flag: '--add-features',
      evidence: 'named in --add-features; inference: no rule decides it',
    });
    expect(decision(summary, Feature.PrivilegedIdentity)?.evidence).to.equal(
      'a kubeconfig context is a system:masters identity for this server (SelfSubjectReview): ' +
        'context shard-base: user shard-admin is in system:masters',
    );
    expect(decision(summary, Feature.Events)).to.include({ supported: false, decidedBy: 'inferred' });
  });

  it('with --features, the flag decides and inference is kept as a cross-check', () => {
    const summary = decideFeatures({ claimed: [Feature.WatchList, Feature.Namespaces], inferred });
    expect(summary).to.deep.include({
      source: 'claimed',
      claimed: ['WatchList', 'Namespaces'],
      supported: ['Namespaces', 'WatchList'],
    });
    expect(decision(summary, Feature.WatchList)).to.deep.equal({
      feature: 'WatchList',
      supported: true,
      decidedBy: 'claimed',
      flag: '--features',
      evidence:
        "named in --features; inference: not supported: watch-list probe stream's first event was ERROR: 500 InternalError: no",
      inferred: false,
    });
    expect(decision(summary, Feature.ConfigMaps)).to.include({
      supported: false,
      evidence: 'not named in --features; inference: supported: discovery lists v1 configmaps: create',
      inferred: true,
    });
    const blind = decideFeatures({ claimed: [Feature.Namespaces], inferenceNote: 'inference did not run' });
    expect(decision(blind, Feature.Namespaces)?.evidence).to.equal(
      'named in --features; inference did not run',
    );
  });

  it('writes one log line per decision saying how', () => {
    const summary = decideFeatures({ inferred, added: [Feature.WildcardRequests] });
    expect(describeDecision(decision(summary, Feature.ConfigMaps)!)).to.equal(
      'feature ConfigMaps: supported (inferred): discovery lists v1 configmaps: create',
    );
    expect(describeDecision(decision(summary, Feature.WildcardRequests)!)).to.equal(
      'feature WildcardRequests: supported (claimed with --add-features): named in --add-features; inference: no rule decides it',
    );
  });
});
