// What the page that sent the user here had to say ("Merged #301 into #298"), kept until
// dismissed. Its live region stays on the page so that the message is announced.
import { useEffect, useState } from 'react';
import { takeFlash } from '../flash.js';
import { DismissibleNotice } from './States.jsx';

export function ArrivalNotice() {
  const [notice, setNotice] = useState(null);
  useEffect(() => {
    const message = takeFlash();
    if (message) setNotice(message);
  }, []);
  return (
    <div className="live-region" role="status">
      {notice && <DismissibleNotice onDismiss={() => setNotice(null)}>{notice}</DismissibleNotice>}
    </div>
  );
}
