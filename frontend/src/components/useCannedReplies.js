// The canned replies the reply box offers. Nothing is asked for until `refresh()` (the
// picker opening); each later `refresh()` asks again, since a teammate may have added
// one meanwhile, and the list already loaded stays while the next is on its way.
import { useCallback, useState } from 'react';
import { api } from '../api.js';
import { useApi } from './useApi.js';

export function useCannedReplies(enabled) {
  const [asked, setAsked] = useState(0);
  const list = useApi(
    (signal) => (enabled && asked > 0 ? api.listCannedReplies({}, { signal }) : Promise.resolve(null)),
    [enabled, asked],
  );
  const refresh = useCallback(() => setAsked((count) => count + 1), []);
  return { items: list.data?.items ?? null, loading: list.loading, error: list.error, refresh };
}
