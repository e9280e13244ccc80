import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { FREQUENCIES, Frequency } from '@duban/domain';
import type { CommitView, ImportSummary, ImportView, Page } from '@duban/core';
import { IsLocalDate, NotBlank } from '../common/validation';
import { CadenceViewDto } from '../cadences/cadences.dto';
import { TaskDto } from '../tasks/tasks.dto';

/** The JSON form of POST /imports (the multipart form sends `file` instead of `text`). */
export class ImportNoticeDto {
  /** The notice's text, pasted (up to the api's 1 MB body; a larger notice is uploaded as .docx). */
  @IsOptional()
  @IsString()
  @MaxLength(1_000_000)
  text?: string;

  /** Where the notice comes from (a file name, a document number, a URL), shown with the preview. */
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxLength(200)
  source?: string;
}

/** The multipart form of POST /imports, as the OpenAPI document describes it. */
export class ImportUploadDto {
  /** The notice as a .docx document (Word 2007 or later), at most 20 MB. */
  @ApiProperty({ type: 'string', format: 'binary' })
  file: unknown;

  @ApiPropertyOptional({ maxLength: 200 })
  source?: string;
}

export class RecurrenceDto {
  @IsIn(FREQUENCIES)
  frequency: Frequency;

  /** 1–31; the period's last day when left out. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(31)
  dayOfMonth?: number;

  /** YEARLY: the month 1–12; QUARTERLY 1–3 and SEMIANNUAL 1–6 within the period (default its last). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  month?: number;

  /** WEEKLY: 1 Monday … 7 Sunday (default Friday). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7)
  weekday?: number;
}

/** A correction of one proposed task. */
export class TaskEditDto {
  @IsInt()
  @Min(1)
  @Max(100_000)
  seq: number;

  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxLength(200)
  title?: string;

  /** The deadline, YYYY-MM-DD (due at 23:59:59 in the profile's zone). */
  @IsOptional()
  @IsLocalDate()
  dueDate?: string;

  /** Replace the leads; the first owns the task. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  leadUnitIds?: number[];

  /** Replace the units that work with the leads. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  coUnitIds?: number[];

  /** A corrected recurrence, or null for none. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RecurrenceDto)
  recurrence?: RecurrenceDto | null;
}

const MAX_ID = 4_294_967_295;
const isUnitId = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_ID;

/** An object of at most 500 names (1–100 characters) mapped to a unit id, a list of up to 200 unit ids, or null. */
function IsUnitMapping(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUnitMapping',
      validator: {
        validate: (value: unknown) => {
          if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= 500 &&
            entries.every(
              ([name, to]) =>
                name.trim().length > 0 &&
                name.length <= 100 &&
                (to === null || isUnitId(to) || (Array.isArray(to) && to.length >= 1 && to.length <= 200 && to.every(isUnitId) && new Set(to).size === to.length)),
            )
          );
        },
        defaultMessage: () => 'mapping must map each unresolved name (1–100 characters, at most 500 names) to a unit id, a list of distinct unit ids, or null',
      },
    },
    options,
  );
}

export class CommitImportDto {
  /** Unresolved name → a unit id, several unit ids, or null to leave the name out. */
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'integer' }, { type: 'array', items: { type: 'integer' } }], nullable: true },
    example: { 市政府: 1, 各有关单位: null },
  })
  @IsOptional()
  @IsUnitMapping()
  mapping?: Record<string, number | number[] | null>;

  /** The seqs of the tasks to create (default: all). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(100_000, { each: true })
  select?: number[];

  /** Corrections of proposed tasks. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => TaskEditDto)
  edits?: TaskEditDto[];

  /** The issuing office (交办单位): default the importer's unit; admins and supervisors may name another. */
  @IsOptional()
  @IsInt()
  @Min(1)
  issuerUnitId?: number;
}

// ---- Answers (the console's client is generated from these; each mirrors the service's view) ----

export class ImportDocumentDto {
  /** 文号, e.g. 郑政办〔2021〕40号. */
  number: string | null;
  title: string | null;
  /** The date the notice was signed (else printed), YYYY-MM-DD. */
  issuedAt: string | null;
}

export class ProposedUnitDto {
  /** As the notice names it (a bare 规划局 after 市通管办 reads 市规划局); for a member of a collective, the member's name. */
  name: string;
  /** The unit meant, when resolved. */
  unitId?: number;
  /** The unit's name in Duban, when resolved. */
  unitName?: string;
  /** The collective this entry comes from (各开发区管委会、区县（市）政府), if any. */
  group?: string;
}

export class RecurrenceViewDto {
  @ApiProperty({ enum: FREQUENCIES, enumName: 'Frequency' })
  frequency: Frequency;
  dayOfMonth?: number;
  month?: number;
  weekday?: number;
}

export class ProposedTaskDto {
  /** The item's number in the notice (or its place, for unnumbered items). */
  seq: number;
  /** The number as written: （三）, 3., a table row's 序号; empty for a prose sentence. */
  label: string;
  title: string;
  detail?: string;
  leadUnits: ProposedUnitDto[];
  coUnits: ProposedUnitDto[];
  /** The final deadline, YYYY-MM-DD; absent when the notice names none (the commit then uses 31 December of `year`). */
  dueDate?: string;
  /** Earlier dates the item names. */
  milestones?: string[];
  recurrence?: RecurrenceViewDto;
  /** Sentences with quantified targets. */
  targets?: string[];
  /** The notice's text of the item. */
  excerpt: string;
  /** Offsets of the excerpt in `text`: [start, end). */
  start: number;
  end: number;
  @ApiProperty({ enum: ['fields', 'inline', 'table', 'prose'] })
  format: 'fields' | 'inline' | 'table' | 'prose';
}

export class ImportResultDto {
  tasks: ImportResultTaskDto[];
  cadences: ImportResultCadenceDto[];
}

export class ImportResultTaskDto {
  seq: number;
  taskId: number;
}

export class ImportResultCadenceDto {
  seq: number;
  cadenceId: number;
}

export class ImportDto implements ImportView {
  id: number;
  source: string | null;
  document: ImportDocumentDto;
  year: number;
  tasks: ProposedTaskDto[];
  /** Names that resolve to no unit: map them (or leave them out) before committing. */
  unresolvedUnits: string[];
  text: string;
  createdAt: string;
  /** An uncommitted preview is forgotten after this (404 from then). */
  expiresAt: string;
  committedAt: string | null;
  parentTaskId: number | null;
  result: ImportResultDto | null;
}

export class ImportSummaryDto implements ImportSummary {
  id: number;
  source: string | null;
  document: ImportDocumentDto;
  year: number;
  taskCount: number;
  createdAt: string;
  expiresAt: string;
  committedAt: string | null;
  parentTaskId: number | null;
  result: ImportResultDto | null;
}

export class ImportPageDto implements Page<ImportSummary> {
  items: ImportSummaryDto[];
  total: number;
}

export class CommittedTaskDto {
  seq: number;
  task: TaskDto;
}

export class CommittedCadenceDto {
  seq: number;
  cadence: CadenceViewDto;
}

export class CommitResultDto implements CommitView {
  import: ImportDto;
  parent: TaskDto;
  tasks: CommittedTaskDto[];
  cadences: CommittedCadenceDto[];
}
