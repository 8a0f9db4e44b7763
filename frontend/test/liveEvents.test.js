// The live connection: reconnecting with backoff, resuming after the last event,
// stopping on sign-out, and the state the page shows. Time is a fake clock.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEventHub } from '../src/liveEvents.js';

const flush = () => new Promise((resolve) => setImmediate(resolve));

// setTimeout and clearTimeout on a clock that moves only when told.
function fakeClock() {
  let now = 0;
  let nextId = 1;
  const timers = new Map();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (id) => timers.delete(id),
    // Runs every timer due within `ms`, in order, letting promises settle after each.
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await flush();
      }
      now = end;
    },
  };
}

class AbortError extends Error {
  name = 'AbortError';
}

// Stands in for api.openEvents: each call is a connection the test accepts, feeds,
// ends or breaks.
function fakeServer() {
  const connections = [];
  const open = (options) => new Promise((resolve, reject) => {
    const connection = {
      options,
      accept: () => options.onOpen(),
      send: (event) => {
        options.onActivity();
        options.onEvent(event);
      },
      keepAlive: () => options.onActivity(),
      retry: (ms) => options.onRetry(ms),
      end: resolve,
      fail: (status = 0) => reject(Object.assign(new Error('failed'), { status })),
      aborted: false,
    };
    options.signal.addEventListener('abort', () => {
      connection.aborted = true;
      reject(new AbortError());
    });
    connections.push(connection);
  });
  return { open, connections, last: () => connections[connections.length - 1] };
}

// A hub on a fake clock whose jitter is always the full delay (random() = 1) unless told.
function setUp({ random = () => 1 } = {}) {
  const clock = fakeClock();
  const server = fakeServer();
  const hub = createEventHub({ open: server.open, timers: clock, now: clock.now, random });
  const events = [];
  hub.subscribe((event) => events.push(event));
  return { clock, server, hub, events };
}

// After a failure at `clock`'s time, how long until the next connection attempt.
async function nextAttemptAfter(clock, server) {
  const before = server.connections.length;
  const start = clock.now();
  for (let waited = 0; waited <= 60_000; waited += 250) {
    await clock.advance(250);
    if (server.connections.length > before) return clock.now() - start;
  }
  return null;
}

