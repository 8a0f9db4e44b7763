// Finds the web addresses in plain text (comments), so they can be shown as links.
// Only http and https become links: a `javascript:` or `data:` address stays text.
// The result is data, turned into React elements by LinkedText; nothing here is HTML.

// A run of characters that cannot end an address in prose: spaces, quotes, angle brackets.
const candidate = /\bhttps?:\/\/[^\s<>"`]+/gi;
// Sentence punctuation right after an address belongs to the sentence.
const trailing = /[.,;:!?'*]+$/;
const closers = { ')': '(', ']': '[', '}': '{' };

const count = (text, char) => text.split(char).length - 1;

// "(see https://x.example/a_(b))." keeps the balanced ")" and drops the rest.
function trimEnd(raw) {
  let text = raw;
  for (;;) {
    const last = text.at(-1);
    if (trailing.test(last)) {
      text = text.replace(trailing, '');
    } else if (closers[last] && count(text, last) > count(text, closers[last])) {
      text = text.slice(0, -1);
    } else {
      return text;
    }
  }
}

function isWebAddress(text) {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

// [{ text }, { text, href }, …] in order; joined, the texts give back the input.
export function splitLinks(input) {
  const text = String(input ?? '');
  const parts = [];
  let plainFrom = 0;
  for (const match of text.matchAll(candidate)) {
    const address = trimEnd(match[0]);
    if (!isWebAddress(address)) continue;
    if (match.index > plainFrom) parts.push({ text: text.slice(plainFrom, match.index) });
    parts.push({ text: address, href: address });
    plainFrom = match.index + address.length;
  }
  if (plainFrom < text.length) parts.push({ text: text.slice(plainFrom) });
  return parts;
}
