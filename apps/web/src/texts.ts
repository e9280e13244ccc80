import type { Schemas } from './api/client';

/** The words every page shares: the mechanism's vocabulary as users know it. Page texts live beside each page. */
export const APP_NAME = '督办';
export const APP_FULL_NAME = '产业链链长制督办平台';
/** The one character of the logo. */
export const APP_MARK = '督';

export const TASK_STATE: Record<Schemas['TaskState'], string> = {
  DRAFT: '待交办',
  ASSIGNED: '待签收',
  IN_PROGRESS: '办理中',
  SUBMITTED: '待审核',
  DONE: '已办结',
  CANCELLED: '已撤销',
};

export const OBLIGATION_STATE: Record<Schemas['ObligationState'], string> = {
  OPEN: '待报送',
  SUBMITTED: '已报送',
  ACCEPTED: '已接收',
};

/** Lifecycle actions and the engine's steps, as a timeline names them. */
export const ACTION: Record<string, string> = {
  create: '创建',
  assign: '交办',
  accept: '签收',
  submit: '反馈',
  return: '退回',
  complete: '办结',
  cancel: '撤销',
  decline: '拒收',
  request_extension: '申请延期',
  approve_extension: '同意延期',
  reject_extension: '驳回延期',
  split: '分解',
  rollup: '子任务汇总',
  report: '报送',
  raise: '提出',
  acknowledge: '受理',
  feedback: '反馈进展',
  resolve: '解决',
  close: '销号',
  reopen: '重新办理',
  minutes: '录入纪要',
  remind: '到期提醒',
  due: '到期',
  urge: '催办',
  supervise: '督办',
  escalate: '挂牌督办',
};

/** Traffic lights (红黄绿灯) and the outcome of finished work. */
export const TIMELINESS: Record<Schemas['Timeliness'], string> = {
  ON_TRACK: '绿灯',
  DUE_SOON: '黄灯',
  OVERDUE: '红灯',
  ON_TIME: '按时',
  LATE: '逾期',
};

export const TIMELINESS_HINT: Record<Schemas['Timeliness'], string> = {
  ON_TRACK: '正常推进',
  DUE_SOON: '临近期限',
  OVERDUE: '已逾期',
  ON_TIME: '按时完成',
  LATE: '逾期完成',
};

/** Escalation levels 1–3 (0: none). */
export const ESCALATION: Record<number, string> = { 1: '催办', 2: '督办', 3: '挂牌督办' };

export const NOTIFICATION_KIND: Record<string, string> = {
  REMIND: '提醒',
  DUE: '到期',
  URGE: '催办',
  SUPERVISE: '督办',
  ESCALATE: '挂牌督办',
};

export const ROLE: Record<Schemas['UserRole'], string> = {
  ADMIN: '管理员',
  SUPERVISOR: '督查',
  CHAIN_LEADER: '链长',
  LEAD_UNIT: '牵头部门',
  UNIT_LIAISON: '联络员',
};

export const PRIORITY: Record<Schemas['TaskPriority'], string> = { NORMAL: '普通', URGENT: '紧急' };

/** What a supervision entry or a reminder is about. */
export const SUBJECT_TYPE: Record<string, string> = { TASK: '任务', OBLIGATION: '月报', PROBLEM: '问题', MEETING: '会议' };

/** The problem ledger (问题台账) on the 13710 rule. */
export const PROBLEM_STATE: Record<Schemas['ProblemState'], string> = {
  OPEN: '待受理',
  ACKNOWLEDGED: '已受理',
  IN_PROGRESS: '办理中',
  RESOLVED: '已解决',
  CLOSED: '已销号',
};

export const SEVERITY: Record<Schemas['Severity'], string> = { GENERAL: '一般问题', MAJOR: '重大问题' };

/** 四个清单. */
export const LIST_TYPE: Record<Schemas['ListType'], string> = { MATTER: '重点事项', PARK: '重点园区', ENTERPRISE: '重点企业', PROJECT: '重点项目' };

export const CHAIN_ROLE: Record<Schemas['ChainRole'], string> = {
  GENERAL_LEADER: '总链长',
  LEADER: '链长',
  SUB_LEADER: '分链长',
  LEAD_UNIT: '牵头部门',
  PARTICIPANT: '参与部门',
  TASK_FORCE: '工作专班',
  ALLIANCE: '盟会长单位',
};

export const CHAIN_CATEGORY: Record<Schemas['ChainCategory'], string> = { EMERGING: '新兴产业', TRADITIONAL: '传统优势产业', CLUSTER: '产业集群' };

export const MEETING_STATE: Record<string, string> = { SCHEDULED: '待召开', HELD: '已召开' };

