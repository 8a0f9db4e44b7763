// The ticket's screenshots: thumbnails that open full size, delete, and upload more.
import { useState } from 'react';
import { api } from '../api.js';
import { policies } from '../policies.js';
import { ConfirmButton } from './ConfirmButton.jsx';
import { ImageDrop } from './ImageDrop.jsx';
import { Lightbox } from './Lightbox.jsx';
import { ErrorState, Loading, Spinner } from './States.jsx';
import { UploadList } from './UploadList.jsx';
import { useApi } from './useApi.js';
import { useImageUrl } from './useImageUrl.js';
import { useUploadQueue } from './useUploadQueue.js';

function Thumbnail({ image, canDelete, onOpen, onDeleted }) {
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

// `onChanged` is told of every image added or deleted (the ticket's history records them).
export function ImagesPanel({ ticket, user, onChanged }) {
  const images = useApi((signal) => api.listImages(ticket.id, { signal }), [ticket.id]);
  const queue = useUploadQueue();
  const [viewing, setViewing] = useState(null);
  const list = images.data?.items ?? [];
  const canAdd = policies.addImages(user, ticket);

  async function addFiles(files) {
    for (const item of queue.add(files)) {
      const image = await queue.upload(ticket.id, item);
      if (image) {
        images.setData((data) => ({ items: [...(data?.items ?? []), image] }));
        queue.remove(item.key);
        onChanged?.();
      }
    }
  }

  const removeImage = (id) => {
    images.setData((data) => ({ items: data.items.filter((image) => image.id !== id) }));
    onChanged?.();
  };

  let gallery;
  if (images.error) {
    gallery = <ErrorState title="Screenshots could not be loaded" error={images.error} onRetry={images.reload} />;
  } else if (images.loading && !images.data) {
    gallery = <Loading label="Loading screenshots…" />;
  } else if (list.length === 0) {
    gallery = <p className="panel__empty">No screenshots attached.</p>;
  } else {
    gallery = (
      <ul className="gallery">
        {list.map((image) => (
          <Thumbnail
            key={image.id}
            image={image}
            canDelete={policies.deleteImage(user, ticket)}
            onOpen={setViewing}
            onDeleted={removeImage}
          />
        ))}
      </ul>
    );
  }

  return (
    <section className="card panel" aria-labelledby="screenshots-title">
      <h2 id="screenshots-title" className="panel__title">
        Screenshots {images.data && <span className="count">{list.length}</span>}
      </h2>
      {gallery}
      {canAdd && (
        <>
          <ImageDrop onFiles={addFiles} label="Add screenshots" />
          <UploadList items={queue.items} onRemove={queue.remove} />
        </>
      )}
      <Lightbox view={viewing} onClose={() => setViewing(null)} />
    </section>
  );
}
