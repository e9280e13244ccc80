import { DateTime } from 'luxon';
import { addDays, IndicatorKind, instantAt, LocalDate, localParts, WorkCalendar } from '@duban/domain';
import { AuthUser, ListItemsService, MeetingsService, NotificationsService, ObligationsService, ProblemsService, TasksService } from '@duban/core';
import type { DemoUsername } from './demo-accounts';

/** Something a person of the demo does at an instant, through the services the api calls. */
export interface StoryAction {
  at: Date;
  what: string;
  run: () => Promise<unknown>;
}

export interface StoryContext {
  calendar: WorkCalendar;
  /** Where the history starts (the profile is loaded then) and where it stops (the real now). */
  start: Date;
  end: Date;
  /** The profile's zone: the story's days and hours are its local ones. */
  zone: string;
  unit: (name: string) => number;
  chain: (name: string) => number;
  chainName: (id: number | null) => string;
  people: Record<DemoUsername, AuthUser>;
  /** The account that acts for a unit owing reports: a demo account, or the unit's own liaison. */
  actorOf: (unitId: number) => AuthUser;
  /** The units owing monthly reports. */
  owingUnits: { id: number; name: string }[];
  services: {
    obligations: ObligationsService;
    tasks: TasksService;
    problems: ProblemsService;
    meetings: MeetingsService;
    lists: ListItemsService;
    notifications: NotificationsService;
  };
}

type Matter = { title: string; detail?: string };

const SENSORS = '智能传感器';
const FULL_PAGE = { page: 1, pageSize: 200 };

/**
 * Where the history starts: the 14th of the month three months back, 08:00. Starting after
 * that month's scoring (the 5th) and assessment (the 10th, or the next working day) means every
 * ranking and assessment the engine publishes covers time the mechanism ran.
 */
export function storyStart(end: Date, zone: string): Date {
  const month = DateTime.fromJSDate(end, { zone }).startOf('month').minus({ months: 3 });
  return instantAt(month.set({ day: 14 }).toISODate()!, '08:00', zone);
}

/**
 * The demo's three months and a bit, as dated actions. Most units report on time; 金水区 reports
 * late every month and 二七区 never; 高新区, 经开区 and 新郑市 raise coordination matters that 市工信局
 * works on the 13710 ledger (one closed with a rating, one major one ignored until it is listed,
 * one resolved late, one still being worked); 市工信局 assigns tasks to zones and districts (done on
 * time after a return, done late, declined and reassigned, extended); 市政府办公厅 assigns the
 * chain's plan and four maps; the chain leader holds the monthly meetings, whose decisions become
 * tasks. The engine does the rest: reminders, overdue marks, urging, supervision, rankings.
 */
