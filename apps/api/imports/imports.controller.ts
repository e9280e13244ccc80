import { BadRequestException, Body, Controller, Get, HttpCode, HttpException, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExtraModels, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { AuthUser, ImportsService, readDocx, UnreadableFileError } from '@duban/core';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { PageQueryDto } from '../common/pagination.dto';
import { ParseIdPipe } from '../common/validation';
import { UploadedForm, UploadedPart } from '../common/worded-upload';
import { CommitImportDto, CommitResultDto, ImportDto, ImportNoticeDto, ImportPageDto, ImportUploadDto } from './imports.dto';
import { NoticeUploadInterceptor } from './notice-upload.interceptor';

/**
 * The notice importer (导入): a notice pasted or uploaded becomes a preview of the tasks it
 * assigns; corrected, it is committed as tasks and cadences. Lead-department staff, supervisors
 * and admins import; each preview is its importer's own (404 for anyone else).
 */
@ApiTags('imports')
@ApiBearerAuth()
@ApiExtraModels(ImportNoticeDto, ImportUploadDto)
@Roles('ADMIN', 'SUPERVISOR', 'LEAD_UNIT')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /**
   * Reads a notice into a preview and keeps the preview (nothing else) for 7 days. JSON
   * `{text, source?}`, or multipart/form-data with a .docx in `file` (at most 20 MB) and
   * `source?`. 400 for empty text, 413 for a file too large, 415 for a file that is no .docx,
   * 422 for a text that is no Chinese notice or assigns no task, or a .docx that cannot be read.
   */
  @Post()
  @UseInterceptors(NoticeUploadInterceptor)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ schema: { oneOf: [{ $ref: getSchemaPath(ImportNoticeDto) }, { $ref: getSchemaPath(ImportUploadDto) }] } })
  async create(@CurrentUser() user: AuthUser, @Body() body: ImportNoticeDto, @UploadedForm() file: UploadedPart | undefined): Promise<ImportDto> {
    if (file && body.text !== undefined) throw new BadRequestException('give the notice as text or as file, not both');
    if (!file) {
      if (body.text === undefined) throw new BadRequestException("text: give the notice's text, or upload it as a .docx in the field named file");
      return this.imports.preview(user, { text: body.text, source: body.source });
    }
    let text: string;
    try {
      text = await readDocx(file.buffer);
    } catch (error) {
      if (error instanceof UnreadableFileError) throw new HttpException(error.message, error.status);
      throw error;
    }
    return this.imports.preview(user, { text, source: body.source ?? file.originalname }, 'file');
  }

  /** The caller's previews and committed imports, newest first. */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<ImportPageDto> {
    return this.imports.list(user, query);
  }

  /** One preview of the caller's. */
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number): Promise<ImportDto> {
    return this.imports.get(user, id);
  }

  /**
   * Creates the selected tasks (DRAFT, issued by the importing office, with owners, co-units and
   * due dates) under one parent task for the notice, and a REPORT cadence for each recurring
   * task, all through the one task-creation path and in one transaction. 409 while a selected
   * task keeps an unresolved unit (map it, or leave it out), and once the import is committed.
   */
  @Post(':id/commit')
  @HttpCode(201)
  commit(@CurrentUser() user: AuthUser, @Param('id', new ParseIdPipe('id')) id: number, @Body() body: CommitImportDto): Promise<CommitResultDto> {
    return this.imports.commit(user, id, {
      ...body,
      edits: body.edits?.map((e) => ({ ...e, recurrence: e.recurrence === null ? null : e.recurrence ? { ...e.recurrence } : undefined })),
    });
  }
}
