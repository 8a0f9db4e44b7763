import { useEffect, useState } from 'react';
import { api } from '../api.js';

// Images need the bearer token, which <img src> cannot send: fetch the bytes
// and show them through an object URL that is revoked when no longer needed.
export function useImageUrl(imageId) {
  const [state, setState] = useState({ url: null, error: null });
  useEffect(() => {
    const controller = new AbortController();
    let url = null;
    setState({ url: null, error: null });
    api.imageBlob(imageId, { signal: controller.signal }).then(
      (blob) => {
        if (controller.signal.aborted) return;
        url = URL.createObjectURL(blob);
        setState({ url, error: null });
      },
      (error) => {
        if (!controller.signal.aborted) setState({ url: null, error });
      },
    );
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [imageId]);
  return state;
}
