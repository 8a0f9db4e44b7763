import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { api } from '../src/api.js';
import { clearSession, setSession } from '../src/session.js';
import {
  USER_SEARCH_MAX, emptyNewUser, newUserRequest, userAddedMessage, userSearchFromQuery, validateNewUser,
} from '../src/users.js';
import { installBrowser } from './fakes.js';

const admin = { id: 1, username: 'ada', email: 'ada@example.com', role: 'admin', created_at: '2024-01-01T00:00:00Z' };
let browser;

beforeEach(() => {
  browser = installBrowser('/users');
  clearSession();
  setSession({ token: 'abc', user: admin });
});

describe('the users search in the address', () => {
  test('is the trimmed ?q=', () => {
    assert.equal(userSearchFromQuery({ q: '  rita ' }), 'rita');
  });

  test('is empty when missing or not a string', () => {
    assert.equal(userSearchFromQuery({}), '');
    assert.equal(userSearchFromQuery(undefined), '');
    assert.equal(userSearchFromQuery({ q: ['a', 'b'] }), '');
  });

  test('is cut to what the server accepts', () => {
    assert.equal(userSearchFromQuery({ q: 'x'.repeat(300) }).length, USER_SEARCH_MAX);
  });
});

describe('a new user', () => {
  test('is sent trimmed, without an empty password', () => {
    assert.deepEqual(
      newUserRequest({ ...emptyNewUser, username: ' bo ', email: ' bo@example.com ', role: 'agent' }),
      { username: 'bo', email: 'bo@example.com', role: 'agent' },
    );
  });

  test('keeps a password as typed', () => {
    assert.deepEqual(
      newUserRequest({ username: 'bo', email: 'bo@example.com', role: 'customer', password: ' secret pass ' }),
      { username: 'bo', email: 'bo@example.com', role: 'customer', password: ' secret pass ' },
    );
  });

  test('needs a username and an email, not a password', () => {
    assert.deepEqual(Object.keys(validateNewUser(emptyNewUser)).sort(), ['email', 'username']);
    assert.deepEqual(validateNewUser({ ...emptyNewUser, username: 'bo', email: 'bo@example.com' }), {});
  });

  test('is announced with how they will sign in', () => {
    assert.match(userAddedMessage({ username: 'bo' }, { withPassword: false }), /bo was added\. They will get an email/);
    assert.match(userAddedMessage({ username: 'bo' }, { withPassword: true }), /password you chose/);
  });
});

describe('users api', () => {
  test('a page of users puts role, q and cursor in the query, leaving out empty ones', async () => {
    browser.fetch.answer(200, { items: [], next_cursor: null });
    browser.fetch.answer(200, { items: [], next_cursor: null });
    await api.listUserPage({ q: 'rita', cursor: 'c2', role: '', limit: 50 });
    await api.listUserPage();
    assert.equal(browser.fetch.requests[0].url, '/api/users?q=rita&cursor=c2');
    assert.equal(browser.fetch.requests[1].url, '/api/users');
    assert.equal(browser.fetch.requests[0].headers.Authorization, 'Bearer abc');
  });

  test('adding a user is a POST of the account', async () => {
    const created = { ...admin, id: 9, username: 'bo', role: 'customer', active: true };
    browser.fetch.answer(201, created);
    assert.deepEqual(await api.createUser({ username: 'bo', email: 'bo@example.com', role: 'customer' }), created);
    const [request] = browser.fetch.requests;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/api/users');
    assert.deepEqual(JSON.parse(request.body), { username: 'bo', email: 'bo@example.com', role: 'customer' });
  });

  test('a 422 on adding brings the field errors', async () => {
    browser.fetch.answer(422, { error: true, reason: 'Invalid', fields: { username: 'must be 3-32 characters' } });
    const error = await api.createUser({ username: 'b', email: 'b@example.com', role: 'customer' }).then(
      () => assert.fail('expected a 422'),
      (failure) => failure,
    );
    assert.equal(error.status, 422);
    assert.deepEqual(error.fields, { username: 'must be 3-32 characters' });
  });

  test('deactivating and reactivating PATCH only `active`', async () => {
    browser.fetch.answer(200, { ...admin, id: 4, active: false });
    browser.fetch.answer(200, { ...admin, id: 4, active: true });
    await api.setUserActive(4, false);
    await api.setUserActive(4, true);
    const [off, on] = browser.fetch.requests;
    assert.equal(off.method, 'PATCH');
    assert.equal(off.url, '/api/users/4');
    assert.deepEqual(JSON.parse(off.body), { active: false });
    assert.deepEqual(JSON.parse(on.body), { active: true });
  });

  test('the last admin\'s refusal keeps the server\'s reason', async () => {
    browser.fetch.answer(409, { error: true, reason: 'This is the last active admin: they cannot be deactivated' });
    const error = await api.setUserActive(1, false).then(() => assert.fail('expected a 409'), (failure) => failure);
    assert.equal(error.status, 409);
    assert.match(error.reason, /last active admin/);
  });
});
