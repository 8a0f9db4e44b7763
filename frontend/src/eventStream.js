// Reads the text of a Server-Sent Events stream as the HTML standard's EventSource
// does, from chunks cut anywhere (inside a line, between a CR and its LF). Lines end
// in CRLF, LF or CR; a line starting with ":" is a comment; `data:` lines join with
// "\n"; a blank line ends an event. The last `id:` stays with every later event until
// another replaces it, so the reader always knows where to resume.
// `onEvent({ id, type, data })` for each event (type "message" unless named);
// `onRetry(ms)` when the server says how long to wait before reconnecting.
export function createEventParser({ onEvent, onRetry, lastEventId = '' }) {
  const lineEnd = /\r\n|\r|\n/g;
  let pending = '';
  let skipLineFeed = false;
  let started = false;
  let id = lastEventId;
  let type = '';
  let data = '';

  function dispatch() {
    // A block without data lines is no event (its id still counts).
    if (data) onEvent({ id, type: type || 'message', data: data.slice(0, -1) });
    type = '';
    data = '';
  }

  function field(line) {
    if (line === '') return dispatch();
    const colon = line.indexOf(':');
    if (colon === 0) return undefined;
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'event') type = value;
    else if (name === 'data') data += `${value}\n`;
    else if (name === 'id' && !value.includes('\0')) id = value;
    else if (name === 'retry' && /^\d+$/.test(value)) onRetry?.(Number(value));
    return undefined;
  }

  return {
    push(chunk) {
      let text = chunk;
      if (!started && text) {
        started = true;
        if (text.startsWith('\uFEFF')) text = text.slice(1);
      }
      // The last chunk ended in CR: a LF opening this one is the rest of that line end.
      if (skipLineFeed && text) {
        skipLineFeed = false;
        if (text.startsWith('\n')) text = text.slice(1);
      }
      // `pending` holds no line end, so the search starts at the new text.
      lineEnd.lastIndex = pending.length;
      pending += text;
      let start = 0;
      for (let match = lineEnd.exec(pending); match; match = lineEnd.exec(pending)) {
        field(pending.slice(start, match.index));
        start = lineEnd.lastIndex;
        if (match[0] === '\r' && start === pending.length) skipLineFeed = true;
      }
      pending = pending.slice(start);
    },
    get lastEventId() {
      return id;
    },
  };
}
