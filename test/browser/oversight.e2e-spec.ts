import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { EvaluationsService } from '@duban/core';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { adminToken, chainId, createUser, http, isolatedEnvironment, loadProfile, reportBody, startApi, startScheduler, startWorker, unitId } from '../support/harness';
import { consoleBuilt, DESKTOP, launchBrowser, newActor, overflowsHorizontally, PHONE, trackFirstLoad } from './browser';
import { button, checkPage, choose, expectCount, expectTitle, settle, signIn, toast } from './journey';

/*
 * The supervisors' and chain leaders' pages in a real browser, against the real api, worker and
 * scheduler on the virtual clock (zhengzhou-2021), July to August 2026:
 * - 张建国, supervisor (市政府办公厅), at a desk: the board fills once the clock passes the
 *   deadlines; he urges by hand, raises one to 挂牌督办, exports the list, reads the rankings
 *   and publishes a quarter's assessment;
 * - 李静, liaison of 市市场监管局, on a phone: sees his 催办 in her inbox;
 * - 王磊 of 市工信局 (lead department of 智能传感器): acknowledges a problem as MAJOR;
 * - 史占勇, 智能传感器's chain leader, on a phone: his chain, its lists, its meeting and decisions.
 * Every page visited is screenshotted into test-artifacts/.
 */
const START = '2026-07-01T00:00:00+08:00';
const TASKS = {
  market: '组织传感器企业计量检测能力提升',
  park: '推进智能传感谷二期项目开工',
  equipment: '编制智能装备产业链招商图谱',
};
const URGE_MESSAGE = '请于本周五前报送计量检测能力提升方案。';
const ESCALATE_REASON = '逾期未办结，影响传感器企业检测服务，挂牌督办。';

let cleanup: () => Promise<void>;
let api: INestApplication;
let worker: INestApplicationContext;
let scheduler: INestApplicationContext;
let browser: Browser;
let base: string;
let admin: string;
type Person = { id: number; username: string; token: string };
const people = {} as Record<'supervisor' | 'liaison' | 'officer' | 'leader' | 'zone', Person>;
const units: Record<string, number> = {};
const chains: Record<string, number> = {};

const as = (token: string) => ({ authorization: `Bearer ${token}` });
const advance = (now: string) => http(api).post('/api/v1/admin/clock').set(as(admin)).send({ now }).expect(200);

async function assignedTask(title: string, owner: string, chain: string, dueAt: string, priority: 'NORMAL' | 'URGENT' = 'NORMAL'): Promise<number> {
  const body = { title, issuerUnitId: units['市政府办公厅'], ownerUnitId: units[owner], chainId: chains[chain], dueAt, priority };
  const task = await http(api).post('/api/v1/tasks').set(as(admin)).send(body).expect(201);
  await http(api).post(`/api/v1/tasks/${task.body.id}/transitions`).set(as(admin)).send({ action: 'assign' }).expect(200);
  return task.body.id;
}

