export const T = {
  pageTitle: '问题台账',
  home: '工作台',
  listLabel: '问题列表',
  intro: '月报和各单位提出的需协调解决事项，转产业链牵头（责任）单位，按“13710”工作制度跟踪办理、销号清零。',
  // 筛选
  state: '状态',
  chain: '产业链',
  unit: '单位',
  unitHint: '提出或承办',
  any: '全部',
  // 列
  title: '问题',
  raisedBy: '提出单位',
  routedTo: '承办单位',
  severity: '类别',
  timeliness: '红黄绿灯',
  escalation: '督办级别',
  dueAt: '解决时限',
  actions: '操作',
  view: '详情',
  viewOf: (title: string) => `详情：${title}`,
};
