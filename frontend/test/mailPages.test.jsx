// The sign-in pages' way to a new password, as first rendered.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderToStaticMarkup } from 'react-dom/server';
import { Login } from '../src/views/Login.jsx';
import { ResetPassword } from '../src/views/ResetPassword.jsx';

describe('password reset pages', () => {
  test('the sign-in page links to the forgotten-password page', () => {
    const html = renderToStaticMarkup(<Login query={{}} />);
    assert.match(html, /<a href="\/forgot-password">Forgot password\?<\/a>/);
  });

  test('a reset link without its token says so, offers a new link and cannot be sent', () => {
    const html = renderToStaticMarkup(<ResetPassword query={{}} />);
    assert.match(html, /role="alert">This link is incomplete[^<]*<a href="\/forgot-password">Ask for a new link<\/a>/);
    assert.match(html, /<button type="submit"[^>]* disabled=""/);
  });

  test('a reset link with its token asks for the new password twice', () => {
    const html = renderToStaticMarkup(<ResetPassword query={{ token: 'abc' }} />);
    assert.doesNotMatch(html, /role="alert"/);
    assert.match(html, />New password</);
    assert.match(html, />Repeat new password</);
    assert.doesNotMatch(html, /disabled=""/);
  });
});
