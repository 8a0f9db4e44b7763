import { splitLinks } from '../links.js';

// Plain text with its web addresses as links that open in a new tab, without
// handing the new page a reference to this one (noopener) or this address (noreferrer).
export function LinkedText({ text }) {
  return splitLinks(text).map((part, index) => (part.href
    ? <a key={index} href={part.href} target="_blank" rel="noopener noreferrer">{part.text}</a>
    : part.text));
}
