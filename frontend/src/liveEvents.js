// One live connection per signed-in session, shared by every view that wants to
// hear of changes. It reconnects by itself after a network drop or a server
// restart, waiting longer after each failure, and resumes after the last event it
// saw (Last-Event-ID), so nothing is missed. A 401 ends it: api.js has signed out.
//
// States: 'idle' (not started), 'connecting', 'open', 'offline' (the last attempt
// failed or the stream broke; a retry is scheduled), 'signed-out'.
import { api } from './api.js';

const KEEP_ALIVE_MS = 15_000;

// `open` is api.openEvents; `timers`, `random` and `now` are injected by the tests.
export function createEventHub({
  open,
  timers = globalThis,
  random = Math.random,
  now = Date.now,
  firstDelay = 1000,
  maxDelay = 30_000,
  // Three keep-alives missed: the connection is dead even if no error says so.
  idleLimit = 3 * KEEP_ALIVE_MS,
}) {
  const listeners = new Set();
  const stateListeners = new Set();
  let state = 'idle';
  let running = false;
  let connection = null;
  let retryTimer = null;
  let lastEventId = '';
  let baseDelay = firstDelay;
  let failures = 0;
  let everOpened = false;

  function setState(next) {
    if (state === next) return;
    state = next;
    for (const listener of [...stateListeners]) listener();
  }

  // A listener that throws must not break the stream for the others; its error is
  // still reported, outside the stream's reading loop.
  function dispatch(event) {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        timers.setTimeout(() => { throw error; }, 0);
      }
    }
  }

  // Half to all of firstDelay (or the server's `retry:`) doubled per failure, at most maxDelay.
  function backoff() {
    const ceiling = Math.min(maxDelay, baseDelay * 2 ** Math.max(0, failures - 1));
    return Math.round(ceiling * (0.5 + random() / 2));
  }

  function schedule(delay) {
    timers.clearTimeout(retryTimer);
    retryTimer = timers.setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  }

  async function connect() {
    const controller = new AbortController();
    connection = controller;
    let idleTimer = null;
    const watch = () => {
      timers.clearTimeout(idleTimer);
      idleTimer = timers.setTimeout(() => controller.abort(), idleLimit);
    };
    let openedAt = null;
    let failed = false;
    watch();
    try {
      await open({
        lastEventId,
        signal: controller.signal,
        onActivity: watch,
        onRetry: (ms) => { baseDelay = Math.min(maxDelay, Math.max(firstDelay, ms)); },
        onOpen() {
          openedAt = now();
          failures = 0;
          // Reconnected with nothing to resume from: what was missed is unknown, so views reload.
          const missedUnknown = everOpened && !lastEventId;
          everOpened = true;
          setState('open');
          if (missedUnknown) dispatch({ id: '', type: 'reset', data: null });
        },
        onEvent(event) {
          if (event.id) lastEventId = event.id;
          dispatch(event);
        },
      });
    } catch (error) {
      if (connection === controller && error?.status === 401) {
        running = false;
        connection = null;
        setState('signed-out');
        return;
      }
      failed = true;
    } finally {
      timers.clearTimeout(idleTimer);
    }
    // Stopped, or replaced by a newer connection, meanwhile.
    if (connection !== controller) return;
    connection = null;
    // The server ended a stream that had been up a while (a sign-in elsewhere changed the
    // session, or it is shutting down): try again at once, which tells whether it is gone.
    if (!failed && openedAt !== null && now() - openedAt >= firstDelay) {
      setState('connecting');
      connect();
      return;
    }
    failures += 1;
    setState('offline');
    schedule(backoff());
  }

  return {
    getState: () => state,
    // `listener(event)` for every event; returns the function that stops it.
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribeState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    start() {
      if (running) return;
      running = true;
      failures = 0;
      setState('connecting');
      connect();
    },
    stop() {
      running = false;
      timers.clearTimeout(retryTimer);
      retryTimer = null;
      const current = connection;
      connection = null;
      current?.abort();
      setState('idle');
    },
    // After sign-out: the next session starts from the newest event, not where this one was.
    forget() {
      lastEventId = '';
      everOpened = false;
      baseDelay = firstDelay;
    },
    // The browser is back online: no need to wait out the backoff.
    retryNow() {
      if (!running || retryTimer === null) return;
      timers.clearTimeout(retryTimer);
      retryTimer = null;
      connect();
    },
  };
}

export const liveEvents = createEventHub({ open: api.openEvents });

globalThis.window?.addEventListener('online', () => liveEvents.retryNow());
