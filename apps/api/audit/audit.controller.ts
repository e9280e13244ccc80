import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditService, DEFAULT_ZONE } from '@duban/core';
import { rangeBound } from '@duban/domain';
import { Roles } from '../auth/auth.decorators';
import { AuditPageDto, AuditQueryDto } from './audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Configuration and account changes and sign-ins, newest first (never a password or a key). */
  @Roles('ADMIN', 'SUPERVISOR')
  @Get()
  list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const { page, pageSize, from, to, ...filter } = query;
    return this.audit.list(
      { ...filter, from: from ? rangeBound(from, 'from', DEFAULT_ZONE) : undefined, to: to ? rangeBound(to, 'to', DEFAULT_ZONE) : undefined },
      { page, pageSize },
    );
  }
}
