// Go behaviour mirrored by go-compat.ts. Every expected value below is what Go 1.26 prints for
// the same input (encoding/base64, encoding/json, strconv.Quote).

import { expect } from 'chai';
import { ApiError } from '../../api/status.js';
import {
  checkGoDecodable,
  decodeGoBase64,
  goQuote,
  goUnmarshalObjectError,
  notSupported,
} from './go-compat.js';

const b64 = (s: string) => {
  const r = decodeGoBase64(s);
  return 'bytes' in r ? `OK:${r.bytes.toString('base64')}` : `ERR:${r.errorAt}`;
};

describe('go-compat', () => {
  it('decodes base64 as Go StdEncoding, with the same error offsets', () => {
    const cases: [string, string][] = [
      ['', 'OK:'],
      ['aGVsbG8=', 'OK:aGVsbG8='],
      ['aGVs\nbG8=\r\n', 'OK:aGVsbG8='],
      ['aGVsbG9=', 'OK:aGVsbG8='],
      ['aGVsbG8', 'ERR:4'],
      ['ab=', 'ERR:3'],
      ['ab=c', 'ERR:2'],
      ['aGVsbG8=x', 'ERR:8'],
      ['a', 'ERR:0'],
      ['====', 'ERR:0'],
      ['not base64!', 'ERR:3'],
    ];
    for (const [input, want] of cases) expect(b64(input), JSON.stringify(input)).to.equal(want);
  });

  it("reports json.Unmarshal's errors for a map[string]interface{}", () => {
    const cases: [string, string | undefined][] = [
      ['{"auths":{}}', undefined],
      ['null', undefined],
      ['', 'unexpected end of JSON input'],
      ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
      ['{"a" 1}', "invalid character '1' after object key"],
      ['[1 2]', "invalid character '2' after array element"],
      ['-', "invalid character ' ' in numeric literal"],
      ['1.', "invalid character ' ' after decimal point in numeric literal"],
      ['trux', "invalid character 'x' in literal true (expecting 'e')"],
      ['{"a":"\t"}', "invalid character '\\t' in string literal"],
      ['{} x', "invalid character 'x' after top-level value"],
      ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
      ['[]', 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
      ['"x"', 'json: cannot unmarshal string into Go value of type map[string]interface {}'],
      ['1', 'json: cannot unmarshal number into Go value of type map[string]interface {}'],
      ['true', 'json: cannot unmarshal bool into Go value of type map[string]interface {}'],
    ];
    for (const [input, want] of cases)
      expect(goUnmarshalObjectError(Buffer.from(input)), JSON.stringify(input)).to.equal(want);
  });

  it('reports the first decode error with the Go struct path', () => {
    const fields = {
      items: {
        kind: 'slice',
        elem: { kind: 'struct', name: 'v1.Item', fields: { data: { kind: 'map', elem: { kind: 'bytes' } } } },
      },
    } as const;
    const decode = (obj: Record<string, unknown>) => {
      try {
        checkGoDecodable(obj, 'Thing', fields);
        return 'OK';
      } catch (e) {
        expect(e).to.be.instanceOf(ApiError);
        const message = (e as ApiError).status.message ?? '';
        const prefix = 'Thing in version "v1" cannot be handled as a Thing: ';
        expect(message.startsWith(prefix), message).to.equal(true);
        return message.slice(prefix.length);
      }
    };
    expect(decode({ items: [{ data: { a: 'aGk=', b: [104, 105] } }, null] })).to.equal('OK');
    expect(decode({ items: 'x' })).to.equal(
      'json: cannot unmarshal string into Go struct field Thing.items of type []v1.Item',
    );
    expect(decode({ items: [{ data: { a: 1 } }] })).to.equal(
      'json: cannot unmarshal number into Go struct field Item.items.data of type []uint8',
    );
    expect(decode({ items: [{ data: { a: [256] } }] })).to.equal(
      'json: cannot unmarshal number 256 into Go struct field Item.items.data of type uint8',
    );
    expect(decode({ items: [{ data: { a: '@@', b: 1 } }] })).to.equal('illegal base64 data at input byte 0');
  });

  it('quotes like strconv.Quote and words NotSupported like field.NotSupported', () => {
    expect(goQuote('a"b\\c')).to.equal('"a\\"b\\\\c"');
    expect(goQuote('\u0001\u007f\t\n')).to.equal('"\\x01\\x7f\\t\\n"');
    expect(goQuote('é\u00a0\u2028')).to.equal('"é\\u00a0\\u2028"');
    expect(notSupported('kind', 'X', ['A', 'B']).detail).to.equal(
      'Unsupported value: "X": supported values: "A", "B"',
    );
  });
});
