// Time is an argument (STYLE.md point 7): everything that needs "now" gets a Clock.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: the simulator replays 90 days in seconds with it. */
export class VirtualClock implements Clock {
  private current: number;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date): void {
    if (at.getTime() < this.current) throw new Error("a virtual clock never goes back in time");
    this.current = at.getTime();
  }

  advance(ms: number): Date {
    if (ms < 0) throw new Error("a virtual clock never goes back in time");
    this.current += ms;
    return this.now();
  }
}
