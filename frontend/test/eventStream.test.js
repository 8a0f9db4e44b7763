// The live events: the Server-Sent Events parser, and api.openEvents reading the
// stream with fetch.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { ApiError, api } from '../src/api.js';
import { createEventParser } from '../src/eventStream.js';
import { clearSession, getSession, setSession } from '../src/session.js';
import { installBrowser } from './fakes.js';

// Every event and retry the parser reports for `chunks`, pushed one after another.
function parse(chunks, options = {}) {
  const seen = [];
  const parser = createEventParser({
    ...options,
    onEvent: (event) => seen.push(event),
    onRetry: (ms) => seen.push({ retry: ms }),
  });
  for (const chunk of chunks) parser.push(chunk);
  return { seen, parser };
}

const stream = [
  'retry: 3000\n: connected\n\n',
  'id: 1\nevent: ticket.created\ndata: {"ticket_id":1}\n\n',
  ': keep-alive\n\n',
  'id: 2\nevent: comment.created\ndata: {"ticket_id":1,\ndata: "comment":{"id":5}}\n\n',
].join('');
const expected = [
  { retry: 3000 },
  { id: '1', type: 'ticket.created', data: '{"ticket_id":1}' },
  { id: '2', type: 'comment.created', data: '{"ticket_id":1,\n"comment":{"id":5}}' },
];

describe('the event-stream parser', () => {
  test('reads events, their ids and names, and the retry time', () => {
    assert.deepEqual(parse([stream]).seen, expected);
  });

  test('gives the same events however the stream is cut into chunks', () => {
    const byCharacter = [...stream];
    assert.deepEqual(parse(byCharacter).seen, expected);
    for (let cut = 1; cut < stream.length; cut += 1) {
      assert.deepEqual(parse([stream.slice(0, cut), stream.slice(cut)]).seen, expected, `cut at ${cut}`);
    }
  });

  test('lines may end in CRLF, CR or LF, and a CRLF may be split between chunks', () => {
    const crlf = stream.replaceAll('\n', '\r\n');
    assert.deepEqual(parse([crlf]).seen, expected);
    assert.deepEqual(parse([...crlf]).seen, expected);
    assert.deepEqual(parse([stream.replaceAll('\n', '\r')]).seen, expected);
    // The CR closes the data line; the LF after it ends no second line (which would be an empty one).
    const { seen } = parse(['data: a\r', '\ndata: b\r', '\n\r', '\n']);
    assert.deepEqual(seen, [{ id: '', type: 'message', data: 'a\nb' }]);
  });

  test('comments and unknown fields are ignored; a block with no data is no event', () => {
    const { seen } = parse([': hello\nfoo: bar\n\nevent: lonely\n\ndata: x\n\n']);
    assert.deepEqual(seen, [{ id: '', type: 'message', data: 'x' }], 'the lonely event name went with its empty block');
  });

  test('data lines join with newlines; one space after the colon is dropped, no more', () => {
    const { seen } = parse(['data:first\ndata:  second\ndata\ndata:\n\n']);
    assert.deepEqual(seen, [{ id: '', type: 'message', data: 'first\n second\n\n' }]);
  });

  test('the last id stays with later events until another replaces it, and is there to resume from', () => {
    const { seen, parser } = parse([
      'id: 7\ndata: a\n\n',
      'data: b\n\n',
      'id: 9\n\n',
      'data: c\n\n',
      'id: bad\0id\ndata: d\n\n',
    ]);
    assert.deepEqual(seen.map((event) => [event.id, event.data]), [['7', 'a'], ['7', 'b'], ['9', 'c'], ['9', 'd']]);
    assert.equal(parser.lastEventId, '9');
    assert.equal(parse(['data: e\n\n'], { lastEventId: '41' }).seen[0].id, '41', 'a reconnection starts from the id it resumed after');
    assert.equal(parse(['id: 3\ndata: a\n\nid\ndata: b\n\n']).seen[1].id, '', 'an empty id clears it');
  });

  test('retry must be a whole number of milliseconds', () => {
    assert.deepEqual(parse(['retry: soon\nretry: 2.5\nretry: 1500\n\n']).seen, [{ retry: 1500 }]);
  });

  test('an event not yet ended by a blank line waits for the rest', () => {
    const { seen, parser } = parse(['data: half']);
    assert.deepEqual(seen, []);
    parser.push(' done\n\n');
    assert.deepEqual(seen, [{ id: '', type: 'message', data: 'half done' }]);
  });

  test('a byte-order mark at the start is skipped', () => {
    assert.deepEqual(parse(['\uFEFFdata: x\n\n']).seen, [{ id: '', type: 'message', data: 'x' }]);
  });
});

