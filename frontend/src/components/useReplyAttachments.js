// The screenshots that go with a reply. They are uploaded once the reply exists, one
// at a time, each naming it (comment_id). One that fails stays in the list with its
// error, still meant for the reply that was sent, until it is tried again or removed;
// files chosen after that go with the next reply.
import { useState } from 'react';
import { useUploadQueue } from './useUploadQueue.js';

// `onUploaded(image)` is told of every image the server took.
export function useReplyAttachments(ticketId, onUploaded) {
  const queue = useUploadQueue();
  // An item's key → the id of the sent reply it could not be attached to yet.
  const [owners, setOwners] = useState({});
  const unattached = queue.items.filter((item) => item.key in owners);
  const waiting = queue.items.filter((item) => !(item.key in owners));

  const forget = (key) => setOwners((previous) => {
    if (!(key in previous)) return previous;
    const { [key]: _attached, ...rest } = previous;
    return rest;
  });

  async function upload(items, ownerOf) {
    for (const item of items) {
      const commentId = ownerOf(item);
      const image = await queue.upload(ticketId, item, { commentId });
      if (image) {
        onUploaded(image);
        queue.remove(item.key);
        forget(item.key);
      } else {
        setOwners((previous) => ({ ...previous, [item.key]: commentId }));
      }
    }
  }

  return {
    items: queue.items,
    waiting,
    unattached,
    add: queue.add,
    remove(key) {
      queue.remove(key);
      forget(key);
    },
    // For sendReply: the files chosen for this reply, attached to it once it exists.
    attach: (commentId) => upload(waiting, () => commentId),
    // The files that failed, tried again on the replies they were sent with.
    retry: () => upload(unattached, (item) => owners[item.key]),
  };
}
