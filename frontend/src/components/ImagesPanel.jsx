// Every screenshot of the ticket, those attached to a reply included: thumbnails that
// open full size, delete, and upload more.
import { useState } from 'react';
import { policies } from '../policies.js';
import { ImageDrop } from './ImageDrop.jsx';
import { Lightbox } from './Lightbox.jsx';
import { ErrorState, Loading } from './States.jsx';
import { Thumbnail } from './Thumbnail.jsx';
import { UploadList } from './UploadList.jsx';
import { useUploadQueue } from './useUploadQueue.js';

// `images` is the page's list of the ticket's images (a useApi state), shared with the
// conversation, which shows each reply's own. `onAdded` and `onDeleted` change it.
export function ImagesPanel({ ticket, user, images, onAdded, onDeleted }) {
  const queue = useUploadQueue();
  const [viewing, setViewing] = useState(null);
  const list = images.data?.items ?? [];
  const canAdd = policies.addImages(user, ticket);

  async function addFiles(files) {
    for (const item of queue.add(files)) {
      const image = await queue.upload(ticket.id, item);
      if (image) {
        onAdded(image);
        queue.remove(item.key);
      }
    }
  }

  let gallery;
  if (images.error) {
    gallery = <ErrorState title="Screenshots could not be loaded" error={images.error} onRetry={images.reload} />;
  } else if (!images.data) {
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
            onDeleted={onDeleted}
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
