import { IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import type { AuditView, Page } from '@duban/core';
import { PageQueryDto } from '../common/pagination.dto';
import { IsDateOrInstant, ToNumber } from '../common/validation';

export class AuditQueryDto extends PageQueryDto {
  /** Changes made by this user. */
  @IsOptional()
  @ToNumber()
  @IsInt()
  @Min(1)
  actorId?: number;

  /** The kind of record: user, unit, cadence, escalation-policy, calendar-day, channel, clock, session, notice, … */
  @IsOptional()
  @Matches(/^[a-z][a-z-]{0,39}$/, { message: 'target must be a kind of record such as user or cadence' })
  target?: string;

  /** One record of that kind. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  targetId?: string;

  /** From this date (YYYY-MM-DD, in the profile's zone) or instant. */
  @IsOptional()
  @IsDateOrInstant()
  from?: string;

  /** Up to this date (inclusive) or instant. */
  @IsOptional()
  @IsDateOrInstant()
  to?: string;
}

// ---- Answers ----

/** One change: who (null: the system), when, what, and the record before and after (never a secret). */
export class AuditEntryDto implements AuditView {
  id: string;
  at: string;
  actorId: number | null;
  /** The actor's display name now; null for the system. */
  actorName: string | null;
  /** e.g. user.update, cadence.create, login.failure. */
  action: string;
  /** The kind of record: user, unit, cadence, escalation-policy, calendar-day, channel, session, … */
  target: string;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The client's address, where the change came over HTTP. */
  address: string | null;
}

export class AuditPageDto implements Page<AuditView> {
  items: AuditEntryDto[];
  total: number;
}
