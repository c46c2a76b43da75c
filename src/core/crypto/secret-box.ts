import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';

const VERSION = 'v1';

/**
 * Secrets at rest (device credentials, hidden credentials): AES-256-GCM with a random IV, as
 * `v1.<iv>.<tag>.<ciphertext>` in base64url. `lookup()` is a keyed hash for finding a secret by value
 * without storing it in clear. Both keys derive from SECRETS_KEY (generated into the data folder on
 * the embedded default, required with DATABASE_URL).
 */
@Injectable()
export class SecretBox {
  private readonly encryptionKey: Buffer;
  private readonly lookupKey: Buffer;

  constructor(config: AppConfig) {
    this.encryptionKey = createHash('sha256').update(`encrypt:${config.secretsKey}`).digest();
    this.lookupKey = createHash('sha256').update(`lookup:${config.secretsKey}`).digest();
  }

  /** `context` (e.g. tenant and device) is authenticated with the secret: a sealed value moved to another row no longer opens. */
  seal(plaintext: string, context = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string, context = ''): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined)
      throw new Error('not a sealed secret');
    // The full 16-byte tag only: a shorter one would be accepted by GCM, and is weaker to forge.
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64url'), {
      authTagLength: 16,
    });
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  lookup(plaintext: string): string {
    return createHmac('sha256', this.lookupKey).update(plaintext).digest('base64url');
  }
}
