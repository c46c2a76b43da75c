import { Readable } from 'node:stream';
import { Controller, Get, Headers, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../../../core/auth/authenticated.decorator';
import { CurrentUser } from '../../../core/auth/current-user.decorator';
import type { Principal } from '../../../core/auth/principal';
import { Role } from '../../../core/auth/role.enum';
import { Operation } from '../../../core/http/operation.decorator';
import { MANAGEMENT_TENANT } from '../../../core/tenancy/tenants.service';
import { CumulocityMediaType } from '../cumulocity-media-type';
import { absoluteUrl } from '../inventory/inventory-paging';
import { originOf } from '../new-device-request.representation';
import { BulkImportJobView, jobPath } from './dto/bulk-import-job.response';
import { BulkImportJobsService } from './bulk-import-jobs.service';
import { BulkImportService, type ImportCaller, type ImportOptions } from './bulk-import.service';
import { BulkReport } from './bulk-report';
import { BulkReportCsv } from './bulk-report-csv';
import { cumulocityLimitError, FILE_PART, uploadedFile } from './bulk-upload';
import { BulkNewDeviceRequest } from './dto/bulk-new-device-request.response';

const ADMIN = [Role.ROLE_DEVICE_CONTROL_ADMIN];
const READ = [Role.ROLE_DEVICE_CONTROL_READ, Role.ROLE_DEVICE_CONTROL_ADMIN];

/** Cumulocity's bulk device credentials: one CSV file registers a fleet (spec: "Bulk device credentials"). */
@ApiTags('Cumulocity bulk import')
@Controller('devicecontrol/bulkNewDeviceRequests')
export class BulkImportController {
  constructor(
    private readonly importer: BulkImportService,
    private readonly jobs: BulkImportJobsService,
    private readonly reportCsv: BulkReportCsv,
  ) {}

  @Post()
  @Authenticated({ roles: ADMIN })
  @CumulocityMediaType('bulkNewDeviceRequest')
  @Operation({
    id: 'createBulkNewDeviceRequest',
    summary: 'Import device credentials from a CSV file',
    description:
      'Multipart part `file`: a header line (ID, CREDENTIALS; TENANT in the management tenant; TYPE, NAME, ICCID, ' +
      'IDTYPE, PATH, SHELL; any case), separated by tab, `;` or `,` (detected). Each line creates or updates the ' +
      'device user `device_<ID>` and its managed object; a failing line does not stop the others. Streamed: the ' +
      'file is never held in memory. `Prefer: respond-async` answers 202 with the Location of a job.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [FILE_PART],
      properties: { [FILE_PART]: { type: 'string', format: 'binary', description: 'The CSV file.' } },
    },
  })
  @ApiQuery({
    name: 'dryRun',
    required: false,
    schema: { type: 'boolean', default: false },
    description: 'Validate every line and answer the same report, writing nothing.',
  })
  @ApiQuery({
    name: 'mode',
    required: false,
    schema: { type: 'string', enum: ['per-line', 'all-or-nothing'], default: 'per-line' },
    description: 'all-or-nothing: write nothing when any line fails (422).',
  })
  @ApiHeader({
    name: 'Prefer',
    required: false,
    description: '`respond-async`: import in the background (202).',
  })
  @ApiCreatedResponse({ type: BulkNewDeviceRequest, description: 'The import report.' })
  @ApiAcceptedResponse({ type: BulkImportJobView, description: 'The job importing the file (Location).' })
  @ApiPayloadTooLargeResponse({
    description: 'The file passes UPLOAD_LIMIT_BYTES (the message names the line).',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'Not a multipart file part, a bad header, a line or cell over its cap, or an all-or-nothing failure.',
  })
  async create(
    @CurrentUser() principal: Principal,
    @Query('dryRun') dryRun: string | undefined,
    @Query('mode') mode: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BulkNewDeviceRequest | BulkImportJobView> {
    const caller: ImportCaller = {
      tenantId: principal.tenantId,
      management: principal.tenantId === MANAGEMENT_TENANT,
    };
    const options: ImportOptions = { dryRun: dryRun === 'true', allOrNothing: mode === 'all-or-nothing' };
    const file = await uploadedFile(request);
    try {
      if (/\brespond-async\b/i.test(prefer ?? '')) {
        const job = await this.jobs.start(file, caller, options, originOf(request));
        void reply.status(HttpStatus.ACCEPTED).header('location', absoluteUrl(request, jobPath(job.id)));
        return BulkImportJobView.from(job, (path) => absoluteUrl(request, path));
      }
      const report = new BulkReport(true);
      await this.importer.import(file, caller, options, report);
      return report.toBody();
    } catch (error) {
      throw cumulocityLimitError(error);
    }
  }

  @Get('jobs/:id')
  @Authenticated({ roles: READ })
  @CumulocityMediaType('bulkNewDeviceRequestJob')
  @Operation({
    id: 'getBulkNewDeviceRequestJob',
    summary: 'Progress of a background import',
    description: 'State, lines done of total and the counts so far; any instance answers.',
  })
  @ApiOkResponse({ type: BulkImportJobView })
  @ApiNotFoundResponse({ description: 'No such job in the caller’s tenant.' })
  async job(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
  ): Promise<BulkImportJobView> {
    const job = await this.jobs.get(principal.tenantId, id);
    return BulkImportJobView.from(job, (path) => absoluteUrl(request, path));
  }

  @Get('jobs/:id/report.csv')
  @Authenticated({ roles: READ })
  @Operation({
    id: 'getBulkNewDeviceRequestJobReport',
    summary: 'Every line’s outcome of a background import, as CSV',
    description:
      'Columns line, deviceId, status, failureReason; streamed in line order. Cells that a spreadsheet would ' +
      'read as a formula are prefixed with a single quote.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The report.', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'No such job in the caller’s tenant.' })
  async report(
    @CurrentUser() principal: Principal,
    @Param('id') id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const job = await this.jobs.get(principal.tenantId, id);
    const body: Readable = Readable.from(this.reportCsv.lines(job.id));
    await reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="bulk-import-${job.id}.csv"`)
      .send(body);
  }
}