describe('the live event hub', () => {
  test('connects, passes every event to each listener, and says it is open', async () => {
    const { server, hub, events } = setUp();
    const states = [];
    hub.subscribeState(() => states.push(hub.getState()));
    hub.start();
    assert.equal(hub.getState(), 'connecting');
    assert.equal(server.connections.length, 1);
    assert.equal(server.last().options.lastEventId, '');
    server.last().accept();
    server.last().send({ id: '3', type: 'ticket.created', data: { ticket_id: 1 } });
    assert.deepEqual(events, [{ id: '3', type: 'ticket.created', data: { ticket_id: 1 } }]);
    assert.deepEqual(states, ['connecting', 'open']);
    hub.stop();
  });

  test('a failed attempt is offline and retried after 1 s, doubling per failure up to 30 s', async () => {
    const { clock, server, hub } = setUp();
    hub.start();
    const waits = [];
    for (let failure = 0; failure < 7; failure += 1) {
      server.last().fail();
      await flush();
      assert.equal(hub.getState(), 'offline');
      waits.push(await nextAttemptAfter(clock, server));
    }
    assert.deepEqual(waits, [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    hub.stop();
  });

  test('the wait is jittered between half and all of the delay', async () => {
    const { clock, server, hub } = setUp({ random: () => 0 });
    hub.start();
    server.last().fail();
    await flush();
    assert.equal(await nextAttemptAfter(clock, server), 500);
    server.last().fail();
    await flush();
    assert.equal(await nextAttemptAfter(clock, server), 1000);
    hub.stop();
  });

  test('a connection that opens starts the backoff afresh', async () => {
    const { clock, server, hub } = setUp();
    hub.start();
    server.last().fail();
    await flush();
    await nextAttemptAfter(clock, server);
    server.last().fail();
    await flush();
    assert.equal(await nextAttemptAfter(clock, server), 2000);
    server.last().accept();
    server.last().fail();
    await flush();
    assert.equal(await nextAttemptAfter(clock, server), 1000);
    hub.stop();
  });

  test('the server\'s retry: sets the first delay', async () => {
    const { clock, server, hub } = setUp();
    hub.start();
    server.last().accept();
    server.last().retry(3000);
    server.last().fail();
    await flush();
    assert.equal(await nextAttemptAfter(clock, server), 3000);
    server.last().fail();
    await flush();
    assert.equal(await nextAttemptAfter(clock, server), 6000);
    hub.stop();
  });

  test('reconnects after a drop with the last event id, so the server replays what was missed', async () => {
    const { clock, server, hub, events } = setUp();
    hub.start();
    server.last().accept();
    server.last().send({ id: '7', type: 'comment.created', data: {} });
    server.last().send({ id: '8', type: 'comment.created', data: {} });
    server.last().fail();
    await flush();
    await nextAttemptAfter(clock, server);
    assert.equal(server.last().options.lastEventId, '8');
    server.last().accept();
    assert.equal(hub.getState(), 'open');
    assert.equal(events.length, 2, 'no reset: the server replays from the id');
    hub.stop();
  });

  test('a stream the server ends after a while is reopened at once, without going offline', async () => {
    const { clock, server, hub } = setUp();
    const states = [];
    hub.subscribeState(() => states.push(hub.getState()));
    hub.start();
    server.last().accept();
    await clock.advance(5000);
    server.last().end();
    await flush();
    assert.equal(server.connections.length, 2);
    assert.deepEqual(states, ['connecting', 'open', 'connecting']);
    // A server that ends streams as soon as they open is not hammered.
    server.last().accept();
    server.last().end();
    await flush();
    assert.equal(hub.getState(), 'offline');
    assert.equal(await nextAttemptAfter(clock, server), 1000);
    hub.stop();
  });

  test('a reconnection with no event id to resume from tells the views to reload', async () => {
    const { clock, server, hub, events } = setUp();
    hub.start();
    server.last().accept();
    assert.deepEqual(events, [], 'the first connection is no reconnection');
    server.last().fail();
    await flush();
    await nextAttemptAfter(clock, server);
    server.last().accept();
    assert.deepEqual(events.map((event) => event.type), ['reset']);
    hub.stop();
  });

  test('a 401 ends it for good: the user is signed out', async () => {
    const { clock, server, hub } = setUp();
    hub.start();
    server.last().fail(401);
    await flush();
    assert.equal(hub.getState(), 'signed-out');
    await clock.advance(120_000);
    assert.equal(server.connections.length, 1);
  });

  test('stop closes the connection and cancels the retry; start opens a new one', async () => {
    const { clock, server, hub } = setUp();
    hub.start();
    server.last().accept();
    hub.stop();
    await flush();
    assert.equal(server.last().aborted, true);
    assert.equal(hub.getState(), 'idle');
    await clock.advance(120_000);
    assert.equal(server.connections.length, 1);

    hub.start();
    server.last().fail();
    await flush();
    hub.stop();
    await clock.advance(120_000);
    assert.equal(server.connections.length, 2);
  });

  test('a connection silent for three keep-alives is taken for dead and replaced', async () => {
    const { clock, server, hub } = setUp();
    hub.start();
    server.last().accept();
    await clock.advance(40_000);
    server.last().keepAlive();
    await clock.advance(40_000);
    assert.equal(server.connections.length, 1, 'keep-alives hold it open');
    await clock.advance(5_000);
    assert.equal(server.connections[0].aborted, true);
    assert.equal(hub.getState(), 'offline');
    assert.equal(await nextAttemptAfter(clock, server), 1000);
    hub.stop();
  });

  test('back online, it tries at once instead of waiting out the backoff', async () => {
    const { server, hub } = setUp();
    hub.start();
    server.last().fail();
    await flush();
    hub.retryNow();
    assert.equal(server.connections.length, 2);
    hub.retryNow();
    assert.equal(server.connections.length, 2, 'nothing to hurry while an attempt is on its way');
    hub.stop();
  });

  test('after forget, the next session starts from the newest event', async () => {
    const { clock, server, hub } = setUp();
    hub.start();
    server.last().accept();
    server.last().send({ id: '12', type: 'ticket.updated', data: {} });
    hub.stop();
    hub.forget();
    hub.start();
    assert.equal(server.last().options.lastEventId, '');
    hub.stop();
    await clock.advance(1);
  });

  test('a listener that throws does not keep the event from the others', async () => {
    const { server, hub, events } = setUp();
    hub.subscribe(() => { throw new Error('view bug'); });
    const unsubscribe = hub.subscribe(() => events.push('second'));
    hub.start();
    server.last().accept();
    server.last().send({ id: '1', type: 'ticket.created', data: {} });
    assert.equal(events.length, 2);
    unsubscribe();
    server.last().send({ id: '2', type: 'ticket.created', data: {} });
    assert.equal(events.length, 3);
    hub.stop();
  });
});
