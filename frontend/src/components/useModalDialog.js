// Shows a <dialog> as a modal for as long as the component is mounted: focus stays
// inside, and goes back to where it was when the dialog goes. Close it by
// unmounting: the component answers the dialog's `cancel` (Escape) itself.
import { useEffect, useRef } from 'react';

export function useModalDialog() {
  const dialog = useRef(null);
  useEffect(() => {
    const element = dialog.current;
    const returnTo = globalThis.document.activeElement;
    if (!element.open) element.showModal();
    return () => {
      if (element.open) element.close();
      returnTo?.focus?.();
    };
  }, []);
  return dialog;
}
