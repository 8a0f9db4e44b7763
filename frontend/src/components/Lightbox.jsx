// Shows one image at full size in a modal <dialog>; Escape, the Close button
// or a click outside the image closes it.
import { useEffect, useRef } from 'react';
import { formatBytes } from '../format.js';

export function Lightbox({ view, onClose }) {
  const dialog = useRef(null);

  useEffect(() => {
    const element = dialog.current;
    if (view && !element.open) element.showModal();
    if (!view && element.open) element.close();
  }, [view]);

  return (
    <dialog
      ref={dialog}
      className="lightbox"
      aria-label={view ? view.image.filename : 'Image'}
      onClose={onClose}
      onClick={(event) => {
        if (event.target === dialog.current) dialog.current.close();
      }}
    >
      {view && (
        <figure className="lightbox__figure">
          <img className="lightbox__image" src={view.url} alt={view.image.filename} />
          <figcaption className="lightbox__bar">
            <span className="lightbox__caption">
              {view.image.filename} · {formatBytes(view.image.size)}
            </span>
            <button type="button" className="button button--small" onClick={() => dialog.current.close()} autoFocus>
              Close
            </button>
          </figcaption>
        </figure>
      )}
    </dialog>
  );
}
