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
    // react-dom looks for a focused iframe around every commit.
    HTMLIFrameElement: class {},
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
    return typeof answer === 'function' ? answer(init) : answer;
  };
  fetch.requests = requests;
  fetch.answer = (status, body, headers = {}) => answers.push(response(status, body, headers));
  fetch.fail = (error) => answers.push(error);
  // The next request stays unanswered until the returned function is called,
  // like a slow server; the fake ignores aborts, as a server that already answered would.
  // The next request is answered with a stream the test writes to, like the live
  // events: `send(text)` a chunk, `end()` it, `break()` it as a dropped connection does.
  // Aborting the request errors the stream, as a browser does.
  fetch.stream = (status = 200, headers = { 'Content-Type': 'text/event-stream' }) => {
    const encoder = new TextEncoder();
    let body;
    const stream = new ReadableStream({ start: (controller) => { body = controller; } });
    answers.push((init) => {
      init.signal?.addEventListener('abort', () => body.error(new DOMException('The request was aborted', 'AbortError')));
      return new Response(stream, { status, headers });
    });
    return {
      send: (text) => body.enqueue(encoder.encode(text)),
      end: () => body.close(),
      break: () => body.error(new TypeError('network error')),
    };
  };
  fetch.hold = () => {
    let release;
    answers.push(new Promise((resolve) => { release = resolve; }));
    return (status, body, headers = {}) => release(response(status, body, headers));
  };
  return fetch;
}

function response(status, body, headers) {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(status === 204 ? null : text, { status, headers });
}

// Stands in for XMLHttpRequest, which image uploads use: each upload reports half its
// bytes sent, then is answered with the next of `answers` ([status, body]). Returns
// the requests made, each with its url, headers and form.
export function fakeUploads(answers) {
  const sent = [];
  globalThis.XMLHttpRequest = class {
    constructor() {
      this.headers = {};
      this.upload = {};
    }
    open(method, url) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name, value) { this.headers[name] = value; }
    getResponseHeader() { return null; }
    send(form) {
      this.form = form;
      sent.push(this);
      this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
      const [status, body] = answers.shift();
      this.status = status;
      this.responseText = JSON.stringify(body);
      setImmediate(() => this.onload());
    }
  };
  return sent;
}

// What react-dom needs of a root container when nothing is rendered into it.
export function fakeContainer() {
  const document = { addEventListener() {}, removeEventListener() {} };
  return {
    nodeType: 1,
    nodeName: 'DIV',
    tagName: 'DIV',
    namespaceURI: 'http://www.w3.org/1999/xhtml',
    ownerDocument: document,
    textContent: '',
    addEventListener() {},
    removeEventListener() {},
  };
}

export function installBrowser(startAt = '/') {
  globalThis.window = fakeWindow(startAt);
  globalThis.localStorage = fakeStorage();
  globalThis.fetch = fakeFetch();
  return { window: globalThis.window, storage: globalThis.localStorage, fetch: globalThis.fetch };
}
