// Which page a location shows for a session, including the redirects.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pageFor } from '../src/App.jsx';
import { parseQuery } from '../src/router.jsx';
import { Login } from '../src/views/Login.jsx';

const at = (href) => {
  const url = new URL(href, 'http://localhost');
  return { href, pathname: url.pathname, search: url.search, query: parseQuery(url.search) };
};
const signedOut = { token: null, user: null };
const customer = { token: 't', user: { id: 1, username: 'cara', role: 'customer' } };
const admin = { token: 't', user: { id: 2, username: 'ada', role: 'admin' } };

describe('pageFor', () => {
  test('a signed-out deep link goes to login, remembering where it was going', () => {
    assert.deepEqual(pageFor(at('/tickets/5?tab=x'), signedOut), {
      redirect: '/login?redirectTo=%2Ftickets%2F5%3Ftab%3Dx',
    });
  });

  test('after signing in, the login page forwards to redirectTo', () => {
    assert.deepEqual(pageFor(at('/login?redirectTo=%2Ftickets%2F5'), customer), { redirect: '/tickets/5' });
  });

  test('an unsafe redirectTo falls back to the dashboard', () => {
    assert.deepEqual(pageFor(at('/login?redirectTo=https%3A%2F%2Fevil.example'), customer), { redirect: '/tickets' });
  });

  test('signed-out visitors see the login page', () => {
    assert.equal(pageFor(at('/login'), signedOut).view, Login);
  });

  test('views receive their path parameters', () => {
    const detail = pageFor(at('/tickets/12'), customer);
    assert.deepEqual(detail.params, { id: '12' });
    assert.ok(detail.view);
  });

  test('customers may not open the users page; admins may', () => {
    assert.deepEqual(pageFor(at('/users'), customer), { forbidden: true });
    assert.ok(pageFor(at('/users'), admin).view);
  });

  test('the SLA and audit pages are for admins only', () => {
    const agent = { token: 't', user: { id: 3, username: 'alex', role: 'agent' } };
    for (const path of ['/admin/sla', '/admin/audit']) {
      assert.deepEqual(pageFor(at(path), customer), { forbidden: true });
      assert.deepEqual(pageFor(at(path), agent), { forbidden: true });
      assert.ok(pageFor(at(path), admin).view);
    }
  });

  test('the emails page is for admins only', () => {
    const agent = { token: 't', user: { id: 3, username: 'alex', role: 'agent' } };
    assert.deepEqual(pageFor(at('/admin/emails?status=failed'), customer), { forbidden: true });
    assert.deepEqual(pageFor(at('/admin/emails'), agent), { forbidden: true });
    assert.ok(pageFor(at('/admin/emails?status=failed'), admin).view);
    assert.deepEqual(pageFor(at('/admin/emails'), signedOut), { redirect: '/login?redirectTo=%2Fadmin%2Femails' });
  });

  test('asking for a reset link and using one need no sign-in, and work signed in too', () => {
    for (const path of ['/forgot-password', '/reset-password?token=abc']) {
      assert.ok(pageFor(at(path), signedOut).view, path);
      assert.ok(pageFor(at(path), customer).view, path);
    }
  });

  test('a token without a cached user waits for /api/auth/me', () => {
    assert.deepEqual(pageFor(at('/tickets'), { token: 't', user: null }), { pending: true });
  });

  test('unknown paths are not found', () => {
    assert.deepEqual(pageFor(at('/nope'), customer), { notFound: true });
  });
});
