import { expect } from 'chai';
import type { KubeObject } from '../../api/types.js';
import { coreEvents, coreToEventsV1, eventsV1Events, eventsV1ToCore, shapeCoreEvent } from './events.js';

const errorsOf = (errs: { field: string; detail: string }[]) => errs.map((e) => `${e.field}: ${e.detail}`);

const coreEvent = (fields: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'e', namespace: 'default' },
  ...fields,
});

describe('Event (core/v1 and events.k8s.io/v1)', () => {
  it('writes core Events as Go does: empty structs, null times, empty reporting fields', () => {
    const e = shapeCoreEvent(coreEvent({ involvedObject: { kind: 'ConfigMap', name: 'cm' }, count: 0 }));
    expect(e).to.deep.equal({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'default' },
      involvedObject: { kind: 'ConfigMap', name: 'cm' },
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    });
  });

  it('converts between the two APIs field by field and back', () => {
    const core = shapeCoreEvent(
      coreEvent({
        involvedObject: { kind: 'ConfigMap', name: 'cm', namespace: 'default', fieldPath: 'data' },
        reason: 'R',
        message: 'hello',
        source: { component: 'c', host: 'h' },
        firstTimestamp: '2026-11-21T13:00:00Z',
        lastTimestamp: '2026-11-21T13:05:00Z',
        count: 3,
        type: 'Normal',
        reportingComponent: 'rc',
        reportingInstance: 'ri',
      }),
    );
    const v1 = coreToEventsV1(core);
    expect(v1).to.include({
      apiVersion: 'events.k8s.io/v1',
      note: 'hello',
      reportingController: 'rc',
      deprecatedCount: 3,
      deprecatedFirstTimestamp: '2026-11-21T13:00:00Z',
      eventTime: null,
    });
    expect(v1.regarding).to.deep.equal(core.involvedObject);
    expect(v1.deprecatedSource).to.deep.equal({ component: 'c', host: 'h' });
    expect(eventsV1ToCore(v1)).to.deep.equal(core);
  });

  it('reads an Event stored through the other API in its own shape', () => {
    const stored = coreEvent({ message: 'm', involvedObject: { kind: 'Pod' } });
    expect(eventsV1Events.fromStorage!(stored)).to.include({ apiVersion: 'events.k8s.io/v1', note: 'm' });
    expect(coreEvents.fromStorage!(coreToEventsV1(stored))).to.include({ apiVersion: 'v1', message: 'm' });
  });

  it('applies the legacy rules to core writes (namespaces agree; new-style events need reporting fields)', () => {
    const validate = (f: Record<string, unknown>) =>
      errorsOf(coreEvents.strategy.validateCreate(coreEvent(f)));
    expect(validate({ involvedObject: { namespace: 'other' } })).to.deep.equal([
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ]);
    expect(validate({ involvedObject: {} })).to.deep.equal([]);
    expect(validate({ eventTime: '2026-11-21T13:00:00.000000Z', involvedObject: {} })).to.deep.equal([
      'reportingComponent: Required value',
      'reportingComponent: Invalid value: "": name part must be non-empty',
      "reportingComponent: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'reportingInstance: Required value',
      'action: Required value',
      'reason: Required value',
    ]);
  });

  it('applies the strict rules to events.k8s.io writes, with core field names (as kube reports them)', () => {
    const v1 = (f: Record<string, unknown>): KubeObject => ({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'e', namespace: 'default' },
      ...f,
    });
    const ok = {
      eventTime: '2026-11-21T13:00:00.123456Z',
      reportingController: 'example.com/ctl',
      reportingInstance: 'i',
      action: 'A',
      reason: 'R',
      type: 'Normal',
    };
    expect(eventsV1Events.strategy.validateCreate(v1(ok))).to.deep.equal([]);
    expect(
      errorsOf(
        eventsV1Events.strategy.validateCreate(
          v1({
            ...ok,
            type: 'Bad',
            deprecatedCount: 2,
            deprecatedSource: { host: 'h' },
            series: { count: 1 },
          }),
        ),
      ),
    ).to.deep.equal([
      'series.count: Invalid value: "": should be at least 2',
      'series.lastObservedTime: Required value',
      'type: Invalid value: "": has invalid value: Bad',
      'count: Invalid value: "": needs to be unset',
      'source: Invalid value: "": needs to be unset',
    ]);
    const old = v1(ok);
    expect(
      errorsOf(
        eventsV1Events.strategy.validateUpdate(v1({ ...ok, note: 'x', reportingController: 'o' }), old),
      ),
    ).to.deep.equal([
      'message: Invalid value: "x": field is immutable',
      'reportingController: Invalid value: "o": field is immutable',
    ]);
  });

  it('prints Tables as printEvent does (no leading Name; counts and sources)', () => {
    expect(coreEvents.nameColumn).to.equal(false);
    const e = shapeCoreEvent(
      coreEvent({
        involvedObject: { kind: 'ConfigMap', name: 'cm' },
        source: {},
        reportingComponent: 'rc',
        reportingInstance: 'ri',
      }),
    );
    const cells = Object.fromEntries(coreEvents.columns.map((c) => [c.name, c.cell(e)]));
    expect(cells).to.deep.include({
      'Last Seen': '<unknown>',
      Object: 'configmap/cm',
      Source: 'rc, ri',
      Count: 1,
      Name: 'e',
    });
  });

  it('selects by core field labels, and by events.k8s.io labels mapped onto them', () => {
    const e = shapeCoreEvent(coreEvent({ involvedObject: { name: 'cm' }, reportingComponent: 'rc' }));
    expect(coreEvents.selectableFields!['involvedObject.name']!(e)).to.equal('cm');
    expect(coreEvents.selectableFields!.source!(e)).to.equal('rc');
    const v1 = coreToEventsV1(e);
    expect(eventsV1Events.selectableFields!['regarding.name']!(v1)).to.equal('cm');
    expect(eventsV1Events.selectableFields!.reportingController!(v1)).to.equal('rc');
    expect(Object.keys(eventsV1Events.selectableFields!)).not.to.include('involvedObject.name');
  });
});
