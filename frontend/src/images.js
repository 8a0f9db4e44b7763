// The server's upload rules, checked before sending so mistakes show at once.
import { formatMiB } from './format.js';
import { IMAGE_MAX_BYTES } from './limits.js';

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export function imageProblem(file) {
  if (!IMAGE_TYPES.includes(file.type)) {
    return `${file.name || 'This file'} is not a PNG, JPEG, GIF or WebP image.`;
  }
  if (file.size > IMAGE_MAX_BYTES) {
    return `${file.name || 'This image'} is ${formatMiB(file.size)}; images can be at most ${formatMiB(IMAGE_MAX_BYTES)}.`;
  }
  return null;
}

let lastRejection = 0;

// The files of `files` that are refused, added to those refused before: each keeps
// its own message (a second bad file does not replace the first one's) until dismissed.
export function addRejections(previous, files) {
  const added = files.flatMap((file) => {
    const text = imageProblem(file);
    if (!text) return [];
    lastRejection += 1;
    return [{ key: lastRejection, name: file.name || 'file', text }];
  });
  return added.length > 0 ? [...previous, ...added] : previous;
}

// The images attached to a comment, by the comment's id, each list in the given order.
// Images attached to the ticket itself (comment_id null) are in none.
export function imagesByComment(images) {
  const byComment = new Map();
  for (const image of images) {
    if (image.comment_id == null) continue;
    const list = byComment.get(image.comment_id) ?? [];
    list.push(image);
    byComment.set(image.comment_id, list);
  }
  return byComment;
}
