// A confirmation that goes away by itself ("Status changed to Closed"). Show it in
// an element with role="status" that stays on the page (class "live-region"), so
// screen readers announce each message without taking focus.
import { useCallback, useEffect, useRef, useState } from 'react';

export const CONFIRMATION_MS = 5000;

export function useTransientMessage(duration = CONFIRMATION_MS) {
  const [message, setMessage] = useState('');
  const timer = useRef(null);
  useEffect(() => () => clearTimeout(timer.current), []);

  const show = useCallback((text) => {
    clearTimeout(timer.current);
    setMessage(text);
    if (text) timer.current = setTimeout(() => setMessage(''), duration);
  }, [duration]);

  return [message, show];
}
