import { ApiProperty } from '@nestjs/swagger';
import { NewDeviceRequestStatus } from '../new-device-request-status';

/** A new device request; custom fragments sent when it was created appear beside these properties. */
export class NewDeviceRequest {
  /** Device identifier. */
  id: string;
  /** Link to this resource. */
  self: string;
  @ApiProperty({ enum: NewDeviceRequestStatus, enumName: 'NewDeviceRequestStatus' })
  status: NewDeviceRequestStatus;
  type?: string;
  groupId?: string;
  /** Tenant the request belongs to. */
  tenantId: string;
  /** User who created the request. */
  owner: string;
  @ApiProperty({ format: 'date-time' })
  creationTime: string;
}

/** Cumulocity's paging statistics. */
export class PagingStatistics {
  currentPage: number;
  pageSize: number;
  /** With `withTotalPages=true`. */
  totalPages?: number;
  /** With `withTotalElements=true`. */
  totalElements?: number;
}

/** A page of new device requests, in creation order. */
export class NewDeviceRequestCollection {
  /** This page, with the query it was asked with. */
  self: string;
  newDeviceRequests: NewDeviceRequest[];
  statistics: PagingStatistics;
  /** The previous page (absent on the first). */
  prev?: string;
  /** The next page (absent on the last); carries a cursor, so following it costs the same on any page. */
  next?: string;
}

/** What `acceptAll` did. */
export class AcceptedNewDeviceRequests {
  /** Requests moved from PENDING_ACCEPTANCE to ACCEPTED. */
  accepted: number;
}
