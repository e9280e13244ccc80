import { BadRequestException, Controller, Get, Param, Post, Query, Res, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, FilesService } from '@duban/core';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { dispositionOf } from '../common/downloads';
import { INLINE_IMAGE_CSP, INLINE_PDF_CSP } from '../common/security-headers';
import { ParseIdPipe } from '../common/validation';
import { UploadedForm, UploadedPart } from '../common/worded-upload';
import { EvidenceUploadInterceptor } from './evidence-upload.interceptor';
import { DownloadQueryDto, FileAccessPageDto, FileDto, FileUploadDto } from './files.dto';

/**
 * Evidence files (见证材料). Upload first, then name the file in the action it is evidence for
 * (`fileIds`), which attaches it to that record for good. Every signed-in user may upload;
 * a file is downloaded by whoever may see its record (its uploader, until it is attached).
 */
@ApiTags('files')
@ApiBearerAuth()
@Controller('files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  /**
   * Uploads one file (multipart/form-data, field `file`). Its type is recognised from its
   * content: PDF, OFD, Word, Excel, WPS, JPEG, PNG or UTF-8 text; anything else answers 415, a
   * file over the limit (20 MB unless configured) 413, each naming the file. An upload no
   * action attaches within a day is removed.
   */
  @Post()
  @UseInterceptors(EvidenceUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: FileUploadDto })
  async upload(@CurrentUser() user: AuthUser, @UploadedForm() file: UploadedPart | undefined): Promise<FileDto> {
    if (!file) throw new BadRequestException('file: send the file as multipart/form-data, in the field named file');
    return this.files.upload(user, { name: file.originalname, bytes: file.buffer });
  }

  /** Who uploaded, attached and downloaded the file, when, for which record, oldest first (admins, supervisors). */
  @Get(':id/access')
  @Roles('ADMIN', 'SUPERVISOR')
  access(@Param('id', new ParseIdPipe('id')) id: number): Promise<FileAccessPageDto> {
    return this.files.access(id);
  }

  /**
   * Downloads a file, as an attachment under its own name. `inline=1` shows an image or a PDF in
   * the browser instead, under a Content-Security-Policy that runs no script. 404 for a file of a
   * record the caller may not see.
   */
  @Get(':id')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseIdPipe('id')) id: number,
    @Query() query: DownloadQueryDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile> {
    const { file, previewable, body } = await this.files.download(user, id);
    const inline = query.inline === '1' && previewable;
    void res.headers({
      'content-type': file.type,
      'content-length': String(file.size),
      'content-disposition': dispositionOf(inline ? 'inline' : 'attachment', file.name),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-cache',
      ...(inline ? { 'content-security-policy': file.type === 'application/pdf' ? INLINE_PDF_CSP : INLINE_IMAGE_CSP } : {}),
    });
    return new StreamableFile(body);
  }
}
