import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../../../core/auth/authenticated.decorator';
import { ApiPagedResponse } from '../../../core/http/api-paged-response.decorator';
import { Operation } from '../../../core/http/operation.decorator';
import { PageQuery } from '../../../core/http/page-query.dto';
import { paginate } from '../../../core/http/pagination';
import { Transactional } from '../../../core/transaction/transactional.decorator';
import { HolidayResponse, PutHolidayDto, PutSiteDto, SiteResponse } from './dto/site.dto';
import { ApiPutResponses, putResult } from './put-result';
import { DatePipe, TextIdPipe } from './record-ids';
import { ACCESS_CONTROL, ACCESS_CONTROL_ROLES, ACCESS_CONTROL_TAG } from './site-model.routes';
import { SitesService } from './sites.service';

@ApiTags(ACCESS_CONTROL_TAG)
@Controller(`${ACCESS_CONTROL}/sites`)
@Authenticated({ roles: ACCESS_CONTROL_ROLES })
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  @Put(':siteId')
  @Transactional()
  @Operation({
    id: 'putSite',
    summary: 'Create or replace a site',
    description: 'A site groups controlled areas; its schedules and holidays run in its IANA time zone.',
  })
  @ApiPutResponses(SiteResponse)
  async put(
    @Param('tenantId') tenantId: string,
    @Param('siteId', TextIdPipe) siteId: string,
    @Body() dto: PutSiteDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SiteResponse> {
    return putResult(reply, await this.sites.put(tenantId, siteId, dto), SiteResponse.from);
  }

  @Get()
  @Operation({ id: 'listSites', summary: 'List sites, by id' })
  @ApiPagedResponse(SiteResponse)
  async list(
    @Param('tenantId') tenantId: string,
    @Query() query: PageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SiteResponse[]> {
    const rows = await paginate({ request, reply }, query, (skip, take) =>
      this.sites.list(tenantId, skip, take),
    );
    return rows.map(SiteResponse.from);
  }

  @Get(':siteId')
  @Operation({ id: 'getSite', summary: 'Get a site' })
  async get(
    @Param('tenantId') tenantId: string,
    @Param('siteId', TextIdPipe) siteId: string,
  ): Promise<SiteResponse> {
    return SiteResponse.from(await this.sites.get(tenantId, siteId));
  }

  @Delete(':siteId')
  @HttpCode(204)
  @Transactional()
  @Operation({
    id: 'deleteSite',
    summary: 'Delete a site and its holidays',
    description: 'Refused while controlled areas, schedules or access groups are on the site.',
  })
  @ApiConflictResponse({ description: 'Controlled areas, schedules or access groups are on the site.' })
  async delete(
    @Param('tenantId') tenantId: string,
    @Param('siteId', TextIdPipe) siteId: string,
  ): Promise<void> {
    await this.sites.delete(tenantId, siteId);
  }

  @Put(':siteId/holidays/:date')
  @Transactional()
  @Operation({
    id: 'putSiteHoliday',
    summary: 'Create or replace a holiday of a site',
    description:
      "On this local date the holiday's type is in force: periods whose frequency holds its bit run, weekly periods whose exceptions hold it do not.",
  })
  @ApiPutResponses(HolidayResponse)
  @ApiNotFoundResponse({ description: 'No such site.' })
  async putHoliday(
    @Param('tenantId') tenantId: string,
    @Param('siteId', TextIdPipe) siteId: string,
    @Param('date', DatePipe) date: string,
    @Body() dto: PutHolidayDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HolidayResponse> {
    return putResult(reply, await this.sites.putHoliday(tenantId, siteId, date, dto), HolidayResponse.from);
  }

  @Get(':siteId/holidays')
  @Operation({ id: 'listSiteHolidays', summary: "List a site's holidays, by date" })
  @ApiPagedResponse(HolidayResponse)
  async listHolidays(
    @Param('tenantId') tenantId: string,
    @Param('siteId', TextIdPipe) siteId: string,
    @Query() query: PageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HolidayResponse[]> {
    const rows = await paginate({ request, reply }, query, (skip, take) =>
      this.sites.listHolidays(tenantId, siteId, skip, take),
    );
    return rows.map(HolidayResponse.from);
  }

  @Get(':siteId/holidays/:date')
  @Operation({ id: 'getSiteHoliday', summary: 'Get a holiday of a site' })
  async getHoliday(
    @Param('tenantId') tenantId: string,
    @Param('siteId', TextIdPipe) siteId: string,
    @Param('date', DatePipe) date: string,
  ): Promise<HolidayResponse> {
    return HolidayResponse.from(await this.sites.getHoliday(tenantId, siteId, date));
  }

  @Delete(':siteId/holidays/:date')
  @HttpCode(204)
  @Transactional()
  @Operation({ id: 'deleteSiteHoliday', summary: 'Delete a holiday of a site' })
  async deleteHoliday(
    @Param('tenantId') tenantId: string,
    @Param('siteId', TextIdPipe) siteId: string,
    @Param('date', DatePipe) date: string,
  ): Promise<void> {
    await this.sites.deleteHoliday(tenantId, siteId, date);
  }
}
