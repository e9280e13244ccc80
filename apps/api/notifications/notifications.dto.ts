import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { SUBJECT_TYPES, SubjectType } from '@duban/persistence';
import type { NotificationView, Page } from '@duban/core';
import { PageQueryDto } from '../common/pagination.dto';
import { ToBoolean } from '../common/validation';

export class NotificationQueryDto extends PageQueryDto {
  @IsOptional() @ToBoolean() @IsBoolean() unread?: boolean;
}

/** An inbox entry: a step of the engine addressed to the caller. */
export class NotificationDto implements NotificationView {
  id: string;
  /** The step that sent it: REMIND, DUE, URGE, SUPERVISE, ESCALATE. */
  kind: string;
  @ApiProperty({ enum: SUBJECT_TYPES, enumName: 'SubjectType' })
  subjectType: SubjectType;
  subjectId: number;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export class NotificationPageDto implements Page<NotificationDto> {
  items: NotificationDto[];
  total: number;
}

export class NotificationReadDto {
  id: string;
  readAt: string;
}
