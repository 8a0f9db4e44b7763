// The filters without a field that shows them (each chosen tag, one customer), as
// chips with a button that removes each.
function Chip({ children, removeLabel, onRemove }) {
  return (
    <li className="filter-chip">
      <span>{children}</span>
      <button type="button" className="tag-chip__remove" aria-label={removeLabel} onClick={onRemove}>
        <span aria-hidden="true">×</span>
      </button>
    </li>
  );
}

// `customer`: how to name the customer whose tickets are shown (null: all customers).
export function FilterChips({ tags, onRemoveTag, customer, onRemoveCustomer }) {
  if (tags.length === 0 && !customer) return null;
  return (
    <ul className="filter-chips" aria-label="Active filters">
      {customer && (
        <Chip removeLabel={`Remove filter: customer ${customer}`} onRemove={onRemoveCustomer}>
          Customer: <strong>{customer}</strong>
        </Chip>
      )}
      {tags.map((tag) => (
        <Chip key={tag} removeLabel={`Remove filter: tag ${tag}`} onRemove={() => onRemoveTag(tag)}>
          Tag: <strong>{tag}</strong>
        </Chip>
      ))}
    </ul>
  );
}
