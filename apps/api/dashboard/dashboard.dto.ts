import { ApiProperty } from '@nestjs/swagger';
import type { ListLink, Summary, SummaryCard } from '@duban/core';

// ---- Answers (the console's client is generated from these; each mirrors the service's view) ----

/** A list endpoint and the query that answers exactly what a card counts. */
export class ListLinkDto implements ListLink {
  @ApiProperty({ enum: ['/tasks', '/obligations', '/supervision'] })
  path: '/tasks' | '/obligations' | '/supervision';
  /** Query parameters as strings; lists of states are comma-separated. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  query: Record<string, string>;
}

export const SUMMARY_CARD_KEYS = ['todo', 'dueSoon', 'overdue', 'reportsThisMonth', 'completionRate', 'onTimeCompletionRate', 'supervision'] as const;

export class SummaryCardDto implements SummaryCard {
  @ApiProperty({ enum: SUMMARY_CARD_KEYS, enumName: 'SummaryCardKey' })
  key: SummaryCard['key'];
  count: number;
  link: ListLinkDto;
  /** For the report and rate cards: what the count is out of. */
  total?: number;
  totalLink?: ListLinkDto;
  /** count / total, rounded to 4 places; null while total is 0. */
  @ApiProperty({ type: 'number', nullable: true, required: false })
  rate?: number | null;
}

export class SummaryDto implements Summary {
  /** The month (YYYY-MM) the cards speak of, in the profile's zone. */
  month: string;
  /** Its year (YYYY): the rate cards count this year's tasks. */
  year: string;
  cards: SummaryCardDto[];
}
