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
