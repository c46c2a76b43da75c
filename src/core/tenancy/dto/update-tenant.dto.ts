import { PartialType, PickType } from '@nestjs/swagger';
import { CreateTenantDto } from './create-tenant.dto';

export class UpdateTenantDto extends PartialType(
  PickType(CreateTenantDto, [
    'name',
    'activeDeviceLimit',
    'acceptedDeviceLimit',
    'mobilePhonesPerUser',
    'mobilePhonesTotal',
  ] as const),
) {}
