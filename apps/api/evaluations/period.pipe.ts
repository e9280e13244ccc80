import { BadRequestException, PipeTransform } from '@nestjs/common';

class PeriodPipe implements PipeTransform<string, string> {
  constructor(
    private readonly name: string,
    private readonly pattern: RegExp,
    private readonly example: string,
  ) {}
  transform(value: string): string {
    if (!this.pattern.test(value)) throw new BadRequestException(`${this.name} must look like ${this.example}`);
    return value;
  }
}

// Years 1970–9999, as every instant the api takes.
const YEAR = '(19[7-9]\\d|[2-9]\\d{3})';

export const MonthParam = () => new PeriodPipe('period', new RegExp(`^${YEAR}-(0[1-9]|1[0-2])$`), '2026-07');

/** A month's evaluation (`2026-07`) or the year's (`2026`, 年考评); quarters are assessments (/assessments/2026-Q3). */
export const EvaluationPeriodParam = () => new PeriodPipe('period', new RegExp(`^${YEAR}(-(0[1-9]|1[0-2]))?$`), '2026-07 (a month) or 2026 (a year)');

export const QuarterParam = () => new PeriodPipe('quarter', new RegExp(`^${YEAR}-Q[1-4]$`), '2026-Q3');
