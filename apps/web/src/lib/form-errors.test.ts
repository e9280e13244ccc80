import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { describeMessage, errorText, mapApiError } from './form-errors';

const REPORT_FIELDS = ['progress', 'coordinationMatters', 'coordinationMatters.*.title', 'coordinationMatters.*.detail'];

describe('api errors onto form fields', () => {
  it('puts each message under the field it names, in Chinese', () => {
    const error = new ApiError(400, ['progress must not be blank', 'coordinationMatters.1.title must not be blank']);
    expect(mapApiError(error, REPORT_FIELDS)).toEqual({
      fields: [
        { name: ['progress'], errors: ['不能为空'] },
        { name: ['coordinationMatters', 1, 'title'], errors: ['不能为空'] },
      ],
      general: [],
    });
  });

  it('puts the indicator report’s refusals under the figure they name, in Chinese', () => {
    const error = new ApiError(400, [
      'indicators.0.value: must be between -100 and 1000',
      'indicators.2.value: must be a whole number',
      'indicators.3.value must be a number conforming to the specified constraints',
      'indicators: missing newEnterprises',
    ]);
    expect(mapApiError(error, ['progress', 'indicators.*.value'])).toEqual({
      fields: [
        { name: ['indicators', 0, 'value'], errors: ['须在 -100 至 1000 之间'] },
        { name: ['indicators', 2, 'value'], errors: ['须为整数'] },
        { name: ['indicators', 3, 'value'], errors: ['请填写数字'] },
      ],
      general: ['请填写全部指标的累计值'],
    });
  });

  it('reads a single string message as well as a list, and "field: reason" messages', () => {
    const error = new ApiError(403, ['issuerUnitId: you may only issue tasks from your own unit']);
    expect(mapApiError(error, ['issuerUnitId']).fields).toEqual([{ name: ['issuerUnitId'], errors: ['只能以本单位名义交办任务'] }]);
  });

  it('keeps several messages of one field together', () => {
    const error = new ApiError(400, ['newPassword must be longer than or equal to 8 characters', 'newPassword must not contain the username']);
    expect(mapApiError(error, ['currentPassword', 'newPassword']).fields).toEqual([{ name: ['newPassword'], errors: ['至少 8 个字符', '不能包含用户名'] }]);
  });

  it('names a field the form does not have as a general error', () => {
    const error = new ApiError(409, ['version: the task is at version 4, not 3; reload it and retry']);
    expect(mapApiError(error, ['comment'])).toEqual({ fields: [], general: ['该记录已被他人更新，请刷新后重试'] });
  });

  it('translates the domain messages of transitions', () => {
    expect(describeMessage('comment is required for return', 400)).toEqual({ field: 'comment', text: '必填' });
    expect(describeMessage('dueAt (the new due date) is required for request_extension', 400)).toEqual({ field: 'dueAt', text: '必填' });
    expect(describeMessage('dueAt must be later than the current due date', 400)).toEqual({ field: 'dueAt', text: '必须晚于当前截止时间' });
    expect(describeMessage('action complete is not possible in state IN_PROGRESS', 409).text).toBe('任务当前状态不允许此操作，请刷新后重试');
    expect(describeMessage('ownerUnitId: no unit with id 99', 400)).toEqual({ field: 'ownerUnitId', text: '所选单位不存在' });
  });

  it('falls back on the status, and never loses an unknown field message', () => {
    expect(errorText(new ApiError(0, ['Failed to fetch']))).toBe('网络连接失败，请检查网络后重试');
    expect(errorText(new ApiError(500, ['internal error']))).toBe('服务器出错，请稍后重试');
    expect(errorText(new ApiError(404, ['task 7 not found']))).toBe('记录不存在，或您无权查看');
    expect(describeMessage('title must frobnicate', 400)).toEqual({ field: 'title', text: '填写有误（title must frobnicate）' });
    expect(errorText(new Error('boom'))).toBe('服务器出错，请稍后重试');
  });

  it('says who may call which meeting in Chinese, the type under its field', () => {
    expect(describeMessage("type: ALLIANCE is not a meeting of these chains' profile; it has TOPICAL (专题会)", 400)).toEqual({
      field: 'type',
      text: '本产业链所属机制没有该类会议',
    });
    expect(errorText(new ApiError(403, ['only a holder of ALLIANCE on every chain named, a supervisor or an admin may convene a 联盟会商']))).toBe(
      '您不是该类会议的召集人（须在本产业链担任相应角色）',
    );
    expect(mapApiError(new ApiError(400, ["type: JOINT is not a meeting of these chains' profile; it has none"]), ['type', 'scheduledAt']).fields).toEqual([
      { name: ['type'], errors: ['本产业链所属机制没有该类会议'] },
    ]);
  });

  it('says a wrong password in Chinese at login', () => {
    expect(errorText(new ApiError(401, ['username or password is incorrect']))).toBe('用户名或密码错误');
  });

  it('says the configuration pages’ errors in Chinese, under the field they concern', () => {
    expect(describeMessage('steps.1.offset: offset 3D is not an ISO 8601 duration (e.g. -P3D, PT0S, PT30S)', 400)).toEqual({ field: 'steps.1.offset', text: '时长格式不正确' });
    expect(describeMessage('steps must be in time order: steps[2] falls before steps[1]', 400).text).toBe('各步骤须按时间先后排列：第 3 步早于第 2 步');
    expect(describeMessage('the policy is used by cadences; it cannot be deleted', 409).text).toBe('该规则正被周期规则使用，不能删除');
    expect(describeMessage('give either dayOfMonth, or weekday with nth', 400)).toEqual({ field: 'dayOfMonth', text: '请填写每月几日，或第几个星期几（二选一）' });
    expect(describeMessage('month must be within 1–3 for a QUARTERLY cadence', 400)).toEqual({ field: 'month', text: '须在 1–3 月之间' });
    expect(describeMessage("password is a value published in Duban's repository; choose another", 400)).toEqual({ field: 'password', text: '是公开过的示例密码，请换一个' });
    expect(describeMessage('password must be at least 10 characters', 400)).toEqual({ field: 'password', text: '至少 10 个字符' });
    expect(describeMessage('unitId is required for roles LEAD_UNIT and UNIT_LIAISON', 400)).toEqual({ field: 'unitId', text: '牵头部门和联络员须关联单位' });
    expect(describeMessage('target of a WECOM channel must be the WeCom robot webhook https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…', 400).field).toBe('target');
    expect(describeMessage('name: a cadence named 月报 already exists', 409)).toEqual({ field: 'name', text: '名称已被使用' });
  });

  it('reads the api’s answers to supervision by hand, the 13710 ledger, minutes and the four lists', () => {
    expect(errorText(new ApiError(409, ['subjectId: task 12 is DONE; nothing is left to supervise']))).toBe('该事项已办结或已报送，无需再督办');
    expect(errorText(new ApiError(409, ['level: task 12 is already under supervision at level 3 (挂牌督办); levels only go up while it is open']))).toBe(
      '该事项已在同级或更高级别督办中，级别只能提高',
    );
    expect(errorText(new ApiError(403, ['action close is not allowed for your unit on this problem']))).toBe('您的单位无权对该问题执行此操作');
    expect(describeMessage('comment is required for feedback', 400)).toEqual({ field: 'comment', text: '必填' });
    expect(describeMessage('decisions.0.dueAt must be in the future', 400)).toEqual({ field: 'decisions.0.dueAt', text: '必须晚于当前时间' });
    expect(errorText(new ApiError(409, ['the meeting is scheduled for 2026-07-27T01:00:00.000Z; record its minutes once it has been held']))).toBe(
      '会议尚未召开，召开后才能录入纪要',
    );
    const owner = mapApiError(new ApiError(400, ["ownerUnitId: a key matter (MATTER) belongs to the chain's lead department"]), ['type', 'name', 'ownerUnitId']);
    expect(owner.fields).toEqual([{ name: ['ownerUnitId'], errors: ['重点事项归本链牵头部门'] }]);
    expect(describeMessage('ownerUnitId is required: a PARK belongs to the zone or district where it is', 400)).toEqual({ field: 'ownerUnitId', text: '必填' });
  });

  it('keeps a 429’s Retry-After, so a form can say when to try again', () => {
    const error = new ApiError(429, ['subjectId: task 12 was urged at 2026-07-16T01:00:00.000Z; it may be urged again from 2026-07-16T02:00:00.000Z'], 3540);
    expect(error.retryAfterSeconds).toBe(3540);
    expect(errorText(error)).toBe('该事项 1 小时内已催办过，请稍后再催办');
  });
});

