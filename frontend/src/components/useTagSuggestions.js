// The most used tags starting with what is typed (GET /api/tags?q=), asked for a
// moment after typing stops and only while `enabled` (the field has focus). A newer
// question cancels an older one, so a slow answer never replaces a fresher one.
import { useEffect, useState } from 'react';
import { api } from '../api.js';

const SUGGEST_DELAY_MS = 150;
const QUERY_MAX = 32;

export function useTagSuggestions(text, enabled) {
  const [items, setItems] = useState([]);
  const query = text.slice(0, QUERY_MAX);

  useEffect(() => {
    if (!enabled) return undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.listTags(query, { signal: controller.signal }).then(
        (page) => {
          if (!controller.signal.aborted) setItems(page.items);
        },
        () => {
          // Suggestions are a convenience: without them a tag can still be typed in full.
          if (!controller.signal.aborted) setItems([]);
        },
      );
    }, SUGGEST_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, enabled]);

  return items;
}
