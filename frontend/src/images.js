// The server's upload rules, checked before sending so mistakes show at once.
import { formatBytes } from './format.js';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export function imageProblem(file) {
  if (!IMAGE_TYPES.includes(file.type)) {
    return `${file.name || 'This file'} is not a PNG, JPEG, GIF or WebP image.`;
  }
  if (file.size > MAX_IMAGE_BYTES) {
    return `${file.name || 'This image'} is ${formatBytes(file.size)}; images can be at most 5 MiB.`;
  }
  return null;
}
