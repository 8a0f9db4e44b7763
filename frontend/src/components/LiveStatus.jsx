// Says, unobtrusively, when live updates have stopped because the server cannot be
// reached; the connection keeps trying by itself. The region stays on the page so a
// screen reader announces the message when it appears.
export function LiveStatus({ state }) {
  return (
    <div className="live-status" role="status" data-state={state}>
      {state === 'offline' && (
        <span className="live-status__message">
          <span className="live-status__dot" aria-hidden="true" />
          Offline — reconnecting…
        </span>
      )}
    </div>
  );
}
