/** Schedules `fire` after `ms`; returns a cancel. Injected so tests drive deadlines without waiting. */
export type Timer = (ms: number, fire: () => void) => () => void;

export const realTimer: Timer = (ms, fire) => {
  const handle = setTimeout(fire, ms);
  handle.unref();
  return () => clearTimeout(handle);
};
