// A yes/no preference kept in localStorage, so it outlives a reload. Without
// storage (private mode, blocked) it still works for as long as the page is open.
import { useCallback, useState } from 'react';

function read(key, fallback) {
  try {
    const stored = globalThis.localStorage?.getItem(key);
    return stored === null || stored === undefined ? fallback : stored === 'true';
  } catch {
    return fallback;
  }
}

export function useStoredFlag(key, fallback) {
  const [value, setValue] = useState(() => read(key, fallback));
  const update = useCallback((next) => {
    setValue(next);
    try {
      globalThis.localStorage?.setItem(key, String(next));
    } catch {
      // Not remembered; the choice still holds on this page.
    }
  }, [key]);
  return [value, update];
}
