import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ToNumber } from './validation';

/** `page` (from 1) and `pageSize` (default 20, at most 200), shared by every list. */
export class PageQueryDto {
  @IsOptional() @ToNumber() @IsInt() @Min(1) @Max(1_000_000)
  page: number = 1;

  @IsOptional() @ToNumber() @IsInt() @Min(1) @Max(200)
  pageSize: number = 20;
}
