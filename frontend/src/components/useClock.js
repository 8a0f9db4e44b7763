// A shared clock that ticks while something on the page tells times relative to now
// ("5 min ago"), so those stay true without a reload. One timer for the whole page.
import { useSyncExternalStore } from 'react';

const TICK_MS = 30_000;
const listeners = new Set();
let ticks = 0;
let timer = null;

function tick() {
  ticks += 1;
  for (const listener of [...listeners]) listener();
}

function subscribe(listener) {
  listeners.add(listener);
  timer ??= setInterval(tick, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const getTicks = () => ticks;

// Re-renders the caller on every tick; it reads the time itself (Date.now()).
export function useClock() {
  useSyncExternalStore(subscribe, getTicks, getTicks);
}
