import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, EscalationPoliciesService } from '@duban/core';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { PageQueryDto } from '../common/pagination.dto';
import { ParseIdPipe } from '../common/validation';
import { EscalationPolicyDto, EscalationPolicyPageDto, EscalationPolicyViewDto, PolicyPreviewDto, PolicyPreviewPageDto } from './escalation.dto';

@ApiTags('escalation')
@ApiBearerAuth()
@Controller('escalation-policies')
export class EscalationPoliciesController {
  constructor(private readonly policies: EscalationPoliciesService) {}

  @Get()
  list(@Query() query: PageQueryDto): Promise<EscalationPolicyPageDto> {
    return this.policies.list(query);
  }

  @Get(':id')
  get(@Param('id', new ParseIdPipe('id')) id: number): Promise<EscalationPolicyViewDto> {
    return this.policies.get(id);
  }

  /** A policy: steps relative to a due date, in time order (admin, supervisor). */
  @Roles('ADMIN', 'SUPERVISOR')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: EscalationPolicyDto): Promise<EscalationPolicyViewDto> {
    return this.policies.create(user, body);
  }

  /** Where each step would fall for a due instant, on the work calendar (the step editor's timeline); writes nothing. */
  @Roles('ADMIN', 'SUPERVISOR')
  @Post('preview')
  @HttpCode(200)
  preview(@Body() body: PolicyPreviewDto): Promise<PolicyPreviewPageDto> {
    return this.policies.preview(body.steps, new Date(body.dueAt));
  }

  @Roles('ADMIN', 'SUPERVISOR')
  @Put(':id')
  update(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number, @Body() body: EscalationPolicyDto): Promise<EscalationPolicyViewDto> {
    return this.policies.update(user, id, body);
  }

  @Roles('ADMIN')
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number) {
    return this.policies.remove(user, id);
  }
}
