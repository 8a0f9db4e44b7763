// A ticket's tags, by the server's rules (Models/TicketTags.swift): trimmed and
// lower-cased, 1-32 characters of a-z, 0-9, '-', '_' and '.', at most 20 on a ticket,
// kept sorted. Checking here first spares a round trip for a typo; the server still decides.

export const TAGS_PER_TICKET = 20;
const TAG_PATTERN = /^[a-z0-9._-]{1,32}$/;

export function normalizeTag(raw) {
  return String(raw ?? '').trim().toLowerCase();
}

// Why `tag` (normalized) cannot be added to `tags`, or null when it can.
export function tagProblem(tag, tags) {
  if (!TAG_PATTERN.test(tag)) return "A tag is 1-32 letters (a-z), digits, '-', '_' or '.'.";
  if (tags.includes(tag)) return `“${tag}” is already on this ticket.`;
  if (tags.length >= TAGS_PER_TICKET) return `A ticket can have at most ${TAGS_PER_TICKET} tags.`;
  return null;
}

export function withTag(tags, tag) {
  return tags.includes(tag) ? tags : [...tags, tag].sort();
}

export function withoutTag(tags, tag) {
  return tags.filter((existing) => existing !== tag);
}

// What the server said about a refused set, in a sentence.
export function tagSaveError(error) {
  const field = error?.fields?.tags;
  return field ? `Tags not saved: ${field}.` : error?.reason ?? 'The tags could not be saved.';
}
