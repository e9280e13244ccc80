import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditService, ZoneService } from '@duban/core';
import { rangeBound } from '@duban/domain';
import { Roles } from '../auth/auth.decorators';
import { AuditPageDto, AuditQueryDto } from './audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly zones: ZoneService,
  ) {}

  /** Configuration and account changes and sign-ins, newest first (never a password or a key). */
  @Roles('ADMIN', 'SUPERVISOR')
  @Get()
  async list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const { page, pageSize, from, to, ...filter } = query;
    const zone = await this.zones.zone();
    return this.audit.list({ ...filter, from: from ? rangeBound(from, 'from', zone) : undefined, to: to ? rangeBound(to, 'to', zone) : undefined }, { page, pageSize });
  }
}
