// The staff's filters under the filter bar: the tag field, and chips for the chosen
// tags and for the customer the list is narrowed to.
import { withTag, withoutTag } from '../ticketTags.js';
import { FilterChips } from './FilterChips.jsx';
import { TagFilter } from './TagFilter.jsx';

// The customer of `authorId`, by name once one of their tickets is shown.
function customerName(authorId, tickets) {
  const theirs = tickets.find((ticket) => ticket.author_id === Number(authorId));
  return theirs?.author?.username ?? `#${authorId}`;
}

// `tickets`: the rows shown.
export function TeamFilters({ filters, onChange, tickets }) {
  return (
    <div className="filters__team">
      <TagFilter tags={filters.tag} onAdd={(tag) => onChange({ tag: withTag(filters.tag, tag) })} />
      <FilterChips
        tags={filters.tag}
        onRemoveTag={(tag) => onChange({ tag: withoutTag(filters.tag, tag) })}
        customer={filters.author_id ? customerName(filters.author_id, tickets) : null}
        onRemoveCustomer={() => onChange({ author_id: '' })}
      />
    </div>
  );
}
