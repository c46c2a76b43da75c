import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, Matches, Max, Min } from 'class-validator';
import type { AccessGroupEntity } from '../entities/access-group.entity';
import { MAX_INT_ID, TEXT_ID, TEXT_ID_RULE } from '../record-ids';
import { PutSiteRecordDto } from './site-record.dto';

export class PutAccessGroupDto extends PutSiteRecordDto {
  /** Controlled areas of the same site its members may enter. @example ["110000000000"] */
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(1000)
  @Matches(TEXT_ID, { each: true, message: `each controlled area id must be ${TEXT_ID_RULE}` })
  controlledAreaIds: string[];

  /** Schedules of the same site: the group lets its members in while one of them is on. @example [7] */
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(100)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_INT_ID, { each: true })
  scheduleIds: number[];
}

export class AccessGroupResponse {
  /** @example 3 */
  id: number;
  name: string;
  description: string;
  siteId: string;
  /** In id order. */
  controlledAreaIds: string[];
  /** In id order. */
  scheduleIds: number[];
  /** Mobile users in the group. */
  memberCount: number;
  createdAt: Date;
  updatedAt: Date;

  static from(
    group: AccessGroupEntity,
    controlledAreaIds: string[],
    scheduleIds: number[],
  ): AccessGroupResponse {
    const { id, name, description, siteId, memberCount, createdAt, updatedAt } = group;
    return Object.assign(new AccessGroupResponse(), {
      id,
      name,
      description,
      siteId,
      controlledAreaIds,
      scheduleIds,
      memberCount,
      createdAt,
      updatedAt,
    });
  }
}
