import { useCallback, useEffect, useState } from 'react';

// Loads data for a view and tracks loading/error; `load` receives an AbortSignal
// that fires when the inputs change or the view goes away.
export function useApi(load, inputs) {
  const [state, setState] = useState({ data: undefined, error: null, loading: true });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, error: null, loading: true }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false });
      },
      (error) => {
        if (!controller.signal.aborted) setState((previous) => ({ ...previous, error, loading: false }));
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
  return { ...state, reload, setData };
}