describe('the importer’s refusals (导入), in Chinese under the notice or the file', () => {
  const FIELDS = ['text', 'file', 'source'];
  it('puts a refused notice under the field the api names', () => {
    expect(mapApiError(new ApiError(422, ['text: no Chinese text found; Duban reads Chinese government notices (通知, 工作要点, 方案)']), FIELDS).fields).toEqual([
      { name: ['text'], errors: ['未识别到中文内容：请导入中文政府通知（通知、工作要点、方案等）'] },
    ]);
    expect(mapApiError(new ApiError(422, ['file is a damaged .docx: its zip directory cannot be read']), FIELDS).fields).toEqual([
      { name: ['file'], errors: ['文件已损坏，无法读取；请用 Word 打开后重新保存再上传'] },
    ]);
    expect(describeMessage('file is larger than 20 MB', 413)).toEqual({ field: 'file', text: '文件超过 20 MB' });
    expect(describeMessage('file must be a .docx document (Word 2007 or later); .doc, PDF and other formats are not read', 415).field).toBe('file');
    expect(describeMessage('text must not be empty', 400)).toEqual({ field: 'text', text: '通知正文为空，请粘贴通知内容' });
    expect(describeMessage('text: no task found; Duban reads numbered items with 牵头单位/责任单位 lines', 422).text).toMatch(/^未识别到任务/);
  });

  it('names the tasks and units a commit is refused for', () => {
    expect(errorText(new ApiError(400, ['edits: task 3 is due 2021-06-30, which has passed; give it a later dueDate in edits, or leave it out of select']))).toBe(
      '第 3 项的截止日期（2021年6月30日）已过，请修改截止日期或不选该项',
    );
    expect(errorText(new ApiError(409, ['mapping: 市政府 (task 3, 5) is not resolved; map it to a unit id, several, or null to leave it out']))).toBe(
      '“市政府”（第 3、5 项）尚未对应到单位',
    );
    expect(errorText(new ApiError(409, ['import 12 was committed at 2026-07-01T00:00:00.000Z; it creates its tasks once']))).toBe('该通知已经提交过，任务只会创建一次');
    expect(errorText(new ApiError(403, ['coUnitIds: unit(s) 7, 9 are not on a chain your unit leads']))).toBe('部分责任单位不在本单位牵头的产业链上，本单位不能向其交办任务');
  });
});
describe('evidence file refusals', () => {
  it('says in Chinese why a file was refused, naming it', () => {
    expect(errorText(new ApiError(413, ['file: 现场视频.mp4 is larger than 20 MB']))).toBe('现场视频.mp4 超过 20 MB，无法上传');
    expect(
      errorText(
        new ApiError(415, [
          'file: x.pdf is a Windows executable (application/x-msdownload); upload PDF, OFD, Word (.doc/.docx), Excel (.xls/.xlsx), WPS (.wps/.et/.dps), JPEG, PNG or plain UTF-8 text',
        ]),
      ),
    ).toBe('x.pdf 的文件类型不支持（按文件内容识别，支持 PDF、OFD、Word、Excel、WPS、JPG、PNG、TXT）');
    expect(errorText(new ApiError(400, ['fileIds: at most 10 files per action']))).toBe('每次最多附 10 个文件');
    expect(errorText(new ApiError(400, ['fileIds: 12 is not an upload of yours waiting to be attached (a file attaches once, by its uploader)']))).toBe(
      '所附文件无效或已被使用，请重新上传',
    );
  });
});
