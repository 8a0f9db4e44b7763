// Takes images from a file picker, drag-and-drop, or a paste: anywhere on the page, or
// with `pasteArea` (a ref) only inside that element. A paste one drop has taken is left
// alone by the others, so a reply box can take its own pastes on a page that has another.
import { useEffect, useId, useRef, useState } from 'react';
import { formatMiB } from '../format.js';
import { IMAGE_TYPES, addRejections, imageProblem } from '../images.js';
import { IMAGE_MAX_BYTES } from '../limits.js';
import { Icon } from './Icon.jsx';

function namePasted(file, index) {
  const extension = file.type.split('/')[1] ?? 'png';
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return new File([file], `pasted-${stamp}${index ? `-${index}` : ''}.${extension}`, { type: file.type });
}

export function ImageDrop({ onFiles, disabled = false, label = 'Screenshots', pasteArea = null, compact = false }) {
  const input = useRef(null);
  const inputId = useId();
  const hintId = useId();
  const [dragging, setDragging] = useState(false);
  const [rejected, setRejected] = useState([]);
  const receive = useRef(null);

  receive.current = (files) => {
    if (disabled || files.length === 0) return;
    setRejected((previous) => addRejections(previous, files));
    const accepted = files.filter((file) => !imageProblem(file));
    if (accepted.length > 0) onFiles(accepted);
  };

  useEffect(() => {
    const area = pasteArea?.current ?? document;
    const onPaste = (event) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length === 0 || event.defaultPrevented) return;
      event.preventDefault();
      receive.current(files.map(namePasted));
    };
    area.addEventListener('paste', onPaste);
    return () => area.removeEventListener('paste', onPaste);
  }, [pasteArea]);

  function onDrop(event) {
    event.preventDefault();
    setDragging(false);
    receive.current([...event.dataTransfer.files]);
  }

  function onDragOver(event) {
    event.preventDefault();
    event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
    setDragging(true);
  }

  return (
    <div className="field">
      <label className="field__label" htmlFor={inputId}>{label}</label>
      <div
        className={`dropzone${compact ? ' dropzone--compact' : ''}${dragging ? ' is-dragging' : ''}${disabled ? ' is-disabled' : ''}`}
        onDragOver={onDragOver}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <Icon name="image" className="dropzone__icon" />
        <p className="dropzone__text">
          Drag images here or paste from the clipboard
        </p>
        <button type="button" className="button button--small" onClick={() => input.current.click()} disabled={disabled}>
          Choose images…
        </button>
        <input
          ref={input}
          id={inputId}
          type="file"
          className="visually-hidden"
          tabIndex={-1}
          accept={IMAGE_TYPES.join(',')}
          multiple
          aria-describedby={hintId}
          onChange={(event) => {
            receive.current([...event.target.files]);
            event.target.value = '';
          }}
        />
      </div>
      <p className="field__hint" id={hintId}>PNG, JPEG, GIF or WebP, up to {formatMiB(IMAGE_MAX_BYTES)} each.</p>
      {rejected.length > 0 && (
        <ul className="field__error upload-rejections" role="alert">
          {rejected.map((rejection) => (
            <li key={rejection.key}>
              {rejection.text}{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => setRejected((list) => list.filter((item) => item.key !== rejection.key))}
              >
                Dismiss<span className="visually-hidden"> the message about {rejection.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
