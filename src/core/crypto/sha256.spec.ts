import { createHash } from 'node:crypto';
import { sha256 } from './sha256';

describe('sha256', () => {
  it("gives the standard digest of the text's UTF-8 bytes, in hex", () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256('é')).toBe(
      createHash('sha256')
        .update(Buffer.from([0xc3, 0xa9]))
        .digest('hex'),
    );
  });

  it('hashes text as createHash did, lone surrogates included, so stored hashes and keys still match', () => {
    for (const text of ['a\u2028', '\ud800x', 'x\udfff', '😀', '\u0000', 'k'.repeat(70_000)])
      expect(sha256(text)).toBe(createHash('sha256').update(text).digest('hex'));
  });
});
