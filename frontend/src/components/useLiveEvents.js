// Views hear of live changes through these hooks; the App keeps the one connection
// open while someone is signed in (useLiveConnection).
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { liveEvents } from '../liveEvents.js';

// `onEvent({ id, type, data })` for every live event while the component is shown; it
// may be a new closure on every render (the latest one is called).
export function useLiveEvents(onEvent, hub = liveEvents) {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => hub.subscribe((event) => handler.current(event)), [hub]);
}

// Opens the connection for the session's token and closes it when the token changes
// or goes; returns the connection's state.
export function useLiveConnection(token, hub = liveEvents) {
  useEffect(() => {
    if (!token) {
      hub.forget();
      return undefined;
    }
    hub.start();
    return () => hub.stop();
  }, [token, hub]);
  return useSyncExternalStore(hub.subscribeState, hub.getState, hub.getState);
}
