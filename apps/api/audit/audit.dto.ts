import { IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../common/pagination.dto';
import { IsDateOrInstant, ToNumber } from '../common/validation';

export class AuditQueryDto extends PageQueryDto {
  /** Changes made by this user. */
  @IsOptional() @ToNumber() @IsInt() @Min(1)
  actorId?: number;

  /** The kind of record: user, unit, cadence, escalation-policy, calendar-day, channel, clock, session, notice, … */
  @IsOptional() @Matches(/^[a-z][a-z-]{0,39}$/, { message: 'target must be a kind of record such as user or cadence' })
  target?: string;

  /** One record of that kind. */
  @IsOptional() @IsString() @MaxLength(100)
  targetId?: string;

  /** From this date (YYYY-MM-DD, in the profile's zone) or instant. */
  @IsOptional() @IsDateOrInstant()
  from?: string;

  /** Up to this date (inclusive) or instant. */
  @IsOptional() @IsDateOrInstant()
  to?: string;
}
