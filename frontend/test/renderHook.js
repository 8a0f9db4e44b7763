// Runs a hook inside a real React root, so its effects, their cleanups and its
// state updates happen as they do in the browser. The probe component renders
// nothing, so react-dom needs no DOM: a stand-in container is enough. Needs
// installBrowser() first (react-dom reads `window` on every commit).
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { act } from 'react-dom/test-utils';
import { fakeContainer } from './fakes.js';

globalThis.IS_REACT_ACT_ENVIRONMENT = true;

// Bundled by esbuild, act() cannot reach Node's timers and queues its work
// through a MessageChannel, whose open port would keep the test process alive.
globalThis.MessageChannel = class {
  constructor() {
    this.port1 = {};
    this.port2 = { postMessage: () => setImmediate(() => this.port1.onmessage?.()) };
  }
};

// `result.current` is what the hook returned on its latest render. Every
// function returned runs inside act(), so effects and updates have settled
// when its promise resolves.
export async function renderHook(useHook, props) {
  const result = { current: undefined };
  function Probe(probeProps) {
    result.current = useHook(probeProps);
    return null;
  }
  const root = createRoot(fakeContainer());
  const settle = (work) => act(async () => {
    await work();
    // Answers already released reach the hook through several promise steps
    // (fetch, Response.text); one turn of the event loop lets them all land.
    await new Promise((resolve) => setImmediate(resolve));
  });
  await settle(() => root.render(createElement(Probe, props)));
  return {
    result,
    rerender: (next) => settle(() => root.render(createElement(Probe, next))),
    unmount: () => settle(() => root.unmount()),
    act: settle,
  };
}