export function demoStory(ctx: StoryContext): StoryAction[] {
  const { calendar, people, services } = ctx;
  const actions: StoryAction[] = [];
  const on = (at: Date, what: string, run: () => Promise<unknown>) => actions.push({ at, what, run });
  const dayOf = (at: Date): LocalDate => localParts(at, ctx.zone).date;
  const time = (date: LocalDate, hm: string) => instantAt(date, hm, ctx.zone);
  /** `n` working days from `date`; 0 is `date` itself if it is a working day, else the next one. */
  const wd = (date: LocalDate, n: number): LocalDate => (n === 0 ? (calendar.isWorkday(date) ? date : calendar.addWorkdays(date, 1)) : calendar.addWorkdays(date, n));
  const later = (at: Date, hours: number) => new Date(at.getTime() + hours * 3_600_000);
  const startDay = dayOf(ctx.start);
  const endDay = dayOf(ctx.end);
  const months = [0, 1, 2, 3].map((i) => DateTime.fromJSDate(ctx.start, { zone: ctx.zone }).plus({ months: i }).toFormat('yyyy-MM'));
  const monthLabel = (period: string) => `${Number(period.slice(5))}月`;
  const { gxj, ducha, lianzhang, gongyi, gaoxin } = people;
  const sensors = ctx.chain(SENSORS);
  const issuer = ctx.unit('市工信局');

  // ---- Monthly reports: when each unit files them, and the matters some raise. ----
  const matters = new Map<string, Matter[]>([
    ['高新区|0|智能传感器', [{ title: '传感谷二期用地指标未落实', detail: '二期项目用地约120亩，需协调调剂建设用地指标' }]],
    ['经开区|0|智能装备', [{ title: '智能装备企业技改补贴兑现慢', detail: '2家企业的技术改造补贴已申报3个月，尚未拨付' }]],
    ['新郑市|1|现代食品', [{ title: '冷链物流园用电增容审批慢', detail: '需协调供电公司加快办理' }]],
    ['高新区|2|智能传感器', [{ title: 'MEMS晶圆中试线环评审批需加快' }]],
    ['高新区|3|智能传感器', [{ title: '传感器企业人才公寓配套不足', detail: '园区新引进企业技术人员住房需求约200套' }]],
  ]);
  const reportedAt = new Map<string, Date>();
  const plan = (u: { id: number; name: string }, k: number, due: LocalDate): Date | null => {
    switch (u.name) {
      case '二七区':
        return null; // never reports
      case '金水区':
        return time(wd(due, [2, 5, 1, 2][k]), '10:00'); // late: urged, once supervised
      case '巩义市':
        return [
          time(wd(due, 0) === due ? due : wd(due, -1), '16:00'),
          time(wd(due, 2), '10:00'),
          time(wd(due, -1), '11:00'),
          time(wd(due, 0) === due ? due : wd(due, -1), '16:00'),
        ][k];
      case '高新区':
        return time(wd(due, -1), '15:00');
      default:
        return time(wd(due, -(1 + (u.id % 4))), u.id % 2 ? '10:00' : '15:30');
    }
  };
  for (const [k, period] of months.entries()) {
    const due = `${period}-20`;
    for (const u of ctx.owingUnits) {
      const planned = plan(u, k, due);
      if (!planned) continue;
      const at = new Date(Math.max(planned.getTime(), later(ctx.start, 2).getTime()));
      reportedAt.set(`${u.name}|${k}`, at);
      on(at, `${u.name} reports ${period}`, async () => {
        const person = ctx.actorOf(u.id);
        const open = await services.obligations.list(person, { unitId: u.id, period, state: 'OPEN' }, FULL_PAGE);
        for (const [i, o] of open.items.entries()) {
          // The 工业经济指标月报 (on no chain) gives the year-to-date figures its detail asks for.
          const collected = o.chainId === null ? (await services.obligations.get(person, o.id)).indicators : [];
          if (collected.length > 0) {
            await services.obligations.report(person, o.id, {
              progress: `${period.slice(0, 4)}年1—${monthLabel(period)}工业经济指标累计完成情况。`,
              indicators: figures(collected, u.id, period),
            });
            continue;
          }
          const chain = ctx.chainName(o.chainId);
          await services.obligations.report(person, o.id, {
            progress: progress(i + u.id, monthLabel(period), chain),
            coordinationMatters: matters.get(`${u.name}|${k}|${chain}`),
          });
        }
      });
    }
  }

  // ---- The problem ledger (13710): 市工信局 works the matters raised above. ----
  const problem = async (title: string) => {
    const { items } = await services.problems.list(gxj, {}, FULL_PAGE);
    const found = items.find((p) => p.title === title);
    if (!found) throw new Error(`no problem titled ${title}`);
    return found.id;
  };
  const act = (person: AuthUser, title: string, input: Parameters<ProblemsService['transition']>[2]) => async () =>
    services.problems.transition(person, await problem(title), input);
  const raised = (unitName: string, k: number) => reportedAt.get(`${unitName}|${k}`)!;
  {
    // Solved within the 7 days, holidays or not.
    const r = raised('高新区', 0);
    const within = (date: LocalDate, days: number) => (date < addDays(dayOf(r), days) ? date : addDays(dayOf(r), days));
    const solved = within(wd(dayOf(r), 4), 6);
    on(later(r, 1), 'P1 acknowledged', act(gxj, '传感谷二期用地指标未落实', { action: 'acknowledge', comment: '当日研究部署，会同市资源规划局办理' }));
    on(time(within(wd(dayOf(r), 2), 3), '10:00'), 'P1 feedback', act(gxj, '传感谷二期用地指标未落实', { action: 'feedback', comment: '已与市资源规划局对接，拟在年度计划内调剂' }));
    on(time(solved, '10:30'), 'P1 resolved', act(gxj, '传感谷二期用地指标未落实', { action: 'resolve', comment: '用地指标已调剂落实' }));
    on(time(wd(solved, 1), '09:30'), 'P1 closed', act(gaoxin, '传感谷二期用地指标未落实', { action: 'close', satisfaction: 5, comment: '问题已解决，满意' }));
  }
  on(
    later(raised('经开区', 0), 2),
    'P2 acknowledged as major',
    act(gxj, '智能装备企业技改补贴兑现慢', { action: 'acknowledge', severity: 'MAJOR', comment: '属重大复杂问题，按一个月时限办理' }),
  );
  {
    const r = raised('新郑市', 1);
    const solveBy = dayOf(new Date(r.getTime() + 7 * 86_400_000));
    on(time(wd(dayOf(r), 1), '09:30'), 'P5 acknowledged', act(gxj, '冷链物流园用电增容审批慢', { action: 'acknowledge' }));
    on(time(wd(dayOf(r), 3), '10:00'), 'P5 feedback', act(gxj, '冷链物流园用电增容审批慢', { action: 'feedback', comment: '已协调供电公司现场踏勘' }));
    on(time(wd(solveBy, 2), '10:00'), 'P5 resolved late', act(gxj, '冷链物流园用电增容审批慢', { action: 'resolve', comment: '供电公司已完成增容批复' }));
    on(
      time(wd(solveBy, 3), '10:00'),
      'P5 closed',
      act(ctx.actorOf(ctx.unit('新郑市')), '冷链物流园用电增容审批慢', { action: 'close', satisfaction: 3, comment: '已解决，但办理时间较长' }),
    );
  }
  {
    const r = raised('高新区', 2);
    on(later(r, 1), 'P3 acknowledged as major', act(gxj, 'MEMS晶圆中试线环评审批需加快', { action: 'acknowledge', severity: 'MAJOR', comment: '涉及环评审批，按重大问题办理' }));
    on(time(wd(dayOf(r), 3), '10:00'), 'P3 feedback', act(gxj, 'MEMS晶圆中试线环评审批需加快', { action: 'feedback', comment: '已与市生态环境局对接，环评预审已受理' }));
  }

  // ---- Tasks 市工信局 assigns on the chain. ----
  const task = new Map<string, number>();
  const assign = (at: Date, key: string, owner: string, title: string, dueAt: Date) =>
    on(at, `${key} assigned to ${owner}`, async () => {
      const created = await services.tasks.create(gxj, { title, issuerUnitId: issuer, ownerUnitId: ctx.unit(owner), dueAt, chainId: sensors });
      task.set(key, created.id);
      return services.tasks.transition(gxj, created.id, { action: 'assign' });
    });
  const move = (at: Date, key: string, person: AuthUser, input: Parameters<TasksService['transition']>[2]) =>
    on(at, `${key} ${input.action}`, () => services.tasks.transition(person, task.get(key)!, input));

  // Done on time after one return.
  assign(time(wd(startDay, 1), '10:00'), 'T1', '高新区', '报送智能传感器重点项目推进情况', time(wd(startDay, 11), '18:00'));
  move(time(wd(startDay, 2), '09:30'), 'T1', gaoxin, { action: 'accept' });
  move(time(wd(startDay, 6), '16:00'), 'T1', gaoxin, { action: 'submit', comment: '已报送重点项目推进情况表' });
  move(time(wd(startDay, 7), '10:00'), 'T1', gxj, { action: 'return', comment: '请补充项目投资完成情况' });
  move(time(wd(startDay, 8), '15:00'), 'T1', gaoxin, { action: 'submit', comment: '已补充投资完成情况' });
  move(time(wd(startDay, 9), '10:00'), 'T1', gxj, { action: 'complete', comment: '办结' });
  // Done late: urged and supervised first.
  const jinshui = ctx.actorOf(ctx.unit('金水区'));
  assign(time(wd(startDay, 1), '10:30'), 'T2', '金水区', '排查智能传感器企业用工缺口', time(wd(startDay, 8), '18:00'));
  move(time(wd(startDay, 4), '10:00'), 'T2', jinshui, { action: 'accept' });
  move(time(wd(startDay, 13), '10:00'), 'T2', jinshui, { action: 'submit', comment: '已完成用工缺口排查，形成清单' });
  move(time(wd(startDay, 13), '15:00'), 'T2', gxj, { action: 'complete' });
  // Declined by 中牟县, reassigned to 航空港区, done.
  const second = wd(`${months[1]}-01`, 1);
  const airport = ctx.actorOf(ctx.unit('航空港区'));
  assign(time(second, '10:00'), 'T3', '中牟县', '谋划智能传感器配套产业园区项目', time(addDays(second, 15), '18:00'));
  move(time(wd(second, 1), '09:30'), 'T3', ctx.actorOf(ctx.unit('中牟县')), { action: 'decline', comment: '我县暂无传感器相关园区，建议改由航空港区承办' });
  move(time(wd(second, 1), '14:00'), 'T3', gxj, { action: 'assign', ownerUnitId: ctx.unit('航空港区'), comment: '改派航空港区承办' });
  move(time(wd(second, 2), '09:30'), 'T3', airport, { action: 'accept' });
  move(time(wd(second, 8), '16:00'), 'T3', airport, { action: 'submit', comment: '已形成配套园区项目谋划方案' });
  move(time(wd(second, 9), '10:00'), 'T3', gxj, { action: 'complete' });
  // Extended at the owner's request, then done within the new date.
  const t4 = wd(`${months[1]}-10`, 0);
  const t4Due = addDays(t4, 15);
  assign(time(t4, '10:00'), 'T4', '巩义市', '编制巩义市传感器产业招商图谱', time(t4Due, '18:00'));
  move(time(wd(t4, 1), '09:30'), 'T4', gongyi, { action: 'accept' });
  move(time(wd(t4Due, -3), '10:00'), 'T4', gongyi, { action: 'request_extension', dueAt: time(addDays(t4Due, 10), '18:00'), comment: '需补充重点企业调研数据，申请延期10天' });
  move(time(wd(t4Due, -2), '10:00'), 'T4', gxj, { action: 'approve_extension', comment: '同意延期' });
  move(time(wd(addDays(t4Due, 10), -2), '16:00'), 'T4', gongyi, { action: 'submit', comment: '招商图谱已编制完成' });
  move(time(wd(addDays(t4Due, 10), -1), '10:00'), 'T4', gxj, { action: 'complete' });
  // Close to now: one ignored (supervised, to be listed), one to sign for, one due soon.
  assign(time(wd(addDays(endDay, -15), 0), '10:00'), 'T5', '二七区', '核查二七区传感器项目入库情况', time(wd(endDay, -5), '18:00'));
  assign(time(wd(endDay, -8), '10:00'), 'T7', '高新区', '完善传感谷二期招商项目库', time(addDays(endDay, 2), '18:00'));
  move(time(wd(endDay, -7), '09:30'), 'T7', gaoxin, { action: 'accept' });
  assign(time(wd(endDay, -2), '10:00'), 'T6', '巩义市', '报送巩义市传感器企业季度运行数据', time(addDays(endDay, 10), '18:00'));

  // ---- 市政府办公厅 assigns the chain's plan and four maps (the profile's drafts); 市工信局 delivers three. ----
  const plans = async (state: 'DRAFT' | 'ASSIGNED') =>
    (await services.tasks.list(ducha, { chainId: sensors, state: [state], ownerUnitId: issuer, issuerUnitId: ctx.unit('市政府办公厅') }, FULL_PAGE)).items;
  on(time(wd(startDay, 1), '09:30'), 'chain plans assigned', async () => {
    for (const t of await plans('DRAFT')) await services.tasks.transition(ducha, t.id, { action: 'assign', comment: '请按期完成提升方案和四个图谱' });
  });
  on(time(wd(startDay, 2), '10:00'), 'chain plans accepted', async () => {
    for (const t of await plans('ASSIGNED')) await services.tasks.transition(gxj, t.id, { action: 'accept' });
  });
  const deliver = (date: LocalDate, title: string) => {
    const byTitle = async () => (await services.tasks.list(gxj, { chainId: sensors, q: title }, FULL_PAGE)).items.find((t) => t.title === title)!.id;
    on(time(date, '16:00'), `${title} submitted`, async () => services.tasks.transition(gxj, await byTitle(), { action: 'submit', comment: '已编制完成，请审定' }));
    on(time(wd(date, 1), '10:00'), `${title} completed`, async () => services.tasks.transition(ducha, await byTitle(), { action: 'complete', comment: '审定通过' }));
  };
  deliver(wd(`${months[1]}-15`, 0), '智能传感器产业链图谱');
  deliver(wd(`${months[2]}-10`, 0), '智能传感器产业链现代化提升方案');
  deliver(wd(`${months[2]}-24`, 0), '智能传感器技术路线图谱');

  // ---- The four lists. ----
  on(time(wd(startDay, 1), '11:00'), 'four lists', async () => {
    const reason = '链长制启动，梳理四个清单';
    await services.lists.add(gxj, sensors, { type: 'MATTER', name: '突破MEMS传感器晶圆制造瓶颈', reason });
    await services.lists.add(gxj, sensors, { type: 'PARK', name: '郑州高新区智能传感谷', ownerUnitId: ctx.unit('高新区'), reason });
    await services.lists.add(gxj, sensors, { type: 'ENTERPRISE', name: '汉威科技集团', ownerUnitId: ctx.unit('高新区'), reason });
    await services.lists.add(gxj, sensors, { type: 'PROJECT', name: '巩义市智能传感器产业园', ownerUnitId: ctx.unit('巩义市'), reason });
  });

  // ---- The chain's monthly meetings: the leader records the minutes; decisions become tasks. ----
  const meetingAt = (period: string) => time(calendar.shift(`${period}-25`, 'NEXT_WORKDAY'), '09:00');
  const decisions: { summary: string; decisions: { title: string; owner: string; dueInDays?: number }[] }[] = [
    {
      summary: '听取智能传感器产业链月度工作进展和四个清单落实情况汇报，研究传感谷二期用地等问题。',
      decisions: [
        { title: '高新区报送传感谷二期建设计划', owner: '高新区', dueInDays: 10 },
        { title: '二七区落实传感器配套项目选址', owner: '二七区' },
      ],
    },
    {
      summary: '通报产业链图谱编制进展，部署上下游企业梳理和产需对接工作。',
      decisions: [
        { title: '梳理巩义市传感器上下游企业清单', owner: '巩义市', dueInDays: 7 },
        { title: '组织传感器企业参加产需对接会', owner: '经开区' },
      ],
    },
    {
      summary: '研究MEMS中试平台建设，协调环评审批，部署龙头企业对接。',
      decisions: [
        { title: '推进MEMS中试平台建设方案论证', owner: '高新区', dueInDays: 30 },
        { title: '对接传感器龙头企业来巩考察', owner: '巩义市' },
      ],
    },
  ];
  const decided = new Map<string, number>();
  for (const [k, minutes] of decisions.entries()) {
    const held = meetingAt(months[k]);
    const heldDay = dayOf(held);
    on(later(held, 2.5), `${months[k]} meeting minutes`, async () => {
      const monthStart = time(`${months[k]}-01`, '00:00');
      const { items } = await services.meetings.list({ chainId: sensors, from: monthStart, to: time(addDays(dayOf(held), 10), '00:00') }, FULL_PAGE);
      const meeting = items.find((m) => m.state === 'SCHEDULED');
      if (!meeting) throw new Error(`no ${SENSORS} meeting scheduled in ${months[k]}`);
      const result = await services.meetings.minutes(lianzhang, meeting.id, {
        summary: minutes.summary,
        decisions: minutes.decisions.map((d) => ({
          title: d.title,
          ownerUnitId: ctx.unit(d.owner),
          dueAt: d.dueInDays ? time(addDays(heldDay, d.dueInDays), '18:00') : undefined,
        })),
      });
      for (const t of result.tasks) decided.set(t.title, t.id);
    });
  }
  const follow = (title: string, steps: [LocalDate, string, AuthUser, Parameters<TasksService['transition']>[2]][]) => {
    for (const [date, hm, person, input] of steps) on(time(date, hm), `${title} ${input.action}`, () => services.tasks.transition(person, decided.get(title)!, input));
  };
  {
    const d = dayOf(meetingAt(months[0]));
    follow('高新区报送传感谷二期建设计划', [
      [wd(d, 1), '09:30', gaoxin, { action: 'accept' }],
      [wd(d, 5), '16:00', gaoxin, { action: 'submit', comment: '已报送建设计划' }],
      [wd(d, 6), '10:00', gxj, { action: 'complete' }],
    ]);
    // 二七区 leaves its decision alone: overdue, supervised, listed.
  }
  {
    const d = dayOf(meetingAt(months[1]));
    const jingkai = ctx.actorOf(ctx.unit('经开区'));
    follow('梳理巩义市传感器上下游企业清单', [
      [wd(d, 1), '10:00', gongyi, { action: 'accept' }],
      [wd(addDays(d, 7), 2), '15:00', gongyi, { action: 'submit', comment: '已梳理上下游企业42家' }],
      [wd(addDays(d, 7), 3), '10:00', gxj, { action: 'complete' }],
    ]);
    follow('组织传感器企业参加产需对接会', [
      [wd(d, 1), '10:00', jingkai, { action: 'accept' }],
      [wd(d, 3), '16:00', jingkai, { action: 'submit', comment: '已组织12家企业参会' }],
      [wd(d, 4), '10:00', gxj, { action: 'complete' }],
    ]);
  }
  {
    const d = dayOf(meetingAt(months[2]));
    follow('推进MEMS中试平台建设方案论证', [[wd(d, 1), '09:30', gaoxin, { action: 'accept' }]]);
    follow('对接传感器龙头企业来巩考察', [
      [wd(d, 1), '10:00', gongyi, { action: 'accept' }],
      [wd(d, 4), '16:00', gongyi, { action: 'submit', comment: '已对接3家龙头企业，考察已安排' }],
      [wd(d, 5), '10:00', gxj, { action: 'complete' }],
    ]);
  }

  // ---- Inboxes: at the start of last month the demo's people read what had come in. ----
  on(time(wd(`${months[2]}-01`, 0), '09:00'), 'inboxes read', async () => {
    for (const person of [gongyi, gaoxin, gxj, ducha]) {
      for (;;) {
        const { items } = await services.notifications.inbox(person, { unread: true }, FULL_PAGE);
        if (items.length === 0) break;
        for (const n of items) await services.notifications.markRead(person, String(n.id));
      }
    }
  });

  return actions.filter((a) => a.at.getTime() > ctx.start.getTime() && a.at.getTime() <= ctx.end.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
}

const PROGRESS = [
  (month: string, chain: string) => `${month}，${chain}产业链重点项目按计划推进，走访重点企业，协调解决用工、用地等问题。`,
  (month: string, chain: string) => `${month}，持续开展${chain}产业链精准招商，新签约项目1个，在谈项目2个。`,
  (month: string, chain: string) => `${month}，${chain}产业链重点企业生产经营平稳，规上企业产值同比增长。`,
];

function progress(n: number, month: string, chain: string): string {
  return PROGRESS[n % PROGRESS.length](month, chain);
}

/**
 * Plausible year-to-date figures for a unit's indicator report: growth rates between 4 and 14 per
 * cent that differ by unit and drift by month (some meet the 2021 plan's 7–12, some fall short), and
 * new enterprises accumulating month by month.
 */
function figures(collected: readonly { key: string; kind: IndicatorKind }[], unitId: number, period: string): { key: string; value: number }[] {
  const month = Number(period.slice(5));
  return collected.map(({ key, kind }, n) => ({
    key,
    value: kind === 'COUNT' ? month * (1 + ((unitId + n) % 6)) : 4 + ((unitId * 37 + n * 11 + month * 3) % 100) / 10,
  }));
}
