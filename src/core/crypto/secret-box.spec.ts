import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/app-config';
import { SecretBox } from './secret-box';

const box = (key: string) =>
  new SecretBox(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'box-')), SECRETS_KEY: key }));

describe('SecretBox', () => {
  const one = box('k'.repeat(32));

  it('seals so the plaintext does not appear, differently each time, and opens it back', () => {
    const a = one.seal('credential-1');
    const b = one.seal('credential-1');
    expect(a).not.toContain('credential-1');
    expect(a).not.toBe(b);
    expect(a.startsWith('v1.')).toBe(true);
    expect(one.open(a)).toBe('credential-1');
  });

  it('refuses a tampered or foreign-key secret', () => {
    const sealed = one.seal('credential-1');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => one.open(parts.join('.'))).toThrow();
    expect(() => box('z'.repeat(32)).open(sealed)).toThrow();
    expect(() => one.open('not sealed')).toThrow('not a sealed secret');
  });

  it('refuses a truncated tag, even the true first bytes of it', () => {
    const parts = one.seal('credential-1').split('.');
    parts[2] = Buffer.from(parts[2], 'base64url').subarray(0, 4).toString('base64url');
    expect(() => one.open(parts.join('.'))).toThrow();
  });

  it('gives a stable lookup per key that is not the plaintext', () => {
    expect(one.lookup('credential-1')).toBe(one.lookup('credential-1'));
    expect(one.lookup('credential-1')).not.toBe(one.lookup('credential-2'));
    expect(box('z'.repeat(32)).lookup('credential-1')).not.toBe(one.lookup('credential-1'));
  });
});

describe('SecretBox context', () => {
  it('opens a secret only with the context it was sealed with', () => {
    const one = box('k'.repeat(32));
    const sealed = one.seal('credential-1', 'acme/device-1');
    expect(one.open(sealed, 'acme/device-1')).toBe('credential-1');
    expect(() => one.open(sealed, 'acme/device-2')).toThrow();
    expect(() => one.open(sealed)).toThrow();
  });
});
