/** Time is injected so tests can move it; never call Date.now() inside the domain. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
