import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ChainsService } from '@duban/core';
import { ParseIdPipe } from '../common/validation';
import { ChainDetailDto, ChainPageDto, ChainQueryDto } from './chains.dto';

@ApiTags('chains')
@ApiBearerAuth()
@Controller('chains')
export class ChainsController {
  constructor(private readonly chains: ChainsService) {}

  /** Chains with their leaders, lead units and participants (reference data, visible to every signed-in user). */
  @Get()
  list(@Query() query: ChainQueryDto): Promise<ChainPageDto> {
    return this.chains.list({ category: query.category }, query);
  }

  /** One chain with its task force. */
  @Get(':id')
  get(@Param('id', new ParseIdPipe('id')) id: number): Promise<ChainDetailDto> {
    return this.chains.get(id);
  }
}
