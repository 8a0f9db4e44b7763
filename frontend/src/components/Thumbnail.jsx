// One screenshot as a thumbnail that opens full size (see Lightbox); with `canDelete`,
// a Delete that asks first.
import { api } from '../api.js';
import { ConfirmButton } from './ConfirmButton.jsx';
import { Spinner } from './States.jsx';
import { useImageUrl } from './useImageUrl.js';

export function Thumbnail({ image, canDelete = false, onOpen, onDeleted }) {
  const { url, error } = useImageUrl(image.id);
  return (
    <li className="thumb">
      <button
        type="button"
        className="thumb__open"
        disabled={!url}
        onClick={() => onOpen({ image, url })}
        aria-label={`Open ${image.filename} full size`}
      >
        {url && <img className="thumb__image" src={url} alt="" />}
        {!url && !error && <Spinner />}
        {error && <span className="thumb__error">Image unavailable</span>}
      </button>
      <span className="thumb__name" title={image.filename}>{image.filename}</span>
      {canDelete && (
        <ConfirmButton
          className="link-button link-button--danger"
          question={`Delete ${image.filename}?`}
          confirmLabel="Delete"
          onConfirm={async () => {
            await api.deleteImage(image.id);
            onDeleted(image.id);
          }}
        >
          Delete<span className="visually-hidden"> {image.filename}</span>
        </ConfirmButton>
      )}
    </li>
  );
}
