import { expect } from 'chai';
import { planWrites } from './write-plan.js';

describe('watch-latency write plan', () => {
  it('round-robins the workspaces and cycles create → update → delete per workspace', () => {
    const plan = planWrites(8, 2).map(({ workspace, verb, name }) => `${workspace} ${verb} ${name}`);
    expect(plan).to.deep.equal([
      '0 create kh-watch-0',
      '1 create kh-watch-0',
      '0 update kh-watch-0',
      '1 update kh-watch-0',
      '0 delete kh-watch-0',
      '1 delete kh-watch-0',
      '0 create kh-watch-1',
      '1 create kh-watch-1',
    ]);
  });

  it('never deletes a name twice in one workspace (DELETED events are matched by name)', () => {
    const deletes = planWrites(300, 4)
      .filter((write) => write.verb === 'delete')
      .map((write) => `${write.workspace}/${write.name}`);
    expect(new Set(deletes).size).to.equal(deletes.length);
  });
});
