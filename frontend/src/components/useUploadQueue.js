// Images chosen for upload, each with a local preview, progress and outcome.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api.js';

let lastKey = 0;

export function useUploadQueue() {
  const [items, setItems] = useState([]);
  const latest = useRef(items);
  latest.current = items;

  useEffect(() => () => latest.current.forEach((item) => URL.revokeObjectURL(item.preview)), []);

  const patch = useCallback((key, changes) => {
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...changes } : item)));
  }, []);

  const add = useCallback((files) => {
    const added = files.map((file) => {
      lastKey += 1;
      return { key: lastKey, file, preview: URL.createObjectURL(file), progress: 0, state: 'ready', error: null };
    });
    setItems((list) => [...list, ...added]);
    return added;
  }, []);

  const remove = useCallback((key) => {
    const item = latest.current.find((candidate) => candidate.key === key);
    if (item) URL.revokeObjectURL(item.preview);
    setItems((list) => list.filter((candidate) => candidate.key !== key));
  }, []);

  // Never throws: a failure stays on the item (state 'failed', `error`) and null is returned.
  // `commentId` attaches the image to that comment of the uploader's.
  const upload = useCallback(async (ticketId, item, { commentId } = {}) => {
    patch(item.key, { state: 'uploading', progress: 0, error: null });
    try {
      const image = await api.uploadImage(ticketId, item.file, {
        commentId,
        onProgress: (progress) => patch(item.key, { progress }),
      });
      patch(item.key, { state: 'done', progress: 1 });
      return image;
    } catch (error) {
      patch(item.key, { state: 'failed', error });
      return null;
    }
  }, [patch]);

  // One at a time, so progress is easy to follow and the server is not flooded.
  const uploadAll = useCallback(async (ticketId, list) => {
    const uploaded = [];
    for (const item of list) {
      if (item.state === 'done') continue;
      const image = await upload(ticketId, item);
      if (image) uploaded.push(image);
    }
    return uploaded;
  }, [upload]);

  return { items, add, remove, upload, uploadAll };
}
