// Saving a file the web app fetched itself (with the bearer token, which a plain
// link could not send): the browser downloads it through a temporary object URL.

// "tickets-2024-05-31.csv", by the local date.
export function datedFileName(prefix, extension, date = new Date()) {
  const pad = (number) => String(number).padStart(2, '0');
  return `${prefix}-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.${extension}`;
}

export function saveBlob(blob, fileName) {
  const { document, URL } = globalThis;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; a moment later the URL may go.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
