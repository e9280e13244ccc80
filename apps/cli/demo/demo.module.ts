import { DynamicModule, Module } from '@nestjs/common';
import { PROCESS_CLOCK } from '@duban/core';
import { DemoClock } from './demo-clock';
import { DemoService } from './demo.service';

/** The demo's seeding, and its clock as the clock of the whole (seed) process. */
@Module({})
export class DemoModule {
  static register(clock: DemoClock): DynamicModule {
    return {
      module: DemoModule,
      global: true,
      providers: [{ provide: PROCESS_CLOCK, useValue: clock }, { provide: DemoClock, useValue: clock }, DemoService],
      exports: [PROCESS_CLOCK, DemoService],
    };
  }
}
