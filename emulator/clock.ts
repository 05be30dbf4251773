/**
 * The emulator's clock: real time plus an offset that can be moved (time travel), so
 * birthday, expiry and timer flows can be shown and tested. The offset lives in a
 * SharedArrayBuffer that every function instance reads, so a move is seen everywhere at once.
 */
export type EmulatorClock = {
  now(): number;
  /** jump to an absolute time (epoch ms) */
  set(ts: number): void;
  advance(ms: number): void;
  /** back to real time */
  reset(): void;
  offset(): number;
  buffer: SharedArrayBuffer;
};

export function createClock(initialOffsetMs = 0): EmulatorClock {
  const buffer = new SharedArrayBuffer(8);
  const offset = new Float64Array(buffer);
  offset[0] = initialOffsetMs;
  return {
    now: () => Date.now() + offset[0],
    set: (ts) => {
      offset[0] = ts - Date.now();
    },
    advance: (ms) => {
      offset[0] += ms;
    },
    reset: () => {
      offset[0] = 0;
    },
    offset: () => offset[0],
    buffer,
  };
}
