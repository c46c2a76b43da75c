import { canonicalJson, sha256 } from './canonical-json';

describe('canonicalJson', () => {
  it('gives equal text for equal documents whatever the key order, at every depth', () => {
    const a = { b: { y: 2, x: [{ k: 1, j: 2 }] }, a: 1 };
    const b = { a: 1, b: { x: [{ j: 2, k: 1 }], y: 2 } };
    expect(canonicalJson(a)).toBe('{"a":1,"b":{"x":[{"j":2,"k":1}],"y":2}}');
    expect(sha256(canonicalJson(a))).toBe(sha256(canonicalJson(b)));
  });

  it('keeps array order and value types significant', () => {
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson({ a: null })).toBe('{"a":null}');
  });
});
