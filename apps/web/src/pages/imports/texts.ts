import type { Blocker } from './preview';

const items = (seqs: readonly number[]) => seqs.map((s) => `第 ${s} 项`).join('、');

export const T = {
  pageTitle: '导入',
  home: '工作台',
  steps: ['粘贴或上传通知', '核对与修改', '提交'],
  // 第一步
  paste: '粘贴正文',
  upload: '上传文件',
  text: '通知正文',
  textPlaceholder: '将通知全文粘贴到这里：文号、标题、各项任务及其“牵头单位：…，责任单位：…，完成时间：…”',
  textRequired: '请粘贴通知正文',
  file: '通知文件',
  fileHint: '点击选择，或将文件拖到此处',
  fileFormats: 'Word 文档（.docx），不超过 20 MB',
  fileRequired: '请选择要上传的文件',
  fileTooLarge: '文件超过 20 MB，请删去图片等内容后再上传，或粘贴正文',
  fileNotDocx: '只支持 .docx 格式（Word 2007 及以上）；.doc、PDF 请先另存为 .docx',
  removeFile: '移除文件',
  source: '来源（选填）',
  sourcePlaceholder: '例如：郑政办〔2026〕99号、市政府网站',
  parse: '解析',
  parsing: '正在解析…',
  parseHelp: '解析只生成预览，不会创建任务；预览保留 7 天，核对无误后再提交。',
  recent: '最近导入',
  noRecent: '还没有导入过通知',
  committed: '已提交',
  draft: '待提交',
  expired: '已过期',
  taskCount: (n: number) => `${n} 项任务`,
  untitled: '（无标题）',
  // 第二步：预览
  number: '文号',
  docTitle: '标题',
  issuedAt: '发文日期',
  sourceLabel: '来源',
  found: '识别出',
  expiresAt: '预览有效期至',
  unresolvedAlert: (n: number) => `有 ${n} 个单位名称未能对应到系统中的单位，请在“待对应的单位”中逐一选择，或选择“不计入”。`,
  allResolved: '所有单位名称都已对应到系统中的单位。',
  mappingTitle: '待对应的单位',
  mappingOf: (name: string) => `“${name}”对应的单位`,
  mappingPlaceholder: '选择一个或多个单位',
  mappingUsedBy: (seqs: readonly number[]) => `见于 ${items(seqs)}`,
  omit: '不计入（不对应任何单位）',
  tasksTitle: '拟创建的任务',
  tasksLabel: '拟创建的任务',
  selectAll: '全选',
  selectRow: (seq: number) => `选择第 ${seq} 项`,
  seq: '序号',
  title: '任务',
  titleOf: (seq: number) => `第 ${seq} 项任务名称`,
  leadUnits: '牵头单位',
  coUnits: '责任/配合单位',
  dueDate: '截止日期',
  dueOf: (seq: number) => `第 ${seq} 项截止日期`,
  dueDefault: (year: number) => `未写明（默认 ${year}年12月31日）`,
  recurrence: '周期',
  milestonesLine: (dates: string) => `时间节点：${dates}`,
  status: '核对',
  excerptOf: (seq: number) => `查看第 ${seq} 项原文`,
  excerpt: '原文',
  groupCount: (n: number) => `${n} 个单位`,
  unresolvedTag: '待对应',
  mappedTo: (names: string) => `对应：${names}`,
  omitted: '不计入',
  statusOk: '可提交',
  statusSkipped: '不导入',
  statusUnresolved: '单位待对应',
  statusNoLead: '缺少牵头单位',
  statusPassed: '截止日期已过',
  statusBlankTitle: '名称为空',
  titleRequired: '请填写任务名称',
  excerptTitle: (label: string) => `原文 · ${label}`,
  excerptNone: '点击表格中的一行，查看它在通知中的原文。',
  legend: { unit: '单位', unresolved: '未对应的单位', date: '日期', recurrence: '周期' },
  targets: '量化目标',
  // 提交
  issuer: '交办单位',
  issuerRequired: '请选择交办单位',
  selectedSummary: (n: number, recurring: number) =>
    `已选 ${n} 项任务${recurring ? `，其中 ${recurring} 项按周期报送，将同时建立周期规则` : ''}。提交后任务为“待交办”状态，由交办单位核对后交办。`,
  commit: '提交',
  cannotCommit: '暂不能提交：',
  blocker: (b: Blocker): string => {
    switch (b.kind) {
      case 'noneSelected':
        return '请至少选择一项任务';
      case 'unresolved':
        return `“${b.name}”（${items(b.seqs)}）尚未对应到单位`;
      case 'noLead':
        return `${items(b.seqs)}没有牵头单位`;
      case 'passed':
        return `${items(b.seqs)}的截止日期已过，请修改截止日期或不选该项`;
      case 'blankTitle':
        return `${items(b.seqs)}的任务名称为空`;
    }
  },
  // 结果
  doneTitle: (tasks: number, cadences: number) => `已创建 ${tasks} 项任务${cadences ? `、${cadences} 个周期规则` : ''}`,
  doneSub: '任务均为“待交办”状态，汇总在下面的总任务之下；核对后在任务中逐项交办。',
  parent: '总任务',
  createdTasks: '创建的任务',
  createdCadences: '建立的周期规则',
  cadenceOf: (seq: number) => `第 ${seq} 项的报送周期`,
  openDrafts: '在任务列表中查看待交办任务',
  again: '继续导入',
  committedAt: '提交时间',
  loadFailed: '预览加载失败',
};
