import { ASSESSMENT_RATES, AssessmentRate, YearlyPart, YearlyRules } from '@duban/domain';
import type { YearlyEvaluationSnapshot } from './evaluations.service';
import { localDate, NoticeTable, rankDeltaText } from './notice-documents';

const RATE_NAMES: Record<AssessmentRate, string> = { completionRate: '办结率', onTimeCompletionRate: '按时办结率', onTimeReportRate: '按时报送率' };

/** The yearly evaluation's notice (年度考评通报): the units' ranking, the chains', the rule and what it was composed of. */
export function yearlyNoticeTable(e: YearlyEvaluationSnapshot, zone: string): NoticeTable {
  const part = (p: YearlyPart) => (p.score === null ? '—' : `${p.score}（${p.count}期）`);
  return {
    title: e.title,
    subtitle: `发布时间：${localDate(e.computedAt, zone)}　　计分规则：${yearlyRuleText(e.rules)}　　依据：${composedText(e.composedOf)}`,
    sections: [
      {
        heading: '一、各单位年度考评',
        columns: ['名次', '单位', '年度得分', '名次变化', '月度评比均分', '季度评估均分'],
        rows: e.items.map((i) => [i.rank, i.unitName, i.score, rankDeltaText(i.rankDelta), part(i.monthly), part(i.quarterly)]),
      },
      {
        heading: '二、各产业链年度考评',
        columns: ['名次', '产业链', '年度得分', '名次变化', '季度评估均分'],
        rows: e.chains.map((c) => [c.rank, c.chainName, c.score, rankDeltaText(c.rankDelta), part(c.quarterly)]),
      },
    ],
    footer: '督办：市政府办公厅',
  };
}

/** The rule in words, with the weights as shares: 年度得分＝月度评比均分×60%＋季度评估均分×40%…. */
export function yearlyRuleText(rules: YearlyRules): string {
  const share = (w: number, total: number) => `${Math.round((w / total) * 1000) / 10}%`;
  const parts = rules.monthlyWeight + rules.quarterlyWeight;
  const rates = ASSESSMENT_RATES.reduce((sum, r) => sum + rules.rateWeights[r], 0);
  const quarter = ASSESSMENT_RATES.filter((r) => rules.rateWeights[r] > 0)
    .map((r) => `${RATE_NAMES[r]}×${share(rules.rateWeights[r], rates)}`)
    .join('＋');
  return `年度得分＝月度评比均分×${share(rules.monthlyWeight, parts)}＋季度评估均分×${share(rules.quarterlyWeight, parts)}（季度得分＝${quarter}，百分制；产业链按季度评估计）`;
}

function composedText(c: YearlyEvaluationSnapshot['composedOf']): string {
  const months = c.months.map((m) => Number(m.slice(5))).join('、');
  const quarters = c.quarters.map((q) => q.slice(6)).join('、');
  return `${months}月月度评比；第${quarters}季度评估`;
}
