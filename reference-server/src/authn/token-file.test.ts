// The static token file, read with Go's encoding/csv rules as kube-apiserver reads it.

import { expect } from 'chai';
import { parseTokenFile, TokenFileError } from './token-file.js';

const parse = (text: string) => parseTokenFile(text, 'tokens.csv');

function problem(text: string): string {
  try {
    parse(text);
  } catch (e) {
    expect(e).to.be.instanceOf(TokenFileError);
    return (e as Error).message;
  }
  throw new Error('expected the file to be refused');
}

describe('token file', () => {
  it('reads token, user, uid and a quoted, comma-separated group list', () => {
    const { tokens, warnings } = parse(
      'user-1-token,user-1,1111,"team-1"\r\n\nadmin-token,admin,5555,"system:masters,team-2"\nbare,bare-user,9\n',
    );
    expect(Object.fromEntries(tokens)).to.deep.equal({
      'user-1-token': { name: 'user-1', uid: '1111', groups: ['team-1'] },
      'admin-token': { name: 'admin', uid: '5555', groups: ['system:masters', 'team-2'] },
      bare: { name: 'bare-user', uid: '9', groups: [] },
    });
    expect(warnings).to.deep.equal([]);
  });

  it('keeps doubled quotes and line breaks inside quoted fields, and splits groups without trimming', () => {
    const { tokens } = parse('"a""b",x,1,"g1, g2"\n"multi\nline",y,2');
    expect(tokens.get('a"b')).to.deep.equal({ name: 'x', uid: '1', groups: ['g1', ' g2'] });
    expect(tokens.get('multi\nline')?.name).to.equal('y');
  });

  it('skips empty tokens and lets the last of two equal tokens win, with warnings', () => {
    const { tokens, warnings } = parse(',nobody,0\nt,first,1\nt,second,2\n');
    expect([...tokens.keys()]).to.deep.equal(['t']);
    expect(tokens.get('t')?.name).to.equal('second');
    expect(warnings).to.have.length(2);
    expect(warnings[0]).to.include('line 1');
    expect(warnings[1]).to.include('line 3');
  });

  it('refuses a record with fewer than three columns, naming its line', () => {
    expect(problem('a,b,c\n\nonly,two\n')).to.equal(
      "token file 'tokens.csv' line 3: must have at least 3 columns (token, user name, user uid), found 2",
    );
    expect(problem('a,b,c\n   \n')).to.include('line 2: must have at least 3 columns');
  });

  it('refuses stray quotes as Go does, naming the line', () => {
    expect(problem('a,b,c\nt,us"er,1\n')).to.equal(
      `token file 'tokens.csv' line 2: bare " in non-quoted field`,
    );
    expect(problem('"t"x,user,1\n')).to.include('line 1: extraneous or missing " in quoted field');
    expect(problem('a,b,c\n"never closed,user,1\n')).to.include(
      'line 2: extraneous or missing " in quoted field',
    );
  });

  it('counts lines inside quoted fields', () => {
    expect(problem('"two\nlines",u,1\nbad\n')).to.include('line 3:');
  });
});
