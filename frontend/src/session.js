// The signed-in user and their token, kept in localStorage so a reload or a
// second tab stays signed in. Only api.js changes it.
import { useSyncExternalStore } from 'react';

export const TOKEN_KEY = 'helpdesk.token';
export const USER_KEY = 'helpdesk.user';

const signedOut = Object.freeze({ token: null, user: null });
const listeners = new Set();
let snapshot;

function storage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function readStored() {
  const store = storage();
  const token = store?.getItem(TOKEN_KEY);
  if (!token) return signedOut;
  let user = null;
  try {
    user = JSON.parse(store.getItem(USER_KEY) ?? 'null');
  } catch {
    user = null;
  }
  return { token, user };
}

function publish(next) {
  snapshot = next;
  for (const listener of listeners) listener();
}

export function getSession() {
  if (snapshot === undefined) snapshot = readStored();
  return snapshot;
}

export function setSession({ token, user }) {
  const store = storage();
  store?.setItem(TOKEN_KEY, token);
  store?.setItem(USER_KEY, JSON.stringify(user));
  publish({ token, user });
}

export function setSessionUser(user) {
  const { token } = getSession();
  if (token) setSession({ token, user });
}

export function clearSession() {
  const store = storage();
  store?.removeItem(TOKEN_KEY);
  store?.removeItem(USER_KEY);
  publish(signedOut);
}

function onStorage(event) {
  if (event.key === null || event.key === TOKEN_KEY || event.key === USER_KEY) publish(readStored());
}

function subscribe(listener) {
  if (listeners.size === 0) globalThis.window?.addEventListener('storage', onStorage);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) globalThis.window?.removeEventListener('storage', onStorage);
  };
}

export function useSession() {
  return useSyncExternalStore(subscribe, getSession, getSession);
}
