import { Injectable } from '@nestjs/common';
import { WebhookEventType } from '../../core/webhooks/event-types';
import { Events } from '../../core/webhooks/events';
import { NewDeviceRequestStatus } from './new-device-request-status';
import { toRepresentation } from './new-device-request.representation';
import { NewDeviceRequestsRepository, type RequestRow } from './new-device-requests.repository';

/** The event a request's new status tells. */
const STATUS_EVENTS: Record<NewDeviceRequestStatus, WebhookEventType | undefined> = {
  [NewDeviceRequestStatus.WAITING_FOR_CONNECTION]: undefined,
  [NewDeviceRequestStatus.PENDING_ACCEPTANCE]: WebhookEventType.CUMULOCITY_REGISTRATION_PENDING,
  [NewDeviceRequestStatus.ACCEPTED]: WebhookEventType.CUMULOCITY_REGISTRATION_ACCEPTED,
  [NewDeviceRequestStatus.BLOCKED]: WebhookEventType.CUMULOCITY_REGISTRATION_BLOCKED,
};

/** A registration request's events, with the request as GET newDeviceRequests/{id} shows it, in the caller's transaction. */
@Injectable()
export class RegistrationEvents {
  constructor(
    private readonly events: Events,
    private readonly requests: NewDeviceRequestsRepository,
  ) {}

  publish(type: WebhookEventType, row: RequestRow, origin: string): Promise<void> {
    return this.events.publish(type, row.tenant_id, row.device_id, toRepresentation(row, origin));
  }

  /** After a change that may have moved the request on (a poll): its event, when its status changed. */
  async publishChange(tenantId: string, deviceId: string, before: NewDeviceRequestStatus, origin: string) {
    const row = await this.requests.find(tenantId, deviceId);
    const type = row && row.status !== before ? STATUS_EVENTS[row.status] : undefined;
    if (row && type) await this.publish(type, row, origin);
  }

  /** Once a request's credentials were claimed: never the credentials, the request. */
  async publishIssued(tenantId: string, deviceId: string, origin: string): Promise<void> {
    const row = await this.requests.find(tenantId, deviceId);
    if (row) await this.publish(WebhookEventType.CUMULOCITY_REGISTRATION_CREDENTIALS_ISSUED, row, origin);
  }
}
