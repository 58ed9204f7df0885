// Decides every known feature once, from the flags and what inference saw, and keeps how: the
// report shows per feature whether a flag claimed it or the target's answers showed it, with the
// evidence, also for the features found absent. --features decides alone (inference is then only
// a cross-check); --add-features adds to what inference found.
import type { FeatureDecision, FeatureSummary } from '../../reports/conformance/model.js';
import type { InferenceDecision } from './feature-inference.js';
import { ALL_FEATURES, Feature, type FeatureName } from './features.js';

export interface DecisionInput {
  /** --features: exactly these are supported. */
  claimed?: readonly FeatureName[];
  /** --add-features: supported on top of the inferred ones (ignored with claimed). */
  added?: readonly FeatureName[];
  /** Inference's decisions; undefined when it did not run or failed (inferenceNote says which). */
  inferred?: readonly InferenceDecision[];
  inferenceNote?: string;
}

const verdict = (supported: boolean): string => (supported ? 'supported' : 'not supported');

export function decideFeatures(input: DecisionInput): FeatureSummary {
  const added = new Set(input.added ?? []);
  const byFeature = new Map((input.inferred ?? []).map((decision) => [decision.feature, decision]));
  const inference = (feature: FeatureName): string => {
    const seen = byFeature.get(feature);
    if (seen) return `inference: ${verdict(seen.supported)}: ${seen.evidence}`;
    return input.inferenceNote ?? 'inference: no rule decides it';
  };
  const decisions: FeatureDecision[] = ALL_FEATURES.map((feature) => {
    const seen = byFeature.get(feature);
    const cross = seen ? { inferred: seen.supported } : {};
    if (input.claimed) {
      const supported = input.claimed.includes(feature);
      return {
        feature,
        supported,
        decidedBy: 'claimed',
        flag: '--features',
        evidence: `${supported ? 'named in' : 'not named in'} --features; ${inference(feature)}`,
        ...cross,
      };
    }
    if (added.has(feature)) {
      return {
        feature,
        supported: true,
        decidedBy: 'claimed',
        flag: '--add-features',
        evidence: `named in --add-features; ${inference(feature)}`,
        ...cross,
      };
    }
    return {
      feature,
      supported: seen?.supported ?? false,
      decidedBy: 'inferred',
      evidence:
        seen?.evidence ?? input.inferenceNote ?? 'no inference rule decides it; claim it to run its tests',
    };
  });
  const supported = decisions.filter((decision) => decision.supported).map((decision) => decision.feature);
  const inferred = (input.inferred ?? []).filter((decision) => decision.supported).map((d) => d.feature);
  return {
    source: input.claimed ? 'claimed' : 'inferred',
    claimed: [...(input.claimed ?? [...added])],
    inferred: [...new Set(inferred)].sort(),
    supported: supported.sort(),
    decisions,
  };
}

/** PrivilegedIdentity, from the search for a system:masters identity in the kubeconfig. */
export function privilegedIdentityDecision(found: boolean, evidence: readonly string[]): InferenceDecision {
  return {
    feature: Feature.PrivilegedIdentity,
    supported: found,
    evidence: `${found ? 'a' : 'no'} kubeconfig context is a system:masters identity for this server (SelfSubjectReview): ${evidence.join('; ') || 'no context asked'}`,
  };
}

/** Impersonation, from the search for an identity that may impersonate test users. */
export function impersonationDecision(found: boolean, evidence: readonly string[]): InferenceDecision {
  return {
    feature: Feature.Impersonation,
    supported: found,
    evidence: `a SelfSubjectReview sent with Impersonate-User ${found ? 'named' : 'did not name'} the impersonated user: ${evidence.join('; ') || 'nobody asked'}`,
  };
}

/** One conformance.log line per decision. */
export function describeDecision(decision: FeatureDecision): string {
  const how = decision.decidedBy === 'claimed' ? `claimed with ${decision.flag}` : 'inferred';
  return `feature ${decision.feature}: ${verdict(decision.supported)} (${how}): ${decision.evidence}`;
}
