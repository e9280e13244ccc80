import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig, isShippedSecret } from '@duban/config';
import type { ChainRole } from '@duban/domain';
import {
  AuditService,
  AuthService,
  AuthUser,
  CalendarService,
  ChainsService,
  EvaluationsService,
  HORIZON_MS,
  ListItemsService,
  LoadSummary,
  MeetingsService,
  monthOf,
  NotificationsService,
  ObligationsService,
  PasswordHasher,
  ProblemsService,
  ProfileLoaderService,
  readProfile,
  ReconcilerService,
  SupervisionService,
  TasksService,
  toAuthUser,
  UnitsService,
} from '@duban/core';
import { EngineStateRepository, NewUserRow, ProfilesRepository, Transactions, UsersRepository } from '@duban/persistence';
import { ADMIN_LABEL, DEMO_ACCOUNTS, DEMO_PROFILE, DemoUsername } from './demo-accounts';
import { DemoClock } from './demo-clock';
import { demoStory, storyStart, StoryAction } from './demo-story';

/** The engine_state row that says this database has its demo. */
const MARKER = 'demo';
const ALL = { page: 1, pageSize: 200 };
/**
 * How often the demo materialises cadences while it steps: occurrences exist HORIZON_MS (40 days)
 * ahead, so a week's lag still creates each one a month before its first step, as the minute
 * tick would, and saves most of the seeding's time.
 */
const MATERIALISE_EVERY_MS = Math.min(7 * 86_400_000, HORIZON_MS / 4);

export interface DemoMarker {
  profile: string;
  from: string;
  to: string;
  seededAt: string;
}

export type DemoStatus = { kind: 'pending' } | { kind: 'present'; marker: DemoMarker } | { kind: 'unavailable'; reason: string };

/** What the seeded history holds, as the supervisor's lists count it. */
export interface DemoHistory {
  from: Date;
  to: Date;
  ms: number;
  /** Instants the clock stood at; engine steps run; story actions done and skipped (with why). */
  stops: number;
  steps: number;
  actions: number;
  skipped: string[];
  counts: Record<string, number>;
  /** Months whose ranking (月度评比通报) is published. */
  rankings: string[];
}

export interface SignIn {
  url: string;
  accounts: { username: string; password: string; label: string; displayName: string }[];
}

/**
 * The demo (DUBAN_DEMO=1): accounts for each user group, and a history made by the real engine
 * and the real services on a clock of the seed's own (see DemoClock), from three months back
 * to now, once per database. The accounts are inserted through the repository, not the users
 * service: their passwords are published, which the password policy rightly refuses; the demo
 * never runs in production (the configuration refuses DUBAN_DEMO=1 there).
 */
