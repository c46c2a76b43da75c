/**
 * Every event a webhook endpoint may subscribe to, `<vendor>.<resource>.<what happened>`. The part
 * before the last dot names the kind of resource: events of one resource are delivered in order.
 */
export enum WebhookEventType {
  GENETEC_DEVICE_ADDED = 'genetec.device.added',
  GENETEC_DEVICE_ACTIVATED = 'genetec.device.activated',
  GENETEC_DEVICE_DEACTIVATED = 'genetec.device.deactivated',
  GENETEC_NEGOTIATION_COMMITTED = 'genetec.negotiation.committed',
  GENETEC_NEGOTIATION_REJECTED = 'genetec.negotiation.rejected',
  MENDER_AUTH_SET_SUBMITTED = 'mender.auth-set.submitted',
  MENDER_AUTH_SET_ACCEPTED = 'mender.auth-set.accepted',
  MENDER_AUTH_SET_REJECTED = 'mender.auth-set.rejected',
  MENDER_AUTH_SET_DELETED = 'mender.auth-set.deleted',
  CUMULOCITY_REGISTRATION_CREATED = 'cumulocity.registration.created',
  CUMULOCITY_REGISTRATION_PENDING = 'cumulocity.registration.pending',
  CUMULOCITY_REGISTRATION_ACCEPTED = 'cumulocity.registration.accepted',
  CUMULOCITY_REGISTRATION_CREDENTIALS_ISSUED = 'cumulocity.registration.credentials-issued',
  CUMULOCITY_REGISTRATION_BLOCKED = 'cumulocity.registration.blocked',
  CUMULOCITY_BULK_IMPORT_FINISHED = 'cumulocity.bulk-import.finished',
  APIO_ACCESS_DEVICE_PROVISIONED = 'apio.access-device.provisioned',
  APIO_ACCESS_DEVICE_ROLLED_BACK = 'apio.access-device.rolled-back',
  APIO_ACCESS_DEVICE_DELETED = 'apio.access-device.deleted',
  PRIMIS_ACCESS_GRANTED = 'primis.access.granted',
  PRIMIS_ACCESS_DENIED = 'primis.access.denied',
  PRIMIS_ZONE_STATE_CHANGED = 'primis.zone.state-changed',
}

/** The kind of resource an event is about: events of one resource of one kind are delivered in order. */
export function resourceKindOf(type: WebhookEventType): string {
  return type.slice(0, type.lastIndexOf('.'));
}
