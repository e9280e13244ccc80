/** The only source of "now" for domain and engine code; tests and the virtual clock replace it. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(now: Date): void {
    this.current = new Date(now.getTime());
  }
}
