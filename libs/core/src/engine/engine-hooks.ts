import { Injectable, Logger } from '@nestjs/common';

/**
 * A context the deadline engine wakes: it registers with {@link EngineHooks} (in its
 * `onModuleInit`), so that the engine imports none of the contexts it calls back.
 */
export interface EngineHook {
  /** Names the hook in logs. */
  readonly name: string;
  /** After each reconciliation, and after a sweep that ran steps: e.g. deliveries of the notifications the steps wrote. */
  afterSteps?(): Promise<unknown>;
  /** Once per scheduler tick, after the steps of its time: work that falls due like steps (scoring, assessments). */
  afterTick?(): Promise<unknown>;
}

/** The contexts the engine calls back, in the order they registered. */
@Injectable()
export class EngineHooks {
  private readonly logger = new Logger(EngineHooks.name);
  private readonly hooks: EngineHook[] = [];

  register(hook: EngineHook): void {
    if (this.hooks.some((h) => h.name === hook.name)) throw new Error(`engine hook ${hook.name} is registered twice`);
    this.hooks.push(hook);
  }

  async afterSteps(): Promise<void> {
    for (const hook of this.hooks) await hook.afterSteps?.();
  }

  async afterTick(): Promise<void> {
    for (const hook of this.hooks) await hook.afterTick?.();
  }

  /** The hooks registered, by name (what a process's engine will wake). */
  names(): string[] {
    return this.hooks.map((h) => h.name);
  }
}
