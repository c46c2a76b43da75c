import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('gives equal text for equal documents whatever the key order, at every depth', () => {
    const a = { b: { y: 2, x: [{ k: 1, j: 2 }] }, a: 1 };
    const b = { a: 1, b: { x: [{ j: 2, k: 1 }], y: 2 } };
    expect(canonicalJson(a)).toBe('{"a":1,"b":{"x":[{"j":2,"k":1}],"y":2}}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('keeps array order and value types significant', () => {
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson({ a: null })).toBe('{"a":null}');
  });

  it('writes what JSON.stringify writes for the sorted document, so hashes stored earlier still match', () => {
    const document = { z: { é: 1, 'a\u2028': '\ud800x', B: [null, { y: -0, x: 1e21 }] }, 'key"q': 'v\n' };
    const sorted = { 'key"q': 'v\n', z: { B: [null, { x: 1e21, y: -0 }], 'a\u2028': '\ud800x', é: 1 } };
    expect(canonicalJson(document)).toBe(JSON.stringify(sorted));
    expect(canonicalJson(document)).toBe(
      '{"key\\"q":"v\\n","z":{"B":[null,{"x":1e+21,"y":0}],"a\u2028":"\\ud800x","é":1}}',
    );
  });
});
