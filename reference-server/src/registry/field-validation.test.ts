import { expect } from 'chai';
import { ApiError } from '../api/status.js';
import {
  enforce,
  pruneUnknownFields,
  strictBodyError,
  strictErrorsOfBody,
  strictPatchError,
  unknownFieldsOf,
} from './field-validation.js';
import { knownFieldsOf } from './known-fields.js';
import { parseWriteOptions } from './write-options.js';

const configmaps = knownFieldsOf('', 'configmaps')!;
const serviceaccounts = knownFieldsOf('', 'serviceaccounts')!;

describe('field validation', () => {
  it('reports unknown and duplicate fields in document order, as kcp does', () => {
    // Both bodies and answers were checked on kcp.
    expect(
      strictErrorsOfBody(
        '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"w","foo":1},"data":{"a":"b"},"spec":{"x":1},"data":{"c":"d"}}',
        configmaps,
      ),
    ).to.deep.equal(['unknown field "metadata.foo"', 'unknown field "spec"', 'duplicate field "data"']);
    expect(
      strictErrorsOfBody(
        '{"metadata":{"name":"s","name":"t"},"data":{"a":"b","a":"c"},"zzz":1,"metadata":{}}',
        configmaps,
      ),
    ).to.deep.equal([
      'duplicate field "metadata.name"',
      'duplicate field "data.a"',
      'unknown field "zzz"',
      'duplicate field "metadata"',
    ]);
  });

  it('names list elements by index', () => {
    expect(
      strictErrorsOfBody(
        '{"metadata":{"name":"x","ownerReferences":[{"uid":"u","zz":1}]},"secrets":[{"name":"a","foo":1}],' +
          '"imagePullSecrets":[{"name":"a","name":"b"}]}',
        serviceaccounts,
      ),
    ).to.deep.equal([
      'unknown field "metadata.ownerReferences[0].zz"',
      'unknown field "secrets[0].foo"',
      'duplicate field "imagePullSecrets[0].name"',
    ]);
  });

  it('without known fields reports duplicates only; free-form maps never have unknown fields', () => {
    expect(strictErrorsOfBody('{"spec":{"x":1,"x":2},"y":[{"a":1,"a":1}]}')).to.deep.equal([
      'duplicate field "spec.x"',
      'duplicate field "y[0].a"',
    ]);
    expect(
      strictErrorsOfBody('{"data":{"any":"x"},"metadata":{"labels":{"l":"1"}}}', configmaps),
    ).to.deep.equal([]);
    expect(strictErrorsOfBody('{"a":"x\\"y","b":[1, 2.5e3, true, null, "s"]}')).to.deep.equal([]);
  });

  it('checks kcp types served as CRDs against their CRD schema, as kcp does', () => {
    const workspaces = knownFieldsOf('tenancy.kcp.io', 'workspaces')!;
    expect(
      strictErrorsOfBody(
        '{"apiVersion":"tenancy.kcp.io/v1alpha1","kind":"Workspace","metadata":{"name":"hs-x","name":"hs-y"},' +
          '"spec":{"foo":1,"type":{"name":"universal","path":"root"},"location":{"selector":{"matchLabels":{"a":"b"}}}}}',
        workspaces,
      ),
    ).to.deep.equal(['duplicate field "metadata.name"', 'unknown field "spec.foo"']);
  });

  it('finds unknown fields of a decoded object in sorted order and prunes them', () => {
    const obj = { spec: { x: 1 }, metadata: { name: 'w', bar: 2 }, data: { a: 'b' } };
    expect(unknownFieldsOf(obj, configmaps)).to.deep.equal([
      'unknown field "metadata.bar"',
      'unknown field "spec"',
    ]);
    pruneUnknownFields(obj, configmaps);
    expect(obj).to.deep.equal({ metadata: { name: 'w' }, data: { a: 'b' } });
  });

  it('Strict fails, Warn answers 299 warnings, Ignore is silent', () => {
    const errors = ['unknown field "spec"'];
    const fail = () => strictBodyError('ConfigMap', 'v1', errors);
    expect(enforce('Warn', errors, fail)).to.deep.equal(['299 - "unknown field \\"spec\\""']);
    expect(enforce('Ignore', errors, fail)).to.deep.equal([]);
    expect(() => enforce('Strict', errors, fail)).to.throw(ApiError);
    expect(fail().status).to.deep.include({
      code: 400,
      reason: 'BadRequest',
      message:
        'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "spec"',
    });
    expect(strictPatchError('map[spec:map[x:1]]', errors).status).to.deep.equal({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        ' "" is invalid: patch: Invalid value: "map[spec:map[x:1]]": strict decoding error: unknown field "spec"',
      reason: 'Invalid',
      details: {
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: "map[spec:map[x:1]]": strict decoding error: unknown field "spec"',
            field: 'patch',
          },
        ],
      },
      code: 422,
    });
  });
});

describe('write options', () => {
  const q = (s: string) => new URLSearchParams(s);

  it('defaults to no dry run and Warn', () => {
    expect(parseWriteOptions(q(''), 'CreateOptions')).to.deep.equal({
      dryRun: false,
      fieldValidation: 'Warn',
      fieldManager: '',
      force: false,
    });
    expect(parseWriteOptions(q('dryRun=All&fieldValidation=Strict'), 'PatchOptions')).to.deep.equal({
      dryRun: true,
      fieldValidation: 'Strict',
      fieldManager: '',
      force: false,
    });
    expect(parseWriteOptions(q('fieldManager=m&force=true'), 'PatchOptions', undefined, true)).to.include({
      fieldManager: 'm',
      force: true,
    });
    expect(parseWriteOptions(q(''), 'DeleteOptions', ['All']).dryRun).to.equal(true);
  });

  it('refuses bad values with the 422 kcp answers', () => {
    const err = (query: string, kind: Parameters<typeof parseWriteOptions>[1]) => {
      try {
        parseWriteOptions(q(query), kind);
      } catch (e) {
        return (e as ApiError).status;
      }
      throw new Error('no error');
    };
    expect(err('dryRun=All&dryRun=Foo', 'CreateOptions')).to.deep.equal({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ["All","Foo"]: supported values: "All"',
      reason: 'Invalid',
      details: {
        group: 'meta.k8s.io',
        kind: 'CreateOptions',
        causes: [
          {
            reason: 'FieldValueNotSupported',
            message: 'Unsupported value: ["All","Foo"]: supported values: "All"',
            field: 'dryRun',
          },
        ],
      },
      code: 422,
    });
    expect(err('dryRun=', 'UpdateOptions').message).to.equal(
      'UpdateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: [""]: supported values: "All"',
    );
    expect(err('dryRun=X&fieldValidation=y', 'PatchOptions').message).to.equal(
      'PatchOptions.meta.k8s.io "" is invalid: [dryRun: Unsupported value: ["X"]: supported values: "All", ' +
        'fieldValidation: Unsupported value: "y": supported values: "", "Ignore", "Strict", "Warn"]',
    );
  });
});