describe('supervisors and chain leaders in Chromium (e2e)', () => {
  beforeAll(async () => {
    if (!consoleBuilt()) throw new Error('dist/web is missing: run `npm run build` (npm test does) before this suite');
    cleanup = await isolatedEnvironment('oversight', { DUBAN_TIME_TRAVEL: '1', DUBAN_CLOCK_START: START });
    api = await startApi();
    await api.listen(0, '127.0.0.1');
    base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    worker = await startWorker();
    scheduler = await startScheduler();
    await loadProfile(api, 'zhengzhou-2021');
    admin = await adminToken(api);
    for (const name of ['市政府办公厅', '市市场监管局', '市工信局', '高新区', '经开区']) units[name] = await unitId(api, name);
    for (const name of ['智能传感器', '智能装备']) chains[name] = await chainId(api, name);
    people.supervisor = await createUser(api, admin, { roles: ['SUPERVISOR'], unitId: units['市政府办公厅'], displayName: '张建国' });
    people.liaison = await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: units['市市场监管局'], displayName: '李静' });
    people.officer = await createUser(api, admin, { roles: ['LEAD_UNIT'], unitId: units['市工信局'], displayName: '王磊' });
    people.leader = await createUser(api, admin, { roles: ['CHAIN_LEADER'], chains: [{ chainId: chains['智能传感器'], role: 'LEADER' }], displayName: '史占勇' });
    people.zone = await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: units['高新区'], displayName: '赵敏' });

    // July materialises; three tasks fall due on Friday the 10th, and the lead department fills the four lists.
    await advance('2026-07-02T09:00:00+08:00');
    await assignedTask(TASKS.market, '市市场监管局', '智能传感器', '2026-07-10T18:00:00+08:00');
    await assignedTask(TASKS.park, '高新区', '智能传感器', '2026-07-10T18:00:00+08:00', 'URGENT');
    await assignedTask(TASKS.equipment, '经开区', '智能装备', '2026-07-10T18:00:00+08:00');
    const addItem = (body: object) => http(api).post(`/api/v1/chains/${chains['智能传感器']}/list-items`).set(as(people.officer.token)).send(body).expect(201);
    await addItem({ type: 'MATTER', name: '突破微机电传感器晶圆制造瓶颈', reason: '链长会议确定' });
    await addItem({ type: 'PARK', name: '郑州高新区智能传感谷', ownerUnitId: units['高新区'] });
    await addItem({ type: 'PROJECT', name: '汉威科技传感器产业园二期', ownerUnitId: units['高新区'], detail: '总投资12亿元，2026年底主体完工' });
    await advance('2026-07-09T09:00:00+08:00');
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await scheduler?.close();
    await worker?.close();
    await api?.close();
    await cleanup?.();
  });

  describe('the supervisor at a desk', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await newActor(browser, base, DESKTOP);
      page = await context.newPage();
    });
    afterAll(() => context?.close());

    it('has the board in the menu; charts are loaded with it, not with the first pages', async () => {
      const measure = trackFirstLoad(page, base);
      await signIn(page, people.supervisor);
      const first = await measure();
      expect(first.files.some((f) => /\/assets\/BarChart-/.test(f))).toBe(false);
      expect(await page.getByRole('menuitem').allInnerTexts()).toEqual([
        '工作台',
        '我的待办',
        '任务',
        '导入',
        '报送',
        '督办看板',
        '问题台账',
        '产业链',
        '月度评比',
        '季度评估',
        '指标完成',
        '配置',
      ]);
      const board = trackFirstLoad(page, base);
      await page.getByRole('menuitem', { name: '督办看板' }).click();
      await expectTitle(page, '督办看板 - 督办');
      await page.getByRole('table', { name: '督办清单' }).locator('.ant-empty-description').getByText('暂无数据').waitFor();
      await page.getByText('暂无在办督办事项').first().waitFor();
      expect((await board()).files.some((f) => /\/assets\/BarChart-/.test(f))).toBe(false); // nothing to chart yet
    });

    it('sees the escalations appear once the clock passes the deadlines, by level, with overdue days and charts', async () => {
      // Due Friday the 10th at 18:00: urged one working day later, supervised three working days later.
      await advance('2026-07-16T09:00:00+08:00');
      const charted = trackFirstLoad(page, base);
      await page.reload();
      const table = page.getByRole('table', { name: '督办清单' });
      await expectCount(table.locator('tbody tr.ant-table-row'), 3);
      for (const title of Object.values(TASKS)) {
        const row = table.getByRole('row').filter({ hasText: title });
        await row.getByText('督办', { exact: true }).waitFor();
        await row.getByText('5 天', { exact: true }).waitFor(); // 16 July 09:00 is 5 days 15 hours past due
      }
      await page.getByRole('group', { name: '在办督办' }).getByText('3', { exact: true }).first().waitFor();
      const byChain = page.getByRole('img', { name: /^按产业链：/ });
      await byChain.locator('svg').waitFor();
      expect(await byChain.getAttribute('aria-label')).toBe('按产业链：智能传感器 2项，智能装备 1项');
      await page
        .getByRole('img', { name: /^按责任单位：/ })
        .locator('svg')
        .waitFor();
      expect((await charted()).files.some((f) => /\/assets\/BarChart-/.test(f))).toBe(true); // the chart's own chunk, now that there is something to chart
      await checkPage(page, 'supervisor-board');
    });

    it('urges one by hand; a second urge within the hour says when it may be urged again', async () => {
      const row = page.getByRole('table', { name: '督办清单' }).getByRole('row').filter({ hasText: TASKS.market });
      await row.getByRole('button', { name: `催办：${TASKS.market}` }).click();
      const modal = page.getByRole('dialog').filter({ hasText: `催办：${TASKS.market}` });
      await settle(page);
      await button(modal, '催办').click();
      await modal.getByText('请填写催办意见').waitFor(); // asked before anything is sent
      await modal.getByLabel('催办意见').fill(URGE_MESSAGE);
      await checkPage(page, 'supervisor-urge');
      await button(modal, '催办').click();
      await toast(page, '已催办');
      await modal.waitFor({ state: 'hidden' });

      await row.getByRole('button', { name: `催办：${TASKS.market}` }).click();
      const again = page.getByRole('dialog').filter({ hasText: `催办：${TASKS.market}` });
      await settle(page);
      await again.getByLabel('催办意见').fill('再次催办');
      await button(again, '催办').click();
      await again.getByText(/^该事项 1 小时内已催办过，可于 2026年7月16日 10:0\d 后再次催办$/).waitFor();
      await checkPage(page, 'supervisor-urge-too-soon');
      await button(again, '取消').click();
    });

    it('the owner unit’s liaison finds the 催办 in her inbox on her phone', async () => {
      const phone = await newActor(browser, base, PHONE);
      const lp = await phone.newPage();
      await signIn(lp, people.liaison);
      await lp.goto('/my-work');
      const reminders = lp.getByRole('list', { name: '提醒' });
      const urged = reminders.getByRole('listitem').filter({ hasText: URGE_MESSAGE.replace(/。$/, '') });
      await urged.getByText('催办', { exact: true }).waitFor();
      await urged.getByText(/张建国/).waitFor();
      expect(await overflowsHorizontally(lp)).toBe(false);
      await checkPage(lp, 'phone-liaison-urged');
      await phone.close();
    });

    it('raises it to 挂牌督办 with a reason, and reads the task’s steps and timeline', async () => {
      const table = page.getByRole('table', { name: '督办清单' });
      const row = table.getByRole('row').filter({ hasText: TASKS.market });
      await row.getByRole('button', { name: `挂牌督办：${TASKS.market}` }).click();
      const modal = page.getByRole('dialog').filter({ hasText: `挂牌督办：${TASKS.market}` });
      await modal.getByText('挂牌督办事项在通报中点名').waitFor();
      await modal.getByLabel('督办事由').fill(ESCALATE_REASON);
      await button(modal, '确认挂牌督办').click();
      await toast(page, '已挂牌督办');
      await row.getByText('挂牌督办', { exact: true }).waitFor();
      // Highest level first.
      await expect(table.locator('tbody tr.ant-table-row').first().textContent()).resolves.toContain(TASKS.market);
      await row.getByRole('button', { name: `挂牌督办：${TASKS.market}` }).waitFor({ state: 'detached' });

      await row.getByRole('link', { name: `详情：${TASKS.market}` }).click();
      const drawer = page.getByRole('dialog').filter({ hasText: '督办步骤' });
      const timeline = drawer.getByRole('region', { name: '办理记录' });
      await timeline.locator('.timeline-event[data-action="escalate"]').waitFor();
      const actions = await timeline.locator('.timeline-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
      expect(actions.slice(-3)).toEqual(['supervise', 'urge', 'escalate']);
      await timeline.locator('.timeline-event[data-action="urge"]').last().getByText('张建国').waitFor();
      await timeline.getByText(`意见：${URGE_MESSAGE}`).waitFor();
      await timeline.getByText(`事由：${ESCALATE_REASON}`).waitFor();
      const steps = drawer.getByRole('region', { name: '督办步骤' });
      expect(await steps.locator('.escalation-step[data-state="done"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).toEqual([
        'remind',
        'remind',
        'due',
        'urge',
        'supervise',
      ]);
      await steps
        .locator('.escalation-step[data-state="next"][data-action="escalate"]')
        .getByText(/2026年7月24日 18:00/)
        .waitFor();
      await checkPage(page, 'supervisor-task-drawer');
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });
    });

    it('exports the list as a workbook through the api, with its Chinese header row', async () => {
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: '导出表格' }).click();
      const download = await downloading;
      await toast(page, '已导出 3 条');
      expect(download.suggestedFilename()).toBe('督办清单-2026-07-16.xlsx');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
      const sheet = book.worksheets[0];
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
        '督办级别',
        '事项',
        '类型',
        '责任单位',
        '产业链',
        '截止时间',
        '逾期天数',
        '督办事由',
        '开始时间',
        '销号时间',
      ]);
      expect(sheet.rowCount).toBe(4);
      expect((sheet.getRow(2).values as unknown[]).slice(1, 3)).toEqual(['挂牌督办', TASKS.market]);
      // A level's tile filters the list to it.
      await page.getByRole('group', { name: '在办督办' }).locator('.stat-tile.clickable').filter({ hasText: '挂牌督办' }).click();
      await page.waitForURL((url) => url.searchParams.get('level') === '3');
      await expectCount(page.getByRole('table', { name: '督办清单' }).locator('tbody tr.ant-table-row'), 1);
    });
  });

  /** A unit reports every chain it owes for July, on time (the 20th is to come); one report may carry a matter needing coordination. */
  async function reportJuly(token: string, unit: string, matter?: { chain: string; title: string; detail: string }): Promise<void> {
    const owed = (await http(api).get('/api/v1/obligations').query({ unitId: units[unit], period: '2026-07', pageSize: 200 }).set(as(token)).expect(200)).body.items as {
      id: number;
      chainId: number | null;
    }[];
    for (const o of owed) {
      const matters = matter && o.chainId === chains[matter.chain] ? [{ title: matter.title, detail: matter.detail }] : undefined;
      await http(api)
        .post(`/api/v1/obligations/${o.id}/report`)
        .set(as(token))
        .send({ ...reportBody(o, '按计划推进。'), coordinationMatters: matters })
        .expect(200);
    }
  }

  describe('the problem ledger', () => {
    it('the lead department acknowledges a problem as MAJOR, and its coming 13710 steps show', async () => {
      // 高新区 reports July with a matter needing coordination (a problem routed to 市工信局); 经开区 and 金水区 report too.
      await reportJuly(people.zone.token, '高新区', { chain: '智能传感器', title: '传感谷二期用电增容', detail: '需新增10千伏专线一条。' });
      for (const unit of ['经开区', '金水区']) {
        units[unit] ??= await unitId(api, unit);
        await reportJuly((await createUser(api, admin, { roles: ['UNIT_LIAISON'], unitId: units[unit] })).token, unit);
      }

      const context = await newActor(browser, base, DESKTOP);
      const page = await context.newPage();
      await signIn(page, people.officer);
      await page.getByRole('menuitem', { name: '问题台账' }).click();
      await expectTitle(page, '问题台账 - 督办');
      const table = page.getByRole('table', { name: '问题列表' });
      const row = table.getByRole('row').filter({ hasText: '传感谷二期用电增容' });
      await row.getByText('待受理').waitFor();
      await row.getByText('一般问题').waitFor();
      await checkPage(page, 'officer-problems');
      await row.getByRole('link', { name: '传感谷二期用电增容' }).click();
      const drawer = page.getByRole('dialog').filter({ hasText: '督办步骤' });
      await button(drawer, '受理').click();
      const modal = page.getByRole('dialog').filter({ hasText: '受理：传感谷二期用电增容' });
      await modal.getByText('一般问题：7 天内解决').waitFor();
      await modal.getByText('重大问题', { exact: true }).click();
      await modal.getByText('重大问题：1 个月内解决，或按计划明确的时限').waitFor();
      await modal.getByLabel('计划解决时限').waitFor(); // a major problem may state its plan's date (left empty: a month)
      await modal.getByLabel('研究部署意见').fill('当日研究，协调市供电公司制定增容方案。');
      await button(modal, '受理').click();
      await toast(page, '已受理');
      await drawer.getByText('已受理', { exact: true }).first().waitFor();
      await drawer.getByText('重大问题', { exact: true }).first().waitFor();
      // A month from when it was raised: solved by 16 August. Now its first progress is owed within 3 days of the
      // raise (13710 "3"): reminded on the 18th, urged on the 19th if none came, then supervised and listed.
      await drawer
        .getByText(/2026年8月16日/)
        .first()
        .waitFor();
      const steps = drawer.getByRole('region', { name: '督办步骤' });
      await steps
        .locator('.escalation-step[data-action="urge"][data-state="coming"]')
        .getByText(/2026年7月19日/)
        .waitFor();
      expect(await steps.locator('.escalation-step:not([data-state="done"])').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).toEqual([
        'remind',
        'urge',
        'supervise',
        'escalate',
      ]);
      await steps
        .locator('.escalation-step[data-state="next"]')
        .getByText(/2026年7月18日/)
        .waitFor(); // a day before its progress is due
      const timeline = drawer.getByRole('region', { name: '办理记录' });
      await timeline.locator('.timeline-event[data-action="acknowledge"]').getByText('确定为重大问题').waitFor();
      await checkPage(page, 'officer-problem-major');
      // The raising unit sees it too, but may not act on it yet.
      await context.close();
    });
  });

  describe('the chain leader on a phone', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      // The July chain meeting (25th, a Saturday: Monday the 27th at 09:00) has been held.
      await advance('2026-07-27T10:00:00+08:00');
      context = await newActor(browser, base, PHONE);
      page = await context.newPage();
    });
    afterAll(() => context?.close());

    it('opens his chain from 产业链: leaders, lead department, task force, participants', async () => {
      await signIn(page, people.leader);
      await page.getByRole('button', { name: '打开菜单' }).click();
      await page.getByRole('menuitem', { name: '产业链' }).click();
      await expectTitle(page, '产业链 - 督办');
      const mine = page.getByRole('region', { name: '与我相关的产业链' });
      await mine.getByText('链长', { exact: true }).waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await checkPage(page, 'phone-leader-chains');
      await mine.getByRole('link', { name: '进入：智能传感器' }).click();
      await expectTitle(page, '智能传感器 - 督办');
      await page.getByText('我的角色：链长').waitFor();
      await page.getByText('市工信局').first().waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await checkPage(page, 'phone-leader-chain');
    });

    it('reads the four lists and this month’s changes', async () => {
      await page.getByRole('tab', { name: '四个清单' }).click();
      const lists = page.getByRole('list', { name: '清单事项' });
      await expectCount(lists.getByRole('listitem'), 3);
      await lists.getByText('汉威科技传感器产业园二期').waitFor();
      await lists.getByText('责任单位：高新区').first().waitFor();
      expect(await page.getByRole('button', { name: '列入清单' }).count()).toBe(0); // the lead department adjusts them, not the leader
      expect(await overflowsHorizontally(page)).toBe(false);
      await checkPage(page, 'phone-leader-lists');
      await page.getByRole('tab', { name: '调整记录' }).click();
      await page.getByRole('region', { name: '列入的事项' }).getByText('突破微机电传感器晶圆制造瓶颈').waitFor();
      await page.getByText('列入原因：链长会议确定').waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await checkPage(page, 'phone-leader-history');
    });

    it('opens the July meeting, its agenda, records its minutes with a decision, and sees the task it created', async () => {
      await page.getByRole('tab', { name: '会议' }).click();
      const meetings = page.getByRole('list', { name: '会议列表' });
      const july = meetings.getByRole('listitem').filter({ hasText: '（2026年7月）' });
      await july.getByText('待录入纪要').waitFor(); // held this morning, no minutes yet
      await meetings.getByRole('listitem').filter({ hasText: '（2026年8月）' }).getByText('待召开').waitFor();
      await checkPage(page, 'phone-leader-meetings');
      await july.getByRole('button', { name: /^查看：/ }).click();
      await page.waitForURL(/\/meetings\/\d+/);
      const agenda = page.getByRole('region', { name: '四个清单' });
      await agenda.getByText('郑州高新区智能传感谷').waitFor();
      await page.getByRole('region', { name: '逾期任务' }).getByText(TASKS.park).waitFor();
      await page.getByRole('region', { name: '待解决问题' }).getByText('传感谷二期用电增容').waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await checkPage(page, 'phone-leader-meeting');

      await page.getByRole('button', { name: '录入会议纪要' }).click();
      const drawer = page.getByRole('dialog');
      await drawer.getByLabel('会议纪要').fill('听取四个清单推进情况汇报，研究传感谷二期用电增容问题。');
      await drawer.getByRole('button', { name: '添加议定事项' }).click();
      await drawer.getByLabel('议定事项 1 内容').fill('高新区8月10日前完成传感谷二期用电增容方案');
      await choose(drawer, '议定事项 1 承办单位', '高新区');
      expect(await overflowsHorizontally(page)).toBe(false);
      await checkPage(page, 'phone-leader-minutes-form');
      await drawer.getByRole('button', { name: '保存纪要' }).click();
      await toast(page, '会议纪要已保存，议定事项已交办');
      const decisions = page.getByRole('list', { name: '议定事项' });
      const decision = decisions.getByRole('listitem').filter({ hasText: '高新区8月10日前完成传感谷二期用电增容方案' });
      await decision.getByText('待签收').waitFor();
      await decision.getByText('承办：高新区').waitFor();
      await page.getByText('已召开').first().waitFor();
      await page.getByRole('button', { name: '录入会议纪要' }).waitFor({ state: 'detached' });
      expect(await overflowsHorizontally(page)).toBe(false);
      await checkPage(page, 'phone-leader-meeting-held');
      await decision.getByRole('button', { name: /^查看：/ }).click();
      const task = page.getByRole('dialog').filter({ hasText: '办理记录' });
      await task.getByText('说明：会议议定事项').waitFor();
      await checkPage(page, 'phone-leader-decision');
    });
  });

  describe('monthly ranking and quarterly assessment', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      // July is scored on 5 August at 09:00, against June's ranks (scored on 6 July).
      await advance('2026-08-05T10:00:00+08:00');
      context = await newActor(browser, base, DESKTOP);
      page = await context.newPage();
      await signIn(page, people.supervisor);
    });
    afterAll(() => context?.close());

    it('shows July’s published ranking with rank changes and the chart of scores, and prints the notice', async () => {
      await page.getByRole('menuitem', { name: '月度评比' }).click();
      await expectTitle(page, '月度评比 - 督办');
      await page
        .getByRole('heading', { name: '产业链工作月度评比通报（2026年7月）' })
        .or(page.getByRole('heading', { name: /月度评比通报（2026年7月）$/ }))
        .first()
        .waitFor();
      const ranking = page.getByRole('table', { name: '评比排名' });
      await expectCount(ranking.locator('tbody tr.ant-table-row'), 16);
      // 高新区 reported one chain on time; the others it owes are missing (−5 each).
      const first = ranking.locator('tbody tr.ant-table-row').first();
      await first.getByText('1', { exact: true }).first().waitFor();
      expect(await ranking.locator('[data-delta]').count()).toBe(16); // June was ranked: every unit has a change
      expect(await ranking.getByText(/^↓\d+$/).count()).toBeGreaterThan(0);
      const chart = page.getByRole('img', { name: /^各单位得分：/ });
      await chart.locator('svg').waitFor();
      expect(await chart.locator('svg text').allTextContents()).toEqual(expect.arrayContaining(['高新区']));
      await checkPage(page, 'supervisor-evaluations');

      const opening = context.waitForEvent('page');
      await page.getByRole('button', { name: '打印通报' }).click();
      const notice = await opening;
      await notice.waitForURL(/^blob:/);
      await notice
        .getByRole('heading', { level: 1 })
        .getByText(/月度评比通报（2026年7月）/)
        .waitFor();
      expect(await notice.locator('table th').allTextContents()).toEqual(['名次', '单位', '得分', '名次变化', '迟报', '未报', '按时办结', '逾期任务', '挂牌督办']);
      await notice.close();
    });

    it('the chain leader reads the ranking on his phone', async () => {
      const phone = await newActor(browser, base, PHONE);
      const lp = await phone.newPage();
      await signIn(lp, people.leader);
      await lp.goto('/evaluations');
      await lp
        .getByRole('img', { name: /^各单位得分：/ })
        .locator('svg')
        .waitFor();
      await expectCount(lp.getByRole('table', { name: '评比排名' }).locator('tbody tr.ant-table-row'), 16);
      expect(await overflowsHorizontally(lp)).toBe(false);
      await checkPage(lp, 'phone-leader-evaluations');
      await phone.close();
    });

    it('switches to 年度考评: this year is not over; last year’s ranks units and chains, and prints its notice', async () => {
      // 2025 as its cadence would have evaluated it: December scored, the fourth quarter assessed, the year composed.
      const evaluations = api.get(EvaluationsService);
      await evaluations.computeMonth('2025-12', null);
      await evaluations.publishQuarter(null, '2025-Q4');
      const year = await evaluations.computeYear('2025', null);
      await page.goto('/evaluations?period=2026-07');
      await page.locator('.ant-segmented').getByText('年度考评', { exact: true }).click();
      await page.waitForURL(/period=2026$/);
      // The view says what it is: its heading, tab and empty state are the year's, nothing of a month's.
      await page.getByText('2026年度考评尚未发布').waitFor();
      await page.getByRole('heading', { name: '年度考评', exact: true }).waitFor();
      await expectTitle(page, '年度考评 - 督办');
      expect(await page.getByRole('heading', { name: '月度评比', exact: true }).count()).toBe(0);
      await page.getByLabel('考评年度').waitFor();
      expect(await button(page, '计算并发布').isDisabled()).toBe(true); // the year has not closed

      await page.goto('/evaluations?period=2025');
      await page.getByRole('heading', { name: /年度考评通报（2025年）$/ }).waitFor();
      await page.getByText(/年度得分＝月度评比均分×60%＋季度评估均分×40%/).waitFor();
      await page.getByText('依据：12月月度评比；第4季度评估').waitFor();
      const units = page.getByRole('table', { name: '各单位年度考评排名' });
      await expectCount(units.locator('tbody tr.ant-table-row'), year.items.length);
      expect(year.items).toHaveLength(16);
      expect(await units.locator('thead th').allTextContents()).toEqual(['名次', '单位', '年度得分', '名次变化', '月度评比均分', '季度评估均分']);
      await expectCount(page.getByRole('table', { name: '各产业链年度考评排名' }).locator('tbody tr.ant-table-row'), year.chains.length);
      await checkPage(page, 'supervisor-yearly-evaluation');

      const opening = context.waitForEvent('page');
      await page.getByRole('button', { name: '打印通报' }).click();
      const notice = await opening;
      await notice.waitForURL(/^blob:/);
      await notice
        .getByRole('heading', { level: 1 })
        .getByText(/年度考评通报（2025年）/)
        .waitFor();
      expect(await notice.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['一、各单位年度考评', '二、各产业链年度考评']);
      await notice.close();
    });

    it('shows the last quarter as published (by its scheduled run) and this quarter live', async () => {
      await page.getByRole('menuitem', { name: '季度评估' }).click();
      await expectTitle(page, '季度评估 - 督办');
      // Q2 was published by the scheduled run on 10 July.
      await page.getByText('已发布', { exact: true }).waitFor();
      await page.getByRole('button', { name: '下载通报' }).waitFor();
      await checkPage(page, 'supervisor-assessment-q2');
      await button(page, '本季度').click();
      await page.getByText('实时数据（未发布）').waitFor();
      const units_ = page.getByRole('table', { name: '各单位评估' });
      await units_.getByRole('row').filter({ hasText: '市市场监管局' }).waitFor();
      await page.getByRole('table', { name: '重大逾期事项' }).getByText(TASKS.park).waitFor(); // URGENT and overdue
      expect(await page.getByRole('button', { name: /发\s?布$/ }).isDisabled()).toBe(true); // Q3 has not closed
      await checkPage(page, 'supervisor-assessment-q3');
    });

    it('publishes the closed quarter with confirmation, putting its major overdue matters under 挂牌督办', async () => {
      // Q3 has closed; its scheduled run comes on the 10th. The supervisor publishes first.
      await advance('2026-10-09T10:00:00+08:00');
      await page.goto('/assessments');
      await page.getByText('实时数据（未发布）').waitFor();
      const matters = page.getByRole('table', { name: '重大逾期事项' });
      await matters.getByText(TASKS.park).waitFor(); // an URGENT task
      await matters.getByText('传感谷二期用电增容').waitFor(); // a MAJOR problem, due 16 August
      await page.getByRole('button', { name: /发\s?布$/ }).click();
      const modal = page.getByRole('dialog').filter({ hasText: '发布2026年第3季度评估通报' });
      await modal.getByText('发布后生成季度通报，并将 2 项重大逾期事项列入挂牌督办。通报发布后不能修改或撤回。').waitFor();
      await checkPage(page, 'supervisor-assessment-publish');
      await button(modal, '确认发布').click();
      await toast(page, '季度评估已发布');
      await page.getByText('已发布', { exact: true }).waitFor();
      await page.getByRole('button', { name: '打印通报' }).waitFor();
      await page.getByRole('button', { name: /发\s?布$/ }).waitFor({ state: 'detached' });
    });
  });
  describe('per-zone targets (指标完成)', () => {
    it('the zone’s liaison files October’s indicator report: four year-to-date figures, each required', async () => {
      const context = await newActor(browser, base, DESKTOP);
      const page = await context.newPage();
      await signIn(page, people.zone);
      await page.getByRole('menuitem', { name: '我的待办' }).click();
      const reports = page.getByRole('list', { name: '本月报送' });
      // Sixteen reports this month, ten a page: the indicator report (on no chain) is on the second.
      await page.locator('.ant-card', { has: reports }).locator('.ant-pagination').getByTitle('2', { exact: true }).click();
      await reports.getByRole('button', { name: '填报：工业经济指标月报 · 2026年10月' }).click();
      const drawer = page.getByRole('dialog');
      await drawer.getByText('填报工业经济指标月报（2026年10月）').waitFor();
      await drawer.getByText('指标累计完成（1 月至本月）').waitFor();
      // Nothing is sent while a figure is missing.
      await button(drawer, '提交月报').click();
      await drawer.getByText('请填写规上工业增加值增速').waitFor();
      await drawer.getByText('请填写规上工业新增入库企业数量').waitFor();
      await drawer.getByLabel('规上工业增加值增速', { exact: true }).fill('12.6');
      await drawer.getByLabel('规上制造业增加值增速', { exact: true }).fill('11.5');
      await drawer.getByLabel('规上工业新增入库企业数量', { exact: true }).fill('64');
      await drawer.getByLabel('工业投资增速', { exact: true }).fill('9');
      await drawer.getByLabel('情况说明', { exact: true }).fill('1—10月规上工业增加值增长12.6%，新增入库企业64户；工业投资受两个项目延期影响增长9%。');
      await checkPage(page, 'zone-indicator-report-form');
      await button(drawer, '提交月报').click();
      await toast(page, '月报已提交');
      await drawer.waitFor({ state: 'hidden' });
      await context.close();
    });

    it('the supervisor reads 指标完成: each unit’s 2021 targets, honestly labelled, against its latest figures', async () => {
      const context = await newActor(browser, base, DESKTOP);
      const page = await context.newPage();
      await signIn(page, people.supervisor);
      await page.getByRole('menuitem', { name: '指标完成' }).click();
      await expectTitle(page, '指标完成 - 督办');
      await page.getByText('目标来源：《郑州市2021年制造业高质量发展工作要点》附表1（2021年目标） 2026年尚未载入新的目标，沿用2021年目标。').waitFor();
      const table = page.getByRole('table', { name: '各单位指标完成情况' });
      await expectCount(table.locator('tbody tr.ant-table-row'), 16);
      // 高新区 (targets 12%, 12%, 60户, 12%) reported October: two met, two not.
      const gaoxin = table.locator('tbody tr.ant-table-row', { hasText: '高新区' });
      await gaoxin.getByText(/累计 12\.6%\s*\/\s*目标 12%/).waitFor();
      await gaoxin.getByText(/累计 64户\s*\/\s*目标 60户/).waitFor();
      await gaoxin.getByText('2026年10月').waitFor();
      await expectCount(gaoxin.getByText('达标', { exact: true }), 2);
      await expectCount(gaoxin.getByText('未达标', { exact: true }), 2);
      // 二七区 never reported.
      const erqi = table.locator('tbody tr.ant-table-row', { hasText: '二七区' });
      await expectCount(erqi.getByText('未报', { exact: true }), 5);
      await checkPage(page, 'supervisor-indicators');
      await context.close();
    });
  });
});
