// The ticket list's tag filter (`?tag=a&tag=b`: tickets having every one).

// The tags in a list's query string, each once, in order, written as the server keeps
// them (trimmed, lower-case). One the server would refuse stays, shown as a chip the
// reader can remove, with the server's reason in place of the list.
export function tagsFromSearch(search) {
  const tags = new URLSearchParams(search).getAll('tag').map((tag) => tag.trim().toLowerCase()).filter(Boolean);
  return [...new Set(tags)];
}
