/** Texts of a problem's detail and its 13710 actions (问题台账, shared by the ledger and the board). */
export const T = {
  drawerTitle: '问题详情',
  notFound: '问题不存在，或您无权查看',
  raisedBy: '提出单位',
  routedTo: '承办单位',
  chain: '产业链',
  severity: '问题类别',
  dueAt: '解决时限',
  createdAt: '提出时间',
  detail: '问题说明',
  title: '问题',
  raise: '提出问题',
  raised: '已提出，已转产业链牵头（责任）单位受理',
  raiseHint: '问题将转该产业链的牵头部门（群链长责任单位）受理，按“13710”工作制度跟踪办理。',
  chainRequired: '请选择产业链',
  satisfaction: '满意度',
  fromReport: '来源',
  fromReportText: '月报中需协调解决的事项',
  rule13710: '“13710”：当天研究部署，3 天内反馈进展，一般问题 7 天内解决，重大问题 1 个月内（或按计划时限）解决，跟踪问效、销号清零。',
  done: (label: string) => `已${label}`,
  required: (label: string) => `请填写${label}`,
  satisfactionRequired: '请为解决结果评分',
  plannedAt: '计划解决时限',
  plannedAtHint: '重大复杂问题可按工作计划明确的时限解决（选填，不填则为提出后 1 个月）；到期日当天 24 时前。',
  stars: (n: number) => `${n} 星`,
};

export interface ProblemActionForm {
  label: string;
  kind?: 'primary' | 'danger';
  comment?: { label: string; required: boolean; placeholder?: string };
  severity?: boolean;
  satisfaction?: boolean;
  warning?: string;
  /** Takes evidence files (见证材料). */
  evidence?: boolean;
}

/** Each 13710 action as the form it needs. */
export const PROBLEM_ACTION_FORMS: Record<string, ProblemActionForm> = {
  acknowledge: {
    label: '受理',
    kind: 'primary',
    severity: true,
    comment: { label: '研究部署意见', required: false, placeholder: '当天研究部署的安排（选填）' },
  },
  feedback: { label: '反馈进展', comment: { label: '进展情况', required: true, placeholder: '已做的工作、下一步安排' }, evidence: true },
  resolve: { label: '解决', kind: 'primary', comment: { label: '解决情况', required: true }, warning: '解决后由提出单位评价销号。', evidence: true },
  close: { label: '销号', kind: 'primary', satisfaction: true, comment: { label: '评价意见', required: false }, warning: '销号后问题结束跟踪。' },
  reopen: { label: '重新办理', kind: 'danger', comment: { label: '重新办理原因', required: true }, warning: '重新办理后，按原类别重新计算解决时限。' },
};

export const SEVERITY_HINT: Record<string, string> = {
  GENERAL: '一般问题：7 天内解决',
  MAJOR: '重大问题：1 个月内解决，或按计划明确的时限',
};
