import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  IsUrl,
  Length,
} from 'class-validator';
import { OUTBOUND_URL, OUTBOUND_URL_MESSAGE } from '../../outbound/outbound-url';
import { WebhookEventType } from '../event-types';

export class CreateWebhookDto {
  /**
   * Where events are POSTed. Link-local and cloud metadata addresses are refused; loopback and private
   * ones unless WEBHOOK_ALLOWED_NETWORKS names them (checked here and on every delivery).
   * @example https://hooks.example.com/device-gateway
   */
  @IsUrl(OUTBOUND_URL, OUTBOUND_URL_MESSAGE)
  @Length(1, 2048)
  url: string;

  @ApiProperty({ enum: WebhookEventType, enumName: 'WebhookEventType', isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsEnum(WebhookEventType, { each: true })
  eventTypes: WebhookEventType[];

  /** An inactive endpoint receives no new events; its pending deliveries wait. Default true. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @IsOptional()
  @IsString()
  @Length(0, 500)
  description?: string;
}
