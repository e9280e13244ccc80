import { ApiProperty } from '@nestjs/swagger';
import { ASSESSMENT_RATES, SCORING_COUNTS, ScoredUnit, ScoringRules, YearlyPart, YearlyRules } from '@duban/domain';
import type { AssessmentRow, AssessmentView, EvaluationSnapshot, YearlyChain, YearlyEvaluationSnapshot, YearlyUnit } from '@duban/core';

export class ScoringPointsDto implements Record<(typeof SCORING_COUNTS)[number], number> {
  reportLate: number;
  reportMissing: number;
  taskDoneOnTime: number;
  taskOverdue: number;
  openListedSupervision: number;
}

export class ScoringRulesDto implements ScoringRules {
  base: number;
  /** Points per counted item; negative for deductions. */
  points: ScoringPointsDto;
}

export class ScoreItemDto {
  count: number;
  points: number;
}

export class ScoreBreakdownDto implements Record<(typeof SCORING_COUNTS)[number], ScoreItemDto> {
  /** 迟报 */
  reportLate: ScoreItemDto;
  /** 未报 */
  reportMissing: ScoreItemDto;
  /** 按时办结 */
  taskDoneOnTime: ScoreItemDto;
  /** 逾期任务 */
  taskOverdue: ScoreItemDto;
  /** 挂牌督办 */
  openListedSupervision: ScoreItemDto;
}

export class ScoredUnitDto implements ScoredUnit {
  unitId: number;
  unitName: string;
  score: number;
  /** Ties share a rank (1, 2, 2, 4). */
  rank: number;
  /** Places gained since the previous month (positive is better); null without a previous rank. */
  rankDelta: number | null;
  breakdown: ScoreBreakdownDto;
}

/** A published monthly evaluation (月度评比): an immutable snapshot. */
export class EvaluationDto implements EvaluationSnapshot {
  period: string;
  title: string;
  profile: string | null;
  rules: ScoringRulesDto;
  computedAt: string;
  items: ScoredUnitDto[];
}

export class RateWeightsDto implements Record<(typeof ASSESSMENT_RATES)[number], number> {
  /** 办结率 */
  completionRate: number;
  /** 按时办结率 */
  onTimeCompletionRate: number;
  /** 按时报送率 */
  onTimeReportRate: number;
}

/** How the year is composed (relative weights). */
export class YearlyRulesDto implements YearlyRules {
  /** Weight of the mean monthly score. */
  monthlyWeight: number;
  /** Weight of the mean quarterly score. */
  quarterlyWeight: number;
  /** A quarter's score out of 100: the weighted mean of its known rates. */
  rateWeights: RateWeightsDto;
}

export class YearlyPartDto implements YearlyPart {
  /** The mean (two decimals); null when there was none. */
  score: number | null;
  /** How many months or quarters it was drawn from. */
  count: number;
}

export class YearlyUnitDto implements YearlyUnit {
  unitId: number;
  unitName: string;
  /** Two decimals. */
  score: number;
  /** Ties share a rank (1, 2, 2, 4). */
  rank: number;
  /** Places gained since the previous year (positive is better); null without a previous rank. */
  rankDelta: number | null;
  /** 月度评比 */
  monthly: YearlyPartDto;
  /** 季度评估 */
  quarterly: YearlyPartDto;
}

export class YearlyChainDto implements YearlyChain {
  chainId: number;
  chainName: string;
  score: number;
  rank: number;
  rankDelta: number | null;
  /** Chains are not scored monthly: their quarters alone. */
  quarterly: YearlyPartDto;
}

export class ComposedOfDto {
  /** The published monthly evaluations composed, `YYYY-MM`. */
  months: string[];
  /** The published quarterly assessments composed, `YYYY-Qn`. */
  quarters: string[];
}

/** A published yearly evaluation (年考评): an immutable snapshot, per unit and per chain. */
export class YearlyEvaluationDto implements YearlyEvaluationSnapshot {
  /** The year, `YYYY`. */
  period: string;
  title: string;
  profile: string | null;
  rules: YearlyRulesDto;
  computedAt: string;
  items: YearlyUnitDto[];
  chains: YearlyChainDto[];
  composedOf: ComposedOfDto;
}

export class AssessmentRowDto implements AssessmentRow {
  /** The unit's or the chain's id. */
  id: number;
  name: string;
  /** Tasks assigned and due in the quarter. */
  tasks: number;
  /** 办结率, 0–1; null without tasks. */
  completionRate: number | null;
  /** 按时办结率, 0–1. */
  onTimeCompletionRate: number | null;
  overdueCount: number;
  /** Monthly reports due in the quarter so far. */
  reports: number;
  /** 按时报送率, 0–1; null without reports. */
  onTimeReportRate: number | null;
}

/** A major matter overdue (a task marked URGENT, or a MAJOR problem). */
export class MajorOverdueDto {
  @ApiProperty({ enum: ['TASK', 'PROBLEM'] })
  subjectType: 'TASK' | 'PROBLEM';
  subjectId: number;
  title: string;
  ownerUnitId: number;
  ownerUnitName: string;
  dueAt: string;
}

/** The quarterly assessment (季度评估): as published, or live until then. */
export class AssessmentDto implements AssessmentView {
  quarter: string;
  title: string;
  computedAt: string;
  units: AssessmentRowDto[];
  chains: AssessmentRowDto[];
  /** Those the caller may see. */
  majorOverdue: MajorOverdueDto[];
  published: boolean;
}
