import { useEffect, useRef } from 'react';

// A function that calls `fn` once, `ms` after the last of a burst of calls; nothing
// is called after the component has gone.
export function useDebounced(fn, ms) {
  const latest = useRef(fn);
  const timer = useRef(null);
  useEffect(() => {
    latest.current = fn;
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  const debounced = useRef(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(), ms);
  });
  return debounced.current;
}