const user = { id: 7, username: 'cara', role: 'customer' };

describe('api.openEvents', () => {
  let browser;
  beforeEach(() => {
    browser = installBrowser('/tickets/5');
    clearSession();
    setSession({ token: 'secret-token', user });
  });

  test('sends the token in a header, never in the URL, and resumes after the last event', async () => {
    const body = browser.fetch.stream();
    body.end();
    await api.openEvents({ lastEventId: '41' });
    const [request] = browser.fetch.requests;
    assert.equal(request.url, '/api/events');
    assert.equal(request.headers.Authorization, 'Bearer secret-token');
    assert.equal(request.headers['Last-Event-ID'], '41');
    assert.equal(request.headers.Accept, 'text/event-stream');
    assert.ok(!request.url.includes('secret-token'));
  });

  test('a first connection names no last event', async () => {
    browser.fetch.stream().end();
    await api.openEvents({});
    assert.equal(browser.fetch.requests[0].headers['Last-Event-ID'], undefined);
  });

  test('delivers each event with its JSON read, as the chunks arrive, and ends with the stream', async () => {
    const body = browser.fetch.stream();
    const seen = [];
    let opened = 0;
    let activity = 0;
    const done = api.openEvents({
      onOpen: () => { opened += 1; },
      onActivity: () => { activity += 1; },
      onEvent: (event) => seen.push(event),
      onRetry: (ms) => seen.push({ retry: ms }),
    });
    body.send('retry: 3000\n: connected\n\nid: 4\nevent: comment.crea');
    body.send('ted\ndata: {"ticket_id":3,"comment":{"id":8,"text":"Hi"}}\r\n\r\n');
    body.send(': keep-alive\n\nid: 5\nevent: reset\ndata: {}\n\n');
    body.end();
    await done;
    assert.equal(opened, 1);
    assert.equal(activity, 3);
    assert.deepEqual(seen, [
      { retry: 3000 },
      { id: '4', type: 'comment.created', data: { ticket_id: 3, comment: { id: 8, text: 'Hi' } } },
      { id: '5', type: 'reset', data: {} },
    ]);
  });

  test('a 401 fails with an ApiError and signs out', async () => {
    browser.fetch.answer(401, { error: true, reason: 'Session expired' });
    const error = await api.openEvents({}).catch((failure) => failure);
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 401);
    assert.equal(getSession().token, null);
  });

  test('an unreachable server and a stream that breaks fail with status 0', async () => {
    browser.fetch.fail(new TypeError('Failed to fetch'));
    assert.equal((await api.openEvents({}).catch((failure) => failure)).status, 0);

    const body = browser.fetch.stream();
    const seen = [];
    const done = api.openEvents({ onEvent: (event) => seen.push(event.id) });
    body.send('id: 1\ndata: {}\n\n');
    // An error drops what is still queued in the stream: let the first event be read.
    await new Promise((resolve) => setImmediate(resolve));
    body.break();
    const error = await done.catch((failure) => failure);
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 0);
    assert.deepEqual(seen, ['1']);
  });

  test('aborting ends the stream with an AbortError', async () => {
    browser.fetch.stream();
    const controller = new AbortController();
    const done = api.openEvents({ signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const error = await done.catch((failure) => failure);
    assert.equal(error.name, 'AbortError');
  });
});
