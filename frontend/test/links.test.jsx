// Web addresses in comments: which become links, where they end, and that
// nothing else can become markup or a script.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderToStaticMarkup } from 'react-dom/server';
import { LinkedText } from '../src/components/LinkedText.jsx';
import { splitLinks } from '../src/links.js';

const links = (text) => splitLinks(text).filter((part) => part.href).map((part) => part.href);
const joined = (text) => splitLinks(text).map((part) => part.text).join('');

describe('splitLinks', () => {
  test('finds http and https addresses between plain text', () => {
    assert.deepEqual(splitLinks('See https://status.example.com/incidents/7 and http://a.example'), [
      { text: 'See ' },
      { text: 'https://status.example.com/incidents/7', href: 'https://status.example.com/incidents/7' },
      { text: ' and ' },
      { text: 'http://a.example', href: 'http://a.example' },
    ]);
  });

  test('text without addresses is one plain part; empty text is none', () => {
    assert.deepEqual(splitLinks('The printer is offline.'), [{ text: 'The printer is offline.' }]);
    assert.deepEqual(splitLinks(''), []);
    assert.deepEqual(splitLinks(undefined), []);
  });

  test('joined back together, the parts are the input', () => {
    for (const text of [
      'x https://a.example/b?c=d&e=f#g, y (https://b.example). z',
      'https://a.example',
      '"https://q.example" <https://r.example> javascript:alert(1)',
    ]) {
      assert.equal(joined(text), text);
    }
  });

  test('sentence punctuation after an address stays outside the link', () => {
    assert.deepEqual(links('Go to https://a.example/docs.'), ['https://a.example/docs']);
    assert.deepEqual(links('Is it https://a.example/x? Or https://a.example/y!'), ['https://a.example/x', 'https://a.example/y']);
    assert.deepEqual(links('First https://a.example, then https://b.example; done'), ['https://a.example', 'https://b.example']);
    assert.deepEqual(links('Ends with https://a.example/x...'), ['https://a.example/x']);
  });

  test('a closing bracket stays outside unless the address opened it', () => {
    assert.deepEqual(links('(see https://a.example/help)'), ['https://a.example/help']);
    assert.deepEqual(links('(see https://a.example/help).'), ['https://a.example/help']);
    assert.deepEqual(links('https://en.wikipedia.org/wiki/Printer_(computing)'), ['https://en.wikipedia.org/wiki/Printer_(computing)']);
    assert.deepEqual(links('(https://en.wikipedia.org/wiki/Printer_(computing))'), ['https://en.wikipedia.org/wiki/Printer_(computing)']);
    assert.deepEqual(links('[https://a.example/x]'), ['https://a.example/x']);
  });

  test('quotes and angle brackets end an address', () => {
    assert.deepEqual(links('"https://a.example/x"'), ['https://a.example/x']);
    assert.deepEqual(links("'https://a.example/x'"), ['https://a.example/x']);
    assert.deepEqual(links('<https://a.example/x>'), ['https://a.example/x']);
    assert.deepEqual(links('https://a.example/x"onmouseover="alert(1)'), ['https://a.example/x']);
  });

  test('only http and https become links', () => {
    assert.deepEqual(links('javascript:alert(1)'), []);
    assert.deepEqual(links('JavaScript:alert(document.cookie)'), []);
    assert.deepEqual(links('data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='), []);
    assert.deepEqual(links('vbscript:msgbox(1) file:///etc/passwd ftp://a.example mailto:a@b.example'), []);
  });

  test('an address hidden after another scheme is linked as itself only', () => {
    const parts = splitLinks('javascript:alert(1)//https://a.example/x');
    assert.deepEqual(parts.map((part) => part.href).filter(Boolean), ['https://a.example/x']);
    assert.deepEqual(parts[0], { text: 'javascript:alert(1)//' });
    assert.deepEqual(links('javascript://https://a.example/%0aalert(1)'), ['https://a.example/%0aalert(1)']);
  });

  test('a scheme must stand at the start of a word', () => {
    assert.deepEqual(links('xhttps://a.example'), []);
    assert.deepEqual(links('HTTPS://A.EXAMPLE/Path'), ['HTTPS://A.EXAMPLE/Path']);
  });

  test('a scheme without a host is text', () => {
    assert.deepEqual(links('https:// and http://'), []);
    assert.deepEqual(links('http://"><script>alert(1)</script>'), []);
    assert.deepEqual(links('https://:443/x'), []);
  });
});

describe('LinkedText', () => {
  test('links open in a new tab without an opener or referrer', () => {
    assert.equal(
      renderToStaticMarkup(<LinkedText text="Docs: https://a.example/help." />),
      'Docs: <a href="https://a.example/help" target="_blank" rel="noopener noreferrer">https://a.example/help</a>.',
    );
  });

  test('markup in the text stays text', () => {
    const html = renderToStaticMarkup(<LinkedText text={'<script>alert(1)</script> <img src=x onerror=alert(1)> https://a.example/?q=<b>'} />);
    assert.doesNotMatch(html, /<script|<img|<b>/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /<a href="https:\/\/a.example\/\?q=" [^>]*>https:\/\/a.example\/\?q=<\/a>&lt;b&gt;$/);
  });

  test('a javascript: address is never an href', () => {
    const html = renderToStaticMarkup(<LinkedText text="click javascript:alert(1) or data:text/html,<script>x</script>" />);
    assert.doesNotMatch(html, /href/);
  });
});
