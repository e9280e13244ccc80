/** Texts of the task drawer and the lifecycle actions (shared by 我的待办 and 任务). */
export const T = {
  drawerTitle: '任务详情',
  issuer: '交办单位',
  owner: '承办单位',
  coUnits: '配合单位',
  chain: '产业链',
  dueAt: '截止时间',
  priority: '优先级',
  createdAt: '创建时间',
  completedAt: '办结时间',
  description: '任务说明',
  light: '红黄绿灯',
  escalation: '督办级别',
  state: '状态',
  extensionPending: (dueAt: string) => `承办单位申请延期至 ${dueAt}`,
  extensionReason: (reason: string) => `理由：${reason}`,
  done: (label: string) => `已${label}`,
  newDueAt: '延期至',
  newDueAtRequired: '请选择延期后的截止日期',
  keepsTime: (time: string) => `截止时刻不变（${time}）`,
  commentRequired: (label: string) => `请填写${label}`,
  failed: (label: string) => `${label}未成功`,
  notFound: '任务不存在，或您无权查看',
  subtasks: '子任务',
  progress: '完成进度',
  subtasksNote: '本任务已分解，状态和进度由子任务汇总；督办只针对逾期的子任务。',
  split: '分解',
  splitTitle: (title: string) => `分解任务：${title}`,
  splitUnits: '承办单位（每个单位一项子任务）',
  splitUnitsRequired: '请至少选择一个承办单位',
  splitDueAt: '子任务截止日期',
  splitDueAtExtra: (due: string) => `不填则与本任务相同（${due}），不得晚于本任务`,
  splitWarning: '分解后，每个子任务立即交办给对应单位，分别计算期限和督办；本任务不再单独督办。',
  splitDone: (n: number) => `已分解为 ${n} 项子任务`,
};

export interface ActionForm {
  label: string;
  /** Primary (the next step of the work) or danger (undoes or ends it). */
  kind?: 'primary' | 'danger';
  comment?: { label: string; required: boolean; placeholder?: string };
  dueAt?: boolean;
  /** Takes evidence files (见证材料). */
  evidence?: boolean;
  /** Shown before the user confirms; actions without a form or a warning happen on one tap. */
  warning?: string;
}

/** Every lifecycle action the console offers, as the form it needs. */
export const ACTION_FORMS: Record<string, ActionForm> = {
  assign: { label: '交办', kind: 'primary', warning: '交办后，承办单位将收到任务并开始计算办理期限。' },
  accept: { label: '签收', kind: 'primary' },
  submit: { label: '反馈', kind: 'primary', comment: { label: '办理情况', required: false, placeholder: '简要说明办理结果' }, evidence: true },
  return: { label: '退回', kind: 'danger', comment: { label: '退回原因', required: true }, warning: '退回后，承办单位需继续办理并重新反馈。', evidence: true },
  complete: { label: '办结', kind: 'primary', comment: { label: '办结意见', required: false }, warning: '办结后任务销号，不能再变更。' },
  cancel: { label: '撤销', kind: 'danger', comment: { label: '撤销原因', required: true }, warning: '撤销后任务终止，不能恢复。' },
  request_extension: { label: '申请延期', comment: { label: '延期理由', required: true }, dueAt: true },
  approve_extension: { label: '同意延期', kind: 'primary', comment: { label: '审批意见', required: false }, warning: '同意后，截止时间改为申请的日期。' },
  reject_extension: { label: '驳回延期', kind: 'danger', comment: { label: '驳回理由', required: false }, warning: '驳回后，截止时间保持不变。' },
  decline: { label: '退回交办', kind: 'danger', comment: { label: '退回理由', required: true }, warning: '退回交办后，任务回到交办单位，由其改派或撤销。' },
};
