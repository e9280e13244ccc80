import { IsInstant } from '../common/validation';

export class SetClockDto {
  @IsInstant()
  now: string;
}

/** The virtual clock's time (DUBAN_TIME_TRAVEL=1 only). */
export class ClockDto {
  /** ISO 8601 instant. */
  now: string;
}
