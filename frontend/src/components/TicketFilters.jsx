import { Suspense, lazy, useEffect, useId, useRef, useState } from 'react';
import { PRIORITIES, STATUSES, priorityLabels, statusLabels } from '../format.js';

const SEARCH_DELAY_MS = 350;

// Only staff filter by tag or customer: those filters load on demand.
const TeamFilters = lazy(() => import('./TeamFilters.jsx').then((module) => ({ default: module.TeamFilters })));

const statusOptions = [{ value: '', label: 'All statuses' }, ...STATUSES.map((value) => ({ value, label: statusLabels[value] }))];
const priorityOptions = [{ value: '', label: 'All priorities' }, ...PRIORITIES.map((value) => ({ value, label: priorityLabels[value] }))];
const assigneeOptions = [
  { value: '', label: 'Anyone' },
  { value: 'me', label: 'Assigned to me' },
  { value: 'none', label: 'Unassigned' },
];
const slaOptions = [
  { value: '', label: 'All' },
  { value: 'breached', label: 'Breached' },
  { value: 'at_risk', label: 'At risk' },
];

function FilterSelect({ label, value, options, onChange }) {
  const id = useId();
  return (
    <div className="filters__item">
      <label htmlFor={id} className="filters__label">{label}</label>
      <select id={id} className="input select" value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
    </div>
  );
}

// Typing searches after a short pause; Enter searches at once.
function SearchBox({ value, onSearch }) {
  const id = useId();
  const [text, setText] = useState(value);
  const timer = useRef(null);

  useEffect(() => setText(value), [value]);
  useEffect(() => () => clearTimeout(timer.current), []);

  function change(event) {
    const next = event.target.value;
    setText(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => onSearch(next.trim()), SEARCH_DELAY_MS);
  }

  function submit(event) {
    event.preventDefault();
    clearTimeout(timer.current);
    onSearch(text.trim());
  }

  return (
    <form className="filters__search" role="search" onSubmit={submit}>
      <label htmlFor={id} className="filters__label">Search</label>
      <input
        id={id}
        type="search"
        className="input"
        placeholder="Title or description"
        value={text}
        onChange={change}
      />
    </form>
  );
}

function layoutClass(showAssignee, showSla) {
  if (showSla) return 'filters filters--sla';
  return showAssignee ? 'filters filters--assignee' : 'filters';
}

// `sortOptions` are the orders this user may pick (see ticketActivity.js). `teamFilters`
// (staff) adds the tag filter and the chips for tags and a customer, named after the
// `tickets` shown.
export function TicketFilters({ filters, onChange, showAssignee, showSla, sortOptions, teamFilters = false, tickets }) {
  return (
    <div className="filters-block">
      <div className={layoutClass(showAssignee, showSla)}>
        <SearchBox value={filters.q} onSearch={(q) => onChange({ q })} />
        <FilterSelect label="Status" value={filters.status} options={statusOptions} onChange={(status) => onChange({ status })} />
        <FilterSelect label="Priority" value={filters.priority} options={priorityOptions} onChange={(priority) => onChange({ priority })} />
        {showAssignee && (
          <FilterSelect label="Assignee" value={filters.assignee} options={assigneeOptions} onChange={(assignee) => onChange({ assignee })} />
        )}
        {showSla && (
          <FilterSelect label="SLA" value={filters.sla} options={slaOptions} onChange={(sla) => onChange({ sla })} />
        )}
        <FilterSelect label="Sort by" value={filters.sort} options={sortOptions} onChange={(sort) => onChange({ sort })} />
      </div>
      {teamFilters && (
        <Suspense fallback={null}>
          <TeamFilters filters={filters} onChange={onChange} tickets={tickets} />
        </Suspense>
      )}
    </div>
  );
}
