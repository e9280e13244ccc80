import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { FILE_SUBJECT_TYPES, FileSubjectType } from '@duban/domain';
import type { FileAccessView, FileView, Page } from '@duban/core';

/** POST /files: the file, as multipart/form-data. */
export class FileUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, OFD, Word, Excel, WPS, JPEG, PNG or UTF-8 text; at most DUBAN_FILES_MAX_BYTES (20 MB)' })
  file: unknown;
}

/** An evidence file (见证材料). */
export class FileDto implements FileView {
  id: number;
  /** The name it was uploaded under (its last path component, for display only). */
  name: string;
  /** Bytes. */
  size: number;
  /** Its MIME type, recognised from its content. */
  type: string;
}

export class DownloadQueryDto {
  /** 1: show an image or a PDF in the browser (under a CSP that runs no script) instead of saving it. */
  @IsOptional()
  @IsIn(['0', '1'], { message: 'inline must be 0 or 1' })
  inline?: '0' | '1';
}

/** One upload, attachment or download of a file. */
export class FileAccessDto implements FileAccessView {
  @ApiProperty({ enum: ['UPLOAD', 'ATTACH', 'DOWNLOAD'] })
  action: 'UPLOAD' | 'ATTACH' | 'DOWNLOAD';
  userId: number;
  userName: string | null;
  at: string;
  /** The record it was for (null: an upload not attached yet). */
  @ApiProperty({ enum: FILE_SUBJECT_TYPES, nullable: true, type: String })
  subjectType: FileSubjectType | null;
  subjectId: number | null;
}

export class FileAccessPageDto implements Page<FileAccessView> {
  items: FileAccessDto[];
  total: number;
}
