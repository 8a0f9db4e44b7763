import { useCallback, useEffect, useRef, useState } from 'react';

// Loads data for a view and tracks loading/error; `load` receives an AbortSignal
// that fires when the inputs change or the view goes away.
export function useApi(load, inputs) {
  const [state, setState] = useState({ data: undefined, error: null, loading: true });
  const [attempt, setAttempt] = useState(0);
  // The changes made by `update` while a load is on its way, for its answer.
  const pending = useRef(null);

  useEffect(() => {
    const controller = new AbortController();
    const changes = [];
    pending.current = changes;
    const settled = () => {
      if (pending.current === changes) pending.current = null;
      return !controller.signal.aborted;
    };
    setState((previous) => ({ ...previous, error: null, loading: true }));
    load(controller.signal).then(
      (data) => {
        if (settled()) setState({ data: changes.reduce((value, change) => change(value), data), error: null, loading: false });
      },
      (error) => {
        if (settled()) setState((previous) => ({ ...previous, error, loading: false }));
      },
    );
    return () => controller.abort();
    // `load` is a new closure on every render; `inputs` says when it really changed.
  }, [...inputs, attempt]);

  const reload = useCallback(() => setAttempt((count) => count + 1), []);
  const setData = useCallback(
    (update) => setState((previous) => ({
      ...previous,
      data: typeof update === 'function' ? update(previous.data) : update,
    })),
    [],
  );
  // `change(data)` gives the data after a change heard live (an event). It applies now and
  // to the answer of a load on its way, which the server may have sent before the change.
  const update = useCallback((change) => {
    pending.current?.push(change);
    setData(change);
  }, [setData]);
  return { ...state, reload, setData, update };
}
