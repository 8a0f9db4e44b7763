// A small router on top of the History API. Paths are declared once with
// definePath(); the same object builds links (href) and matches locations.
import { useEffect, useMemo, useSyncExternalStore } from 'react';

const listeners = new Set();

function segments(pathname) {
  return pathname.split('/').filter(Boolean);
}

// An array value repeats its key (`{ tag: ['a', 'b'] }` is `?tag=a&tag=b`).
export function buildQuery(query = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const each of Array.isArray(value) ? value : [value]) {
      if (each !== undefined && each !== null && each !== '') params.append(key, String(each));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

// A repeated key keeps its last value here; read every one with URLSearchParams.getAll.
export function parseQuery(search) {
  return Object.fromEntries(new URLSearchParams(search));
}

export function definePath(path) {
  return {
    path,
    href(params = {}, query) {
      const filled = segments(path).map((segment) => {
        if (!segment.startsWith(':')) return segment;
        const name = segment.slice(1);
        const value = params[name];
        if (value === undefined || value === null || value === '') {
          throw new Error(`Missing parameter "${name}" for path ${path}`);
        }
        return encodeURIComponent(String(value));
      });
      return `/${filled.join('/')}${buildQuery(query)}`;
    },
  };
}

export function matchPath(path, pathname) {
  const pattern = segments(path);
  const actual = segments(pathname);
  if (pattern.length !== actual.length) return null;
  const params = {};
  for (let index = 0; index < pattern.length; index += 1) {
    const expected = pattern[index];
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(actual[index]);
      } catch {
        return null;
      }
    } else if (expected !== actual[index]) {
      return null;
    }
  }
  return params;
}

// The first entry whose route matches wins, so list `/tickets/new` before `/tickets/:id`.
export function resolveRoute(table, pathname) {
  for (const entry of table) {
    const params = matchPath(entry.route.path, pathname);
    if (params) return { entry, params };
  }
  return null;
}

// Only same-origin absolute paths may be used as a post-login destination.
export function safeRedirect(target, fallback = '/') {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
    return fallback;
  }
  return target;
}

export function currentLocation() {
  const { pathname, search } = globalThis.window.location;
  return pathname + search;
}

function notify() {
  for (const listener of listeners) listener();
}

function subscribe(listener) {
  listeners.add(listener);
  globalThis.window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    globalThis.window.removeEventListener('popstate', listener);
  };
}

export function navigate(to, { replace = false } = {}) {
  const { history } = globalThis.window;
  if (replace) {
    history.replaceState(null, '', to);
  } else if (to !== currentLocation()) {
    history.pushState(null, '', to);
    globalThis.window.scrollTo?.(0, 0);
  }
  notify();
}

export function useLocation() {
  const href = useSyncExternalStore(subscribe, currentLocation, () => '/');
  return useMemo(() => {
    const url = new URL(href, 'http://localhost');
    return { href, pathname: url.pathname, search: url.search, query: parseQuery(url.search) };
  }, [href]);
}

function isPlainLeftClick(event) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

export function Link({ to, replace = false, onClick, children, ...props }) {
  function handleClick(event) {
    onClick?.(event);
    if (event.defaultPrevented || !isPlainLeftClick(event) || props.target) return;
    event.preventDefault();
    navigate(to, { replace });
  }
  return (
    <a href={to} onClick={handleClick} {...props}>
      {children}
    </a>
  );
}

// A navigation link that marks itself as the current page; `section` also
// counts deeper paths (e.g. /tickets/7 under /tickets) as current.
export function NavLink({ to, section = false, className = '', ...props }) {
  const { pathname } = useLocation();
  const target = new URL(to, 'http://localhost').pathname;
  const active = pathname === target || (section && pathname.startsWith(`${target}/`));
  return (
    <Link
      to={to}
      aria-current={active ? 'page' : undefined}
      className={`${className}${active ? ' is-active' : ''}`.trim() || undefined}
      {...props}
    />
  );
}

export function Redirect({ to }) {
  useEffect(() => {
    navigate(to, { replace: true });
  }, [to]);
  return null;
}
