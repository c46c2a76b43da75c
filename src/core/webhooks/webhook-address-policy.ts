import { OutboundAddressPolicy } from '../outbound/address-policy';

/**
 * Where webhook deliveries may go: the outbound rules of provisioning servers, with an allow-list of
 * their own (WEBHOOK_ALLOWED_NETWORKS). Provisioning servers are where an operator's own vendor servers
 * live; a webhook URL is any tenant's choice, and should not reach those networks because they do.
 */
export class WebhookAddressPolicy extends OutboundAddressPolicy {}
