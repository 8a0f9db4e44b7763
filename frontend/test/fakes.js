// Minimal stand-ins for the browser globals the modules under test touch.

export function fakeStorage() {
  const values = new Map();
  return {
    getItem: (key) => (values.has(key) ? values.get(key) : null),
    setItem: (key, value) => values.set(key, String(value)),
    removeItem: (key) => values.delete(key),
    clear: () => values.clear(),
  };
}

export function fakeWindow(startAt = '/') {
  const listeners = new Map();
  const location = { pathname: '/', search: '' };
  const visit = (url) => {
    const parsed = new URL(url, 'http://localhost');
    location.pathname = parsed.pathname;
    location.search = parsed.search;
  };
  visit(startAt);
  const calls = [];
  return {
    location,
    calls,
    history: {
      pushState(_state, _title, url) {
        calls.push(['push', url]);
        visit(url);
      },
      replaceState(_state, _title, url) {
        calls.push(['replace', url]);
        visit(url);
      },
    },
    scrollTo() {},
    addEventListener(type, listener) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type).add(listener);
    },
    removeEventListener(type, listener) {
      listeners.get(type)?.delete(listener);
    },
    goBackTo(url) {
      visit(url);
      for (const listener of listeners.get('popstate') ?? []) listener({ type: 'popstate' });
    },
  };
}

// Answers fetch() calls from a queue of canned responses and records requests.
export function fakeFetch() {
  const requests = [];
  const answers = [];
  const fetch = async (url, init = {}) => {
    requests.push({ url, ...init, headers: { ...init.headers } });
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected request ${init.method} ${url}`);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  fetch.requests = requests;
  fetch.answer = (status, body, headers = {}) => {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    answers.push(new Response(status === 204 ? null : text, { status, headers }));
  };
  fetch.fail = (error) => answers.push(error);
  return fetch;
}

export function installBrowser(startAt = '/') {
  globalThis.window = fakeWindow(startAt);
  globalThis.localStorage = fakeStorage();
  globalThis.fetch = fakeFetch();
  return { window: globalThis.window, storage: globalThis.localStorage, fetch: globalThis.fetch };
}
