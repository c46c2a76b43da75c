import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../../core/auth/authenticated.decorator';
import { CurrentUser } from '../../core/auth/current-user.decorator';
import type { Principal } from '../../core/auth/principal';
import { Role } from '../../core/auth/role.enum';
import { ApiPagedResponse } from '../../core/http/api-paged-response.decorator';
import { Operation } from '../../core/http/operation.decorator';
import { paginate } from '../../core/http/pagination';
import { Transactional } from '../../core/transaction/transactional.decorator';
import { AdmissionException } from './admission.exception';
import { ADMISSION_STATUSES, type AdmissionStatus, isStatus } from './admission-status';
import { AdmissionService } from './admission.service';
import { Device } from './dto/device.response';
import { NewDevice } from './dto/new-device.dto';
import { Count, Status } from './dto/status.dto';
import { ADMISSION_BASE } from './mender-error.shape';

const READ = [Role.ADMISSION_READ, Role.ADMISSION_ADMIN];
const CHANGE = [Role.ADMISSION_ADMIN];

/** Mender device admission, tenant from the caller's token. */
@ApiTags('Mender admission')
@Controller(ADMISSION_BASE.slice(1))
export class AdmissionController {
  constructor(private readonly admission: AdmissionService) {}

  @Get('devices')
  @Authenticated({ roles: READ })
  @Operation({
    id: 'listAuthSets',
    summary: 'List device authentication data sets',
    description: 'A paged collection sorted by id, optionally filtered by admission status or device.',
  })
  @ApiQuery({
    name: 'page',
    required: false,
    schema: { type: 'integer', minimum: 1, default: 1 },
    description: 'Starting page.',
  })
  @ApiQuery({
    name: 'per_page',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 500, default: 10 },
    description: 'Number of results per page.',
  })
  @ApiQuery({
    name: 'status',
    required: false,
    enum: ADMISSION_STATUSES,
    enumName: 'AdmissionStatus',
    description: 'Admission status filter.',
  })
  @ApiQuery({
    name: 'device_id',
    required: false,
    type: 'string',
    description: 'List auth sets owned by given device.',
  })
  @ApiPagedResponse(Device)
  async list(
    @CurrentUser() caller: Principal,
    @Query('page') page: unknown,
    @Query('per_page') perPage: unknown,
    @Query('status') status: unknown,
    @Query('device_id') deviceId: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Device[]> {
    const query = {
      page: integerQuery('page', page, 1, MAX_PAGE),
      perPage: integerQuery('per_page', perPage, 10, 500),
    };
    const filter = { status: statusQuery(status), deviceId: textQuery('device_id', deviceId) };
    return paginate({ request, reply }, query, (skip, take) =>
      this.admission.list(caller.tenantId, filter, skip, take),
    );
  }

  /** Not under `devices/`: there `count` is an auth set id like any other (Mender lets any string be one). */
  @Get('count')
  @Authenticated({ roles: READ })
  @Operation({
    id: 'countAuthSets',
    summary: 'Count authentication data sets (beyond Mender)',
    description:
      'Optionally of one admission status. Not at `/devices/count`, where `count` is the id of an authentication data set like any other.',
  })
  @ApiQuery({ name: 'status', required: false, enum: ADMISSION_STATUSES, enumName: 'AdmissionStatus' })
  async count(@CurrentUser() caller: Principal, @Query('status') status: unknown): Promise<Count> {
    return { count: await this.admission.count(caller.tenantId, statusQuery(status)) };
  }

  @Get('devices/:id')
  @Authenticated({ roles: READ })
  @Operation({ id: 'getAuthSet', summary: 'Get a device authentication data set' })
  @ApiNotFoundResponse({ description: 'The device authentication data set was not found.' })
  get(@CurrentUser() caller: Principal, @Param('id') id: string): Promise<Device> {
    return this.admission.get(caller.tenantId, id);
  }

  @Put('devices/:id')
  @HttpCode(204)
  @Transactional()
  @Authenticated({ roles: CHANGE })
  @Operation({
    id: 'submitAuthSet',
    summary: 'Submit a device authentication data set for admission',
    description:
      'Adds it as pending. If it exists, its status goes back to pending and its identity and key are replaced.',
  })
  @ApiNoContentResponse({ description: 'Device authentication data set submitted successfully.' })
  @ApiBadRequestResponse({ description: 'The request body is malformed. See error for details.' })
  submit(
    @CurrentUser() caller: Principal,
    @Param('id') id: string,
    @Body() device: NewDevice,
  ): Promise<void> {
    return this.admission.submit(caller.tenantId, id, device);
  }

  @Get('devices/:id/status')
  @Authenticated({ roles: READ })
  @Operation({ id: 'getAdmissionStatus', summary: "The device's admission status" })
  @ApiNotFoundResponse({ description: 'The device authentication data set was not found.' })
  async getStatus(@CurrentUser() caller: Principal, @Param('id') id: string): Promise<Status> {
    return { status: await this.admission.status(caller.tenantId, id) };
  }

  @Put('devices/:id/status')
  @Transactional({ tenantCounter: true })
  @Authenticated({ roles: CHANGE })
  @Operation({
    id: 'setAdmissionStatus',
    summary: "Change the device's admission status",
    description:
      'Valid transitions: pending -> accepted, pending -> rejected, rejected -> accepted, accepted -> rejected. The same status again is accepted and changes nothing.',
  })
  @ApiUnprocessableEntityResponse({ description: "Accepting would pass the tenant's acceptedDeviceLimit." })
  @ApiBadRequestResponse({
    description: 'The request body is malformed or the state transition is invalid. See error for details.',
  })
  @ApiNotFoundResponse({ description: 'The device authentication data set was not found.' })
  async setStatus(
    @CurrentUser() caller: Principal,
    @Param('id') id: string,
    @Body() body: Status,
  ): Promise<Status> {
    return { status: await this.admission.decide(caller.tenantId, id, body.status) };
  }

  @Delete('devices/:id')
  @HttpCode(204)
  @Transactional({ tenantCounter: true })
  @Authenticated({ roles: CHANGE })
  @Operation({
    id: 'deleteAuthSet',
    summary: 'Remove a device authentication data set',
    description: 'Also 204 when it does not exist.',
  })
  @ApiNoContentResponse({ description: 'Removed, or never existed.' })
  delete(@CurrentUser() caller: Principal, @Param('id') id: string): Promise<void> {
    return this.admission.delete(caller.tenantId, id);
  }
}

/** Deepest page served: a million pages (of up to 500) is past any fleet, and keeps offsets exact. */
const MAX_PAGE = 1_000_000;

/** Mender's paging parameters: whole numbers in range, else 400 naming the parameter. */
function integerQuery(name: string, raw: unknown, fallback: number, max: number): number {
  const text = textQuery(name, raw);
  if (text === undefined) return fallback;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (value > max)
    throw new AdmissionException(400, `invalid ${name} query: "${text}": must be at most ${max}`);
  if (!(value >= 1)) throw new AdmissionException(400, `invalid ${name} query: "${text}"`);
  return value;
}

/** One value, not a repeated parameter (which Fastify hands over as an array). */
function textQuery(name: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new AdmissionException(400, `invalid ${name} query: give it once`);
  return raw;
}

function statusQuery(raw: unknown): AdmissionStatus | undefined {
  const status = textQuery('status', raw);
  if (status === undefined) return undefined;
  if (!isStatus(status))
    throw new AdmissionException(
      400,
      `invalid status query: "${status}": must be one of pending, accepted, rejected`,
    );
  return status;
}
