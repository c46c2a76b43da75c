import { randomBytes } from 'node:crypto';

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/** Binds a sealed secret to its endpoint: moved to another row, it no longer opens. */
export const secretContext = (endpointId: string): string => `webhook/${endpointId}`;