export const COUNTDOWN = {
  left: (span: string) => `剩余 ${span}`,
  overdue: (span: string) => `已逾期 ${span}`,
  lessThanAMinute: '不到 1 分钟',
  days: (n: number) => `${n} 天`,
  hours: (n: number) => `${n} 小时`,
  minutes: (n: number) => `${n} 分钟`,
};

export const COMMON = {
  system: '系统',
  none: '—',
  unknownUnit: '未知单位',
  loading: '加载中…',
  retry: '重试',
  cancel: '取消',
  confirm: '确定',
  submit: '提交',
  search: '查询',
  reset: '重置',
  view: '查看',
  total: (n: number) => `共 ${n} 条`,
  empty: '暂无数据',
  saved: '已保存',
  filters: '筛选条件',
  edit: '编辑',
  create: '新建',
  save: '保存',
  close: '关闭',
  yes: '是',
  no: '否',
};

/** What an error that names no form field says. */
export const ERRORS = {
  network: '网络连接失败，请检查网络后重试',
  server: '服务器出错，请稍后重试',
  forbidden: '您无权执行此操作',
  notFound: '记录不存在，或您无权查看',
  conflict: '当前状态不允许此操作，请刷新后重试',
  invalid: '填写有误，请检查后重试',
  fallback: (original: string) => `操作未成功（${original}）`,
};

/** The frame around every page. */
export const LAYOUT = {
  menu: {
    workbench: '工作台',
    'my-work': '我的待办',
    tasks: '任务',
    imports: '导入',
    supervision: '督办看板',
    problems: '问题台账',
    chains: '产业链',
    evaluations: '月度评比',
    assessments: '季度评估',
    indicators: '指标完成',
    reports: '报送',
    cadences: '周期规则',
    policies: '督办规则',
    calendar: '工作日历',
    units: '单位',
    users: '用户',
    channels: '通知渠道',
    audit: '审计日志',
  } as Record<string, string>,
  config: '配置',
  openMenu: '打开菜单',
  reminders: (n: number) => (n > 0 ? `未读提醒 ${n} 条` : '没有未读提醒'),
  changePassword: '修改密码',
  queues: '任务队列监控',
  signOut: '退出登录',
  signedOut: '已退出登录',
  noUnit: '未关联单位',
  userMenu: '用户菜单',
  forbiddenTitle: '无权访问',
  forbidden: '您的角色无权访问此页面。',
  backHome: '返回工作台',
};

export const UNIT_KIND: Record<Schemas['UnitKind'], string> = {
  DEPARTMENT: '市直部门',
  ZONE: '开发区',
  DISTRICT: '区县(市)',
  ENTERPRISE: '企业',
  ASSOCIATION: '协会/联盟',
  OFFICE: '办公厅',
};

/** An escalation policy's steps (提醒 / 到期 / 催办 / 督办 / 挂牌督办). */
export const STEP_ACTION: Record<Schemas['StepAction'], string> = {
  remind: '提醒',
  due: '到期',
  urge: '催办',
  supervise: '督办',
  escalate: '挂牌督办',
};

export const NOTIFY_ROLE: Record<Schemas['NotifyRole'], string> = { OWNER: '承办单位', ISSUER: '交办单位', SUPERVISOR: '督查' };

export const DAY_KIND: Record<Schemas['DayKind'], string> = { WORKDAY: '工作日', WEEKEND: '周末', HOLIDAY: '节假日', MAKEUP_WORKDAY: '调休上班' };

/** 1 Monday … 7 Sunday, as the api numbers weekdays. */
export const WEEKDAY: Record<number, string> = { 1: '星期一', 2: '星期二', 3: '星期三', 4: '星期四', 5: '星期五', 6: '星期六', 7: '星期日' };

export const CONFIRM = {
  delete: '删除',
  deleteTitle: (what: string) => `删除“${what}”？`,
  irreversible: '删除后不能恢复。',
};

export const CADENCE_KIND: Record<Schemas['CadenceKind'], string> = {
  REPORT: '报送',
  MEETING: '会议',
  EVALUATION: '月度评比',
  ASSESSMENT: '季度评估',
  YEARLY_EVALUATION: '年度考评',
};

export const FREQUENCY: Record<Schemas['Frequency'], string> = { WEEKLY: '每周', MONTHLY: '每月', QUARTERLY: '每季度', SEMIANNUAL: '每半年', YEARLY: '每年' };

/** What a cadence does when its date is not a working day. */
export const SHIFT: Record<Schemas['ShiftRule'], string> = { NONE: '不顺延', NEXT_WORKDAY: '顺延至下一个工作日', PREVIOUS_WORKDAY: '提前至上一个工作日' };