@Injectable()
export class DemoService {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly clock: DemoClock,
    private readonly config: AppConfig,
    private readonly engineState: EngineStateRepository,
    private readonly profiles: ProfilesRepository,
    private readonly loader: ProfileLoaderService,
    private readonly auth: AuthService,
    private readonly users: UsersRepository,
    private readonly transactions: Transactions,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly reconciler: ReconcilerService,
    private readonly calendars: CalendarService,
    private readonly units: UnitsService,
    private readonly chains: ChainsService,
    private readonly obligations: ObligationsService,
    private readonly tasks: TasksService,
    private readonly problems: ProblemsService,
    private readonly meetings: MeetingsService,
    private readonly lists: ListItemsService,
    private readonly notifications: NotificationsService,
    private readonly supervision: SupervisionService,
    private readonly evaluations: EvaluationsService,
  ) {}

  /** Whether seeding `profile` makes the demo now, finds it made, or cannot make it. */
  async status(profile: string): Promise<DemoStatus> {
    const marker = await this.engineState.fact<DemoMarker>(MARKER);
    if (marker) return { kind: 'present', marker };
    const name = readProfile(profile).doc.profile;
    if (name !== DEMO_PROFILE) return { kind: 'unavailable', reason: `the demo is written for profile ${DEMO_PROFILE}, not ${name}` };
    const loaded = await this.profiles.loaded(name);
    if (loaded) {
      return {
        kind: 'unavailable',
        reason: `profile ${name} was loaded on ${DateTime.fromJSDate(loaded.loadedAt, { zone: loaded.timezone }).toFormat('yyyy-MM-dd HH:mm')} without the demo, whose history must start with the profile; seed into a new database (e.g. drop ${this.config.database.database} and run migrate and seed again)`,
      };
    }
    return { kind: 'pending' };
  }

  /** Loads the profile three months back and lives through the months since, up to now. Call only when status() is pending. */
  async seed(profile: string): Promise<{ summary: LoadSummary; history: DemoHistory }> {
    const began = performance.now();
    const end = this.clock.now();
    const zone = readProfile(profile).doc.timezone;
    const start = storyStart(end, zone);
    this.clock.set(start);
    const summary = await this.loader.load(profile);
    await this.auth.ensureAdmin();
    const units = new Map((await this.units.list({}, ALL)).items.map((u) => [u.name, u.id]));
    const chains = new Map((await this.chains.list({}, ALL)).items.map((c) => [c.name, c.id]));
    const people = await this.createDemoAccounts(units, chains);
    await this.reconciler.tick(); // the first months' obligations, meetings and runs
    const owingUnits = await this.owingUnits(people.ducha, units, zone);
    const actors = await this.createLiaisons(owingUnits, people);
    const story = demoStory({
      calendar: await this.calendars.calendar(),
      start,
      end,
      zone,
      unit: (name) => must(units.get(name), `unit ${name}`),
      chain: (name) => must(chains.get(name), `chain ${name}`),
      chainName: (id) => [...chains].find(([, chainId]) => chainId === id)?.[0] ?? '',
      people,
      actorOf: (unitId) => must(actors.get(unitId), `an account of unit ${unitId}`),
      owingUnits,
      services: { obligations: this.obligations, tasks: this.tasks, problems: this.problems, meetings: this.meetings, lists: this.lists, notifications: this.notifications },
    });
    const lived = await this.live(story, start, end);
    // Catch up with the real now, then hand over to real time: the api, scheduler and workers go on from here.
    this.clock.set(new Date(Math.max(Date.now(), this.clock.now().getTime())));
    lived.steps += (await this.reconciler.tick()).steps;
    this.clock.release();
    const marker: DemoMarker = { profile: summary.profile, from: start.toISOString(), to: end.toISOString(), seededAt: new Date().toISOString() };
    await this.engineState.recordFact(MARKER, marker);
    const history: DemoHistory = { from: start, to: end, ms: Math.round(performance.now() - began), ...lived, ...(await this.tally(people.ducha, start, zone)) };
    return { summary, history };
  }

  /** Where to sign in, and as whom. */
  signIn(): SignIn {
    const admin = this.config.auth.adminPassword;
    return {
      url: `http://localhost:${this.config.http.apiPort}/`,
      accounts: [
        // The admin's password is printed only when it is a published one anyway.
        { username: 'admin', password: isShippedSecret(admin) ? admin : '（.env 中的 DUBAN_ADMIN_PASSWORD）', label: ADMIN_LABEL, displayName: '系统管理员' },
        ...DEMO_ACCOUNTS.map((a) => ({ username: a.username, password: a.password, label: a.label, displayName: a.displayName })),
      ],
    };
  }

  /**
   * Steps the clock from one instant that matters to the next — an engine step or run, or a
   * person's action — and at each does what is due (steps, scoring; materialising weekly) and then what
   * the people do. An action the services refuse is reported and skipped.
   */
  private async live(story: StoryAction[], start: Date, end: Date): Promise<{ stops: number; steps: number; actions: number; skipped: string[] }> {
    const done = { stops: 0, steps: 0, actions: 0, skipped: [] as string[] };
    let now = start;
    let materialised = start;
    let i = 0;
    for (;;) {
      const candidates = [await this.reconciler.nextInstant(now), story[i]?.at].filter((t): t is Date => t instanceof Date);
      if (candidates.length === 0) break;
      const next = new Date(Math.min(...candidates.map((t) => t.getTime())));
      if (next.getTime() > end.getTime()) break;
      this.clock.set(next);
      now = next;
      done.stops += 1;
      if (now.getTime() - materialised.getTime() >= MATERIALISE_EVERY_MS) {
        done.steps += (await this.reconciler.tick()).steps;
        materialised = now;
      } else {
        // The scheduler's tick without materialising: what it would add now already exists.
        done.steps += (await this.reconciler.reconcile()).steps;
        await this.evaluations.runDue();
      }
      for (; i < story.length && story[i].at.getTime() <= now.getTime(); i++) {
        try {
          await story[i].run();
          done.actions += 1;
        } catch (error) {
          const why = `${story[i].what} at ${story[i].at.toISOString()}: ${(error as Error).message}`;
          this.logger.warn(`skipped ${why}`);
          done.skipped.push(why);
        }
      }
    }
    return done;
  }

  private async createDemoAccounts(units: Map<string, number>, chains: Map<string, number>): Promise<Record<DemoUsername, AuthUser>> {
    const hashes = new Map<string, string>();
    for (const a of DEMO_ACCOUNTS) if (!hashes.has(a.password)) hashes.set(a.password, await this.hasher.hash(a.password));
    const people = {} as Record<DemoUsername, AuthUser>;
    for (const a of DEMO_ACCOUNTS) {
      people[a.username as DemoUsername] = await this.createAccount(
        {
          username: a.username,
          passwordHash: hashes.get(a.password)!,
          displayName: a.displayName,
          unitId: a.unit ? must(units.get(a.unit), `unit ${a.unit}`) : null,
          roles: a.roles,
        },
        a.chain ? [{ chainId: must(chains.get(a.chain.name), `chain ${a.chain.name}`), role: a.chain.role }] : [],
      );
    }
    return people;
  }

  /**
   * One liaison for each owing unit that has no demo account: they file the reports and do the
   * tasks of the story. Their password is random and unpublished (an admin may reset it).
   */
  private async createLiaisons(owing: { id: number; name: string }[], people: Record<DemoUsername, AuthUser>): Promise<Map<number, AuthUser>> {
    const actors = new Map<number, AuthUser>();
    for (const person of Object.values(people)) if (person.unitId !== null && !person.roles.includes('SUPERVISOR')) actors.set(person.unitId, person);
    const passwordHash = await this.hasher.hash(randomBytes(24).toString('base64url'));
    for (const unit of owing) {
      if (actors.has(unit.id)) continue;
      actors.set(
        unit.id,
        await this.createAccount({ username: `liaison-${unit.id}`, passwordHash, displayName: `${unit.name}联络员`, unitId: unit.id, roles: ['UNIT_LIAISON'] }, []),
      );
    }
    return actors;
  }

  private createAccount(row: NewUserRow, chains: { chainId: number; role: ChainRole }[]): Promise<AuthUser> {
    return this.transactions.run(async (tx) => {
      const id = await this.users.insert(tx, row);
      await this.users.linkChains(tx, { id, displayName: row.displayName }, chains);
      await this.audit.record(tx, null, {
        action: 'user.create',
        target: 'user',
        targetId: id,
        after: { username: row.username, displayName: row.displayName, unitId: row.unitId, roles: row.roles, chains, demo: true },
      });
      return toAuthUser((await this.users.find(id, tx))!);
    });
  }

  /** The units that owe the first month's reports, as the supervisor's list shows them. */
  private async owingUnits(supervisor: AuthUser, units: Map<string, number>, zone: string): Promise<{ id: number; name: string }[]> {
    const period = monthOf(this.clock.now(), zone);
    const ids = new Set<number>();
    for (let page = 1; ; page++) {
      const { items } = await this.obligations.list(supervisor, { period }, { page, pageSize: 200 });
      for (const o of items) ids.add(o.unitId);
      if (items.length < 200) break;
    }
    return [...units].filter(([, id]) => ids.has(id)).map(([name, id]) => ({ id, name }));
  }

  /** What the supervisor's lists count after the history. */
  private async tally(supervisor: AuthUser, start: Date, zone: string): Promise<Pick<DemoHistory, 'counts' | 'rankings'>> {
    const one = { page: 1, pageSize: 1 };
    const obligations = (filter: Parameters<ObligationsService['list']>[1]) => this.obligations.list(supervisor, filter, one).then((p) => p.total);
    const counts: Record<string, number> = {
      reportsOnTime: await obligations({ state: 'SUBMITTED', timeliness: 'ON_TIME' }),
      reportsLate: await obligations({ state: 'SUBMITTED', timeliness: 'LATE' }),
      reportsMissing: await obligations({ state: 'OPEN', timeliness: 'OVERDUE' }),
      reportsOpen: await obligations({ state: 'OPEN' }),
    };
    for (const level of [1, 2, 3]) counts[`supervisionOpenLevel${level}`] = (await this.supervision.list(supervisor, { open: true, level }, one)).total;
    counts.supervisionClosed = (await this.supervision.list(supervisor, { open: false }, one)).total;
    for (const state of ['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'] as const)
      counts[`problems${pascal(state)}`] = (await this.problems.list(supervisor, { state }, one)).total;
    for (const state of ['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'DONE'] as const)
      counts[`tasks${pascal(state)}`] = (await this.tasks.list(supervisor, { state: [state] }, one)).total;
    counts.tasksOnTime = (await this.tasks.list(supervisor, { timeliness: 'ON_TIME' }, one)).total;
    counts.tasksLate = (await this.tasks.list(supervisor, { timeliness: 'LATE' }, one)).total;
    const meetings = await this.meetings.list({ from: start }, ALL);
    counts.meetingsHeld = meetings.items.filter((m) => m.state === 'HELD').length;
    counts.meetingsScheduledPast = meetings.items.filter((m) => m.state === 'SCHEDULED' && Date.parse(m.scheduledAt) < Date.now()).length;
    const rankings: string[] = [];
    for (let month = DateTime.fromJSDate(start, { zone }).startOf('month'); month.toMillis() < Date.now(); month = month.plus({ months: 1 })) {
      const period = month.toFormat('yyyy-MM');
      if (
        await this.evaluations.month(period).then(
          () => true,
          () => false,
        )
      )
        rankings.push(period);
    }
    return { counts, rankings };
  }
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the demo needs ${what}, which profile ${DEMO_PROFILE} no longer has`);
  return value;
}

function pascal(state: string): string {
  return state
    .toLowerCase()
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}
