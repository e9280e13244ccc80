import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, ListItemsService } from '@duban/core';
import { CurrentUser } from '../auth/auth.decorators';
import { ParseIdPipe } from '../common/validation';
import { CreateListItemDto, ListHistoryDto, ListHistoryQueryDto, ListItemDto, ListItemPageDto, ListItemQueryDto, RemoveListItemDto } from './list-items.dto';

@ApiTags('chains')
@ApiBearerAuth()
@Controller('chains/:id/list-items')
export class ListItemsController {
  constructor(private readonly lists: ListItemsService) {}

  /** The chain's live four lists, a page at a time. */
  @Get()
  live(@Param('id', new ParseIdPipe('id')) chainId: number, @Query() query: ListItemQueryDto): Promise<ListItemPageDto> {
    return this.lists.live(chainId, query.type, { page: query.page, pageSize: query.pageSize });
  }

  /** Additions and removals of a month, with counts per list. */
  @Get('history')
  history(@Param('id', new ParseIdPipe('id')) chainId: number, @Query() query: ListHistoryQueryDto): Promise<ListHistoryDto> {
    return this.lists.history(chainId, query.month);
  }

  @Post()
  add(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) chainId: number, @Body() body: CreateListItemDto): Promise<ListItemDto> {
    return this.lists.add(user, chainId, body);
  }

  /** Removes an item from the live list (with a reason); it stays in the history. */
  @Delete(':itemId')
  remove(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseIdPipe('id')) chainId: number,
    @Param('itemId', new ParseIdPipe('itemId')) itemId: number,
    @Body() body: RemoveListItemDto,
  ): Promise<ListItemDto> {
    return this.lists.remove(user, chainId, itemId, body.reason, body.fileIds);
  }
}
