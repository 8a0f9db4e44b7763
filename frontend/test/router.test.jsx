import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { renderToStaticMarkup } from 'react-dom/server';
import {
  Link,
  buildQuery,
  currentLocation,
  definePath,
  matchPath,
  navigate,
  parseQuery,
  resolveRoute,
  safeRedirect,
} from '../src/router.jsx';
import { routes } from '../src/routes.js';
import { installBrowser } from './fakes.js';

describe('definePath().href', () => {
  test('fills path parameters', () => {
    assert.equal(definePath('/tickets/:id').href({ id: 42 }), '/tickets/42');
  });

  test('encodes parameters so they stay one segment', () => {
    assert.equal(definePath('/files/:name').href({ name: 'a b/c' }), '/files/a%20b%2Fc');
  });

  test('appends a query string, skipping empty values', () => {
    assert.equal(
      routes.tickets.href({}, { status: 'open', q: 'printer jam', priority: '', assignee: undefined }),
      '/tickets?status=open&q=printer+jam',
    );
  });

  test('refuses to build a path with a missing parameter', () => {
    assert.throws(() => routes.ticket.href({}), /Missing parameter "id"/);
  });

  test('builds the root path', () => {
    assert.equal(routes.home.href(), '/');
  });
});

describe('matchPath', () => {
  test('captures parameters', () => {
    assert.deepEqual(matchPath('/tickets/:id', '/tickets/17'), { id: '17' });
  });

  test('decodes captured parameters', () => {
    assert.deepEqual(matchPath('/files/:name', '/files/a%20b'), { name: 'a b' });
  });

  test('ignores a trailing slash', () => {
    assert.deepEqual(matchPath('/users', '/users/'), {});
  });

  test('does not match a different or longer path', () => {
    assert.equal(matchPath('/tickets/:id', '/tickets'), null);
    assert.equal(matchPath('/tickets/:id', '/tickets/1/comments'), null);
    assert.equal(matchPath('/users', '/tickets'), null);
  });

  test('rejects malformed escapes instead of throwing', () => {
    assert.equal(matchPath('/files/:name', '/files/%E0%A4%A'), null);
  });

  test('round-trips with href', () => {
    const href = routes.ticket.href({ id: 'x y' });
    assert.deepEqual(matchPath(routes.ticket.path, href), { id: 'x y' });
  });
});

describe('resolveRoute', () => {
  const table = [
    { route: routes.newTicket, name: 'new' },
    { route: routes.ticket, name: 'detail' },
    { route: routes.tickets, name: 'list' },
  ];

  test('picks the first matching entry', () => {
    assert.equal(resolveRoute(table, '/tickets/new').entry.name, 'new');
    assert.equal(resolveRoute(table, '/tickets/5').entry.name, 'detail');
    assert.deepEqual(resolveRoute(table, '/tickets/5').params, { id: '5' });
  });

  test('returns null when nothing matches', () => {
    assert.equal(resolveRoute(table, '/nowhere'), null);
  });
});

describe('query strings', () => {
  test('parse and build are inverse', () => {
    const query = { status: 'open', q: 'a&b' };
    assert.deepEqual(parseQuery(buildQuery(query)), query);
  });

  test('an empty query builds nothing', () => {
    assert.equal(buildQuery({ q: '' }), '');
  });
});

describe('safeRedirect', () => {
  test('keeps same-origin paths', () => {
    assert.equal(safeRedirect('/tickets/3?x=1', '/'), '/tickets/3?x=1');
  });

  test('rejects other origins and odd values', () => {
    for (const target of ['https://evil.example', '//evil.example', '/\\evil.example', 'tickets', undefined, 42]) {
      assert.equal(safeRedirect(target, '/tickets'), '/tickets', String(target));
    }
  });
});

describe('navigation', () => {
  let browser;
  beforeEach(() => {
    browser = installBrowser('/tickets');
  });

  test('navigate pushes a history entry', () => {
    navigate('/tickets/3');
    assert.equal(currentLocation(), '/tickets/3');
    assert.deepEqual(browser.window.calls, [['push', '/tickets/3']]);
  });

  test('navigate with replace does not add an entry', () => {
    navigate('/login?redirectTo=%2Ftickets', { replace: true });
    assert.equal(currentLocation(), '/login?redirectTo=%2Ftickets');
    assert.deepEqual(browser.window.calls, [['replace', '/login?redirectTo=%2Ftickets']]);
  });

  test('navigating to the current location adds no duplicate entry', () => {
    navigate('/tickets');
    assert.deepEqual(browser.window.calls, []);
  });

  test('back/forward changes are read from the window location', () => {
    navigate('/tickets/3');
    browser.window.goBackTo('/tickets');
    assert.equal(currentLocation(), '/tickets');
  });
});

describe('Link', () => {
  let browser;
  beforeEach(() => {
    browser = installBrowser('/tickets');
  });

  const click = (overrides = {}) => {
    const event = { button: 0, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; }, ...overrides };
    return event;
  };

  test('renders a real anchor, so it works without JavaScript and in new tabs', () => {
    const html = renderToStaticMarkup(<Link to={routes.ticket.href({ id: 9 })} className="x">Ticket 9</Link>);
    assert.equal(html, '<a href="/tickets/9" class="x">Ticket 9</a>');
  });

  test('a plain click navigates in place', () => {
    const element = Link({ to: '/tickets/9', children: 'Ticket 9' });
    const event = click();
    element.props.onClick(event);
    assert.ok(event.defaultPrevented);
    assert.equal(currentLocation(), '/tickets/9');
  });

  test('a modified click is left to the browser', () => {
    const element = Link({ to: '/tickets/9', children: 'Ticket 9' });
    const event = click({ ctrlKey: true });
    element.props.onClick(event);
    assert.equal(event.defaultPrevented, false);
    assert.deepEqual(browser.window.calls, []);
  });
});
