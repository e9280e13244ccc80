import { ApiError } from '../api/api-error';
import { ERRORS } from '../texts';

export type FieldPath = (string | number)[];

export interface MappedErrors {
  /** Errors to show under form fields (antd `form.setFields`). */
  fields: { name: FieldPath; errors: string[] }[];
  /** Errors that name no field of the form, for an alert or a toast. */
  general: string[];
}

/*
 * The api's messages name the field first ("title must not be blank", "coordinationMatters.0.title
 * must not be blank", "issuerUnitId: you may only issue …"). The console shows them in Chinese:
 * whole messages it knows, then the phrase after a field name; the original only as a last resort.
 */
const WHOLE: [RegExp, string | ((m: RegExpExecArray) => string), string?][] = [
  [/username or password is incorrect/i, '用户名或密码错误'],
  [/is not allowed for your role/i, '您无权对该任务执行此操作'],
  [/is not possible in state/i, '任务当前状态不允许此操作，请刷新后重试'],
  [/extension request is already pending/i, '已有待审批的延期申请'],
  [/extension must be requested before the task is due/i, '任务已到期，不能再申请延期'],
  [/no pending extension request/i, '没有待审批的延期申请'],
  [/changed by someone else|reload it and retry/i, '该记录已被他人更新，请刷新后重试'],
  [/the report is already/i, '本期报告已报送'],
  [/only the owing unit may submit/i, '只有报送单位可以提交本报告'],
  [/may only issue tasks from your own unit/i, '只能以本单位名义交办任务'],
  [/only an issuing unit, a supervisor or an admin may create tasks/i, '只有交办单位、督查或管理员可以创建任务'],
  [/no receiving unit to route coordination matters/i, '本报告没有接收单位，无法提出协调事项'],
  [/too many|try again later/i, '尝试过于频繁，请稍后再试'],
  // 会议: who convenes which ad-hoc meeting, and of which chains.
  [/^type: \w+ is not a meeting of these chains' profile/i, '本产业链所属机制没有该类会议', 'type'],
  [/ may convene a /i, '您不是该类会议的召集人（须在本产业链担任相应角色）'],
  [/^chainIds: the chains of one meeting must belong to one profile/i, '一次会议的产业链须属于同一机制', 'chainIds'],
  [/the minutes of this meeting are already recorded/i, '本次会议纪要已录入'],
  // 配置: the rules' messages that name no single field, or name it in their own words.
  [/^give either dayOfMonth, or weekday with nth/i, '请填写每月几日，或第几个星期几（二选一）', 'dayOfMonth'],
  [/^a REPORT cadence needs owingUnitIds, owingUnitKinds or owingChainRoles/i, '报送类规则须指定报送单位：具体单位、单位类型或链上角色', 'owingUnitIds'],
  [/^steps must be in time order: steps\[(\d+)\] falls before steps\[(\d+)\]/i, (m) => `各步骤须按时间先后排列：第 ${Number(m[1]) + 1} 步早于第 ${Number(m[2]) + 1} 步`],
  [/^the policy is used by (\w+); it cannot be deleted/i, (m) => `该规则正被${USED_BY[m[1]] ?? m[1]}使用，不能删除`],
  [/^give exactly one of unitId and userId/i, '请选择接收单位或接收人（二选一）', 'unitId'],
  [/^disabled: you cannot disable your own account/i, '不能停用自己的账号'],
  [/last enabled administrator/i, '这是最后一个启用的管理员账号，请先设置另一名管理员'],
  [/^to must not be before from/i, '结束日期不能早于开始日期', 'to'],
  [/^from–to may span at most/i, '日期范围过长', 'to'],
  // Supervision by hand, the problem ledger, meetings and the four lists.
  [/nothing is left to supervise/i, '该事项已办结或已报送，无需再督办'],
  [/is a DRAFT; assign it before supervising it/i, '任务尚未交办，不能督办'],
  [/is already under supervision at level/i, '该事项已在同级或更高级别督办中，级别只能提高'],
  [/may be urged again from/i, '该事项 1 小时内已催办过，请稍后再催办'],
  [/is not allowed for your unit on this problem/i, '您的单位无权对该问题执行此操作'],
  [/severity is set when the problem is acknowledged/i, '只能在受理时确定问题类别'],
  [/record its minutes once it has been held/i, '会议尚未召开，召开后才能录入纪要'],
  [/minutes of this meeting are already recorded/i, '本次会议的纪要已录入'],
  [/only the chain's leader or lead department/i, '只有本链链长、牵头部门或督查可以录入会议纪要'],
  [/only the chain's lead department, a supervisor or an admin may adjust/i, '只有本链牵头部门或督查可以调整清单'],
  [/is not on chain \d+'s live lists/i, '该事项已不在清单中，请刷新后重试'],
  [/has not closed yet/i, '该期尚未结束，结束后才能发布'],
  [/a key matter \(MATTER\) belongs to the chain's lead department/i, '重点事项归本链牵头部门'],
  [/belongs to a development zone or district/i, '园区、企业、项目须归属开发区或区县（市）'],
  // 导入: the notice, the file, and the commit's refusals.
  [/^text must not be empty/i, '通知正文为空，请粘贴通知内容', 'text'],
  [/^file must not be empty/i, '文件中没有文字内容', 'file'],
  [/^text: give the notice's text/i, '请粘贴通知正文，或上传 .docx 文件', 'text'],
  [/^give the notice as text or as file, not both/i, '请粘贴正文或上传文件，二者选一'],
  [/^(?:text|file): no Chinese text found/i, '未识别到中文内容：请导入中文政府通知（通知、工作要点、方案等）'],
  [/^(?:text|file): no task found/i, '未识别到任务：通知中须有“牵头单位：…，责任单位：…”等行、段末的“（责任单位：…）”、“序号、任务、负责单位”表格，或“每月20日前报送”等写法'],
  [/^(?:text|file): more than (\d+) tasks found/i, (m) => `识别出的任务超过 ${m[1]} 项，请分段导入`],
  [/^file is larger than (\d+) MB/i, (m) => `文件超过 ${m[1]} MB`, 'file'],
  [/^file must be a \.docx document/i, '只支持 .docx 格式（Word 2007 及以上）；.doc、PDF 请先另存为 .docx', 'file'],
  [/^file is a damaged \.docx/i, '文件已损坏，无法读取；请用 Word 打开后重新保存再上传', 'file'],
  [/^file is not a readable \.docx/i, '无法读取文件中的文档内容；请用 Word 打开后另存为 .docx 再上传', 'file'],
  [/^file unpacks to more than/i, '文件解压后过大，无法读取', 'file'],
  [/^file holds more than/i, '文件中的文字过多，请分段导入', 'file'],
  [/^file: send one \.docx/i, '请只上传一个 .docx 文件', 'file'],
  [/^body is larger than/i, '内容过大（超过 1 MB）；较长的通知请保存为 .docx 后上传'],
  [
    /^edits: task (\d+) is due (\d{4})-(\d{2})-(\d{2}), which has passed/i,
    (m) => `第 ${m[1]} 项的截止日期（${m[2]}年${Number(m[3])}月${Number(m[4])}日）已过，请修改截止日期或不选该项`,
  ],
  [/^mapping: (.+?) \(task ([\d, ]+)\) is not resolved/i, (m) => `“${m[1]}”（第 ${m[2].split(', ').join('、')} 项）尚未对应到单位`],
  [/^edits: task (\d+) has no lead unit/i, (m) => `第 ${m[1]} 项没有牵头单位`],
  [/^import \d+ was committed/i, '该通知已经提交过，任务只会创建一次'],
  [/^import \d+ not found/i, '预览不存在或已过期（预览保留 7 天），请重新解析'],
  [/^issuerUnitId: you belong to no unit/i, '您未关联单位，请选择交办单位', 'issuerUnitId'],
  [/your unit may assign tasks only to units of the chains it leads/i, '本单位只能向所牵头产业链上的单位交办任务'],
  [/are not on a chain your unit leads/i, '部分责任单位不在本单位牵头的产业链上，本单位不能向其交办任务'],
  // Evidence files (见证材料).
  [/^file: (.+) is larger than (\d+) MB/i, (m) => `${m[1]} 超过 ${m[2]} MB，无法上传`],
  [/^file: (.+?) is .*; upload PDF/i, (m) => `${m[1]} 的文件类型不支持（按文件内容识别，支持 PDF、OFD、Word、Excel、WPS、JPG、PNG、TXT）`],
  [/^fileIds: at most (\d+) files/i, (m) => `每次最多附 ${m[1]} 个文件`],
  [/^fileIds: .*waiting to be attached/i, '所附文件无效或已被使用，请重新上传'],
  [/^fileIds: files attach to/i, '此操作不能附带文件'],
  // 工业经济指标月报.
  [/^indicators: (?:missing|give the year-to-date)/i, '请填写全部指标的累计值'],
  [/^indicators: this report collects no indicators/i, '本报告不填报指标'],
];

const USED_BY: Record<string, string> = { tasks: '任务', obligations: '报送', problems: '问题', cadences: '周期规则' };

const PHRASES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^is required for roles/i, () => '牵头部门和联络员须关联单位'],
  [/^(must not be blank|should not be empty|must not be empty)/i, () => '不能为空'],
  [/^(?:\(.*?\) )?is required/i, () => '必填'],
  [/^must be longer than or equal to (\d+) characters/i, (m) => `至少 ${m[1]} 个字符`],
  [/^must be shorter than or equal to (\d+) characters/i, (m) => `不能超过 ${m[1]} 个字符`],
  [/^must (?:be|contain|have) at least (\d+) (?:characters|chars)/i, (m) => `至少 ${m[1]} 个字符`],
  [/^must be in the future/i, () => '必须晚于当前时间'],
  [/^must be later than the current due date/i, () => '必须晚于当前截止时间'],
  [/^must be an ISO 8601/i, () => '时间格式不正确'],
  [/^must lie between 1970 and 9999/i, () => '时间超出范围'],
  [/^must not include ownerUnitId/i, () => '不能包含承办单位'],
  [/^no (unit|chain|escalation policy) with id/i, (m) => `所选${m[1] === 'chain' ? '产业链' : m[1] === 'unit' ? '单位' : '规则'}不存在`],
  [/^(?:must differ from|must not be the same as|must not equal) (?:the )?current/i, () => '不能与当前密码相同'],
  [/^(?:is incorrect|is wrong|does not match)/i, () => '不正确'],
  [/^must contain (?:both )?letters and (?:digits|numbers)/i, () => '须同时包含字母和数字'],
  [/^must not contain the username/i, () => '不能包含用户名'],
  [/^is too common|^is too weak/i, () => '过于简单，请换一个'],
  [/^is taken/i, () => '已被占用'],
  [/^must be one of the following values/i, () => '取值无效'],
  [/^(must be a positive integer|must not be less than|must be an integer)/i, () => '请选择有效的选项'],
  [/^is a value published in/i, () => '是公开过的示例密码，请换一个'],
  [/^must be at most (\d+) characters/i, (m) => `不能超过 ${m[1]} 个字符`],
  [/^must be 3–64 letters/i, () => '须为 3–64 位字母、数字或 _ . -'],
  [/^a (?:cadence|policy|unit) named .* already exists/i, () => '名称已被使用'],
  [/^must be HH:mm/i, () => '时间格式应为 时:分'],
  [/^does not apply to a WEEKLY cadence/i, () => '每周的规则不填每月几日'],
  [/^must be 1, 2, 3, 4 or -1/i, () => '请选择第 1–4 个或最后一个'],
  [/^must be within 1–(\d+) for a/i, (m) => `须在 1–${m[1]} 月之间`],
  [/^must be after activeFrom/i, () => '必须晚于生效日期'],
  [/^needs chainId/i, () => '按链上角色确定报送单位时，须选择产业链'],
  [/^(?:\S+ )?is not an IANA time zone/i, () => '时区无效'],
  [/^offset \S+ is not an ISO 8601 duration/i, () => '时长格式不正确'],
  [/^a number offset must be a whole number/i, () => '须为整数个工作日（不超过 366）'],
  [/^offset may use weeks, days/i, () => '不能以月或年计'],
  [/^offset must lie within 366 days/i, () => '须在截止时间前后 366 天内'],
  [/^must be an e-mail address/i, () => '请填写正确的邮箱地址'],
  [/^EMAIL needs SMTP_URL/i, () => '服务器未配置邮件发送，不能添加邮件渠道'],
  [/^must be an https URL/i, () => '须为 https 开头的网址'],
  [/^must not contain a user name or password/i, () => '网址中不能包含用户名或密码'],
  [/^of a WECOM channel must be/i, () => '须为企业微信群机器人的推送地址'],
  [/^of a DINGTALK channel must be/i, () => '须为钉钉群机器人的推送地址'],
  [/^host \S+ could not be resolved/i, () => '域名无法解析'],
  [/^must reach a public address/i, () => '须为公网地址（内网地址须由管理员在配置中放行）'],
  [/^must be a kind of record/i, () => '对象类型无效'],
  [/^must be a date YYYY-MM-DD|^must be a calendar date/i, () => '日期格式不正确'],
  [/^must be between (-?[\d.]+) and (-?[\d.]+)/i, (m) => `须在 ${m[1]} 至 ${m[2]} 之间`],
  [/^must be a whole number/i, () => '须为整数'],
  [/^must have at most two decimals/i, () => '最多保留两位小数'],
  [/^must be a (?:finite )?number/i, () => '请填写数字'],
];

const FIELD = /^([A-Za-z_]\w*(?:\.\w+)*)(?::\s*|\s+)(.*)$/s;

function statusText(status: number, original: string): string {
  if (status === 0) return ERRORS.network;
  if (status === 401) return '登录已失效，请重新登录';
  if (status === 403) return ERRORS.forbidden;
  if (status === 404) return ERRORS.notFound;
  if (status === 409) return ERRORS.conflict;
  if (status === 429) return '操作过于频繁，请稍后再试';
  if (status >= 500) return ERRORS.server;
  return original ? ERRORS.fallback(original) : ERRORS.invalid;
}

/** One api message in Chinese, and the field it names if any. */
export function describeMessage(message: string, status: number): { field: string | null; text: string } {
  for (const [pattern, text, field] of WHOLE) {
    const hit = pattern.exec(message);
    if (hit) return { field: field ?? fieldOf(message), text: typeof text === 'string' ? text : text(hit) };
  }
  const m = FIELD.exec(message);
  if (m && m[1] !== 'property') {
    for (const [pattern, text] of PHRASES) {
      const hit = pattern.exec(m[2]);
      if (hit) return { field: m[1], text: text(hit) };
    }
    return { field: m[1], text: status === 400 ? `填写有误（${message}）` : statusText(status, message) };
  }
  if (/^property \S+ should not exist/.test(message)) return { field: null, text: ERRORS.invalid };
  return { field: null, text: statusText(status, message) };
}

function fieldOf(message: string): string | null {
  const m = /^([A-Za-z_]\w*(?:\.\w+)*):\s/.exec(message);
  return m ? m[1] : null;
}

const pattern = (path: string) => path.replace(/\.\d+(?=\.|$)/g, '.*');
const toPath = (path: string): FieldPath => path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/**
 * Maps an api error onto a form: messages naming one of `fields` (dotted, `*` for list
 * indexes, e.g. `coordinationMatters.*.title`) go under that field; the rest are general.
 */
export function mapApiError(error: unknown, fields: readonly string[]): MappedErrors {
  if (!(error instanceof ApiError)) return { fields: [], general: [ERRORS.server] };
  const known = new Set(fields);
  const byField = new Map<string, string[]>();
  const general: string[] = [];
  const messages = error.messages.length > 0 ? error.messages : [''];
  for (const message of messages) {
    const { field, text } = describeMessage(message, error.status);
    if (field && known.has(pattern(field))) byField.set(field, [...(byField.get(field) ?? []), text]);
    else if (!general.includes(text)) general.push(text);
  }
  return { fields: [...byField].map(([name, errors]) => ({ name: toPath(name), errors })), general };
}

/** The one line a toast shows for an error. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return ERRORS.server;
  return [...new Set((error.messages.length ? error.messages : ['']).map((m) => describeMessage(m, error.status).text))].join('；');
}

/** Shows an api error on an antd form: field errors under their fields; returns the general ones. */
export function showApiError(form: { setFields: (fields: never) => void }, error: unknown, fields: readonly string[]): string[] {
  const mapped = mapApiError(error, fields);
  form.setFields(mapped.fields as never);
  return mapped.general;
}
