import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { UNIT_KINDS, UnitKind } from '@duban/domain';
import type { Page, UnitView } from '@duban/core';
import { PageQueryDto } from '../common/pagination.dto';
import { NotBlank } from '../common/validation';

export class UnitQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;
}

export class CreateUnitDto {
  @IsString()
  @NotBlank()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @IsIn(UNIT_KINDS)
  kind: UnitKind;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  fullName?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  parentId?: number;
}

// ---- Answers ----

export class UnitDto implements UnitView {
  id: number;
  name: string;
  fullName: string | null;
  @ApiProperty({ enum: UNIT_KINDS, enumName: 'UnitKind' })
  kind: UnitKind;
  parentId: number | null;
}

export class UnitPageDto implements Page<UnitView> {
  items: UnitDto[];
  total: number;
}
