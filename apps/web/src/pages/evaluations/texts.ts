export const T = {
  home: '工作台',
  compute: '计算并发布',
  publishedAt: (at: string) => `发布时间：${at}`,
  rules: (base: number, points: string) => `计分规则：基础分 ${base} 分；${points}`,
  pointOf: (name: string, points: number) => `${name}${points > 0 ? '+' : ''}${points} 分/项`,
  chart: '得分',
  chartDescription: '各单位得分',
  ranking: '排名',
  rankingLabel: '评比排名',
  rank: '名次',
  unit: '单位',
  score: '得分',
  delta: '名次变化',
  up: (n: number) => `↑${n}`,
  down: (n: number) => `↓${n}`,
  same: '持平',
  newcomer: '—',
  upHint: (n: number, span: Span) => `较上${span}上升 ${n} 位`,
  downHint: (n: number, span: Span) => `较上${span}下降 ${n} 位`,
  sameHint: (span: Span) => `与上${span}持平`,
  noPrevious: (span: Span) => `上${span}无排名`,
  countAndPoints: (count: number, points: number) => (count === 0 ? '0' : `${count}（${points > 0 ? '+' : ''}${points}）`),
  download: '下载通报',
  print: '打印通报',
  downloaded: '通报已下载',
  popupBlocked: '浏览器阻止了新窗口，请允许本站弹出窗口后重试',
  scoreUnit: '分',
  fallbackName: (period: string) => (period.length === 4 ? `年度考评通报-${period}.xlsx` : `月度评比通报-${period}.xlsx`),
  kind: '评比周期',
  yearRules: (monthly: string, quarterly: string, rates: string) =>
    `计分规则：年度得分＝月度评比均分×${monthly}＋季度评估均分×${quarterly}（季度得分＝${rates}，百分制；产业链按季度评估计）`,
  rateNames: { completionRate: '办结率', onTimeCompletionRate: '按时办结率', onTimeReportRate: '按时报送率' } as Record<string, string>,
  yearScore: '年度得分',
  monthlyPart: '月度评比均分',
  quarterlyPart: '季度评估均分',
  unitRanking: '各单位排名',
  unitRankingLabel: '各单位年度考评排名',
  chainRanking: '各产业链排名',
  chainRankingLabel: '各产业链年度考评排名',
  chain: '产业链',
  unitChartDescription: '各单位年度得分',
};

/**
 * What the page says that depends on its view: a month's ranking (月度评比) or the year's
 * (年度考评) — its heading and tab title, the period picker, and the texts before publishing.
 * `period` is the period as shown (2026年7月, 2026年).
 */
export const VIEW_TEXTS: Record<'MONTH' | 'YEAR', ViewTexts> = {
  MONTH: {
    title: '月度评比',
    periodLabel: '评比月份',
    intro: '对各开发区、区县（市）按月评分排名，月度结束后发布通报。',
    notPublished: (period) => `${period}的评比尚未发布`,
    notPublishedHint: '月度评比在次月 5 日（遇节假日顺延）自动计算并发布。',
    computeTitle: (period) => `发布${period}月度评比`,
    computeWarning: '按计分规则为各单位评分排名并发布通报。通报发布后不能修改。',
    computed: '评比已发布',
    notClosed: '该月尚未结束，结束后才能评比',
  },
  YEAR: {
    title: '年度考评',
    periodLabel: '考评年度',
    intro: '年度考评（年考评）：汇总全年各月评比和各季度评估，对各开发区、区县（市）和各产业链评分排名。',
    notPublished: (period) => `${period}度考评尚未发布`,
    notPublishedHint: '年度考评在次年 1 月 15 日（遇节假日顺延）自动汇总发布，须待当年 12 月评比和第四季度评估发布之后。',
    computeTitle: (period) => `发布${period}度考评`,
    computeWarning: '按年度计分规则汇总已发布的月度评比和季度评估，为各单位、各产业链评分排名并发布通报。通报发布后不能修改。',
    computed: '年度考评已发布',
    notClosed: '该年度尚未结束，结束后才能考评',
  },
};

export interface ViewTexts {
  title: string;
  periodLabel: string;
  intro: string;
  notPublished: (period: string) => string;
  notPublishedHint: string;
  computeTitle: (period: string) => string;
  computeWarning: string;
  computed: string;
  notClosed: string;
}

/** The period a rank change is counted against: 上月 or 上年. */
export type Span = '月' | '年';

/** What each count of the breakdown is called (the notice's column names). */
export const COUNT_NAMES: Record<string, string> = {
  reportLate: '迟报',
  reportMissing: '未报',
  taskDoneOnTime: '按时办结',
  taskOverdue: '逾期任务',
  openListedSupervision: '挂牌督办',
};
