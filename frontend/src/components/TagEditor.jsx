// A ticket's tags for staff: chips that link to the tickets carrying the same tag, each
// with its remove button, and a combobox that suggests the tags already in use. Typing a
// tag and Enter adds it, the arrow keys pick a suggestion, Backspace in the empty box
// takes the last tag off. Every change saves the whole set at once.
import { useId, useState } from 'react';
import { routes } from '../routes.js';
import { Link } from '../router.jsx';
import { normalizeTag, tagProblem, withTag, withoutTag } from '../ticketTags.js';
import { TagInput } from './TagInput.jsx';
import { useTagSaving } from './useTagSaving.js';
import { useTransientMessage } from './useTransientMessage.js';

function TagChips({ tags, onRemove }) {
  if (tags.length === 0) return <p className="muted tag-editor__empty">No tags yet.</p>;
  return (
    <ul className="tag-chips" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag} className="tag-chip">
          <Link to={routes.tickets.href({}, { tag })} className="tag-chip__link" title={`Tickets tagged ${tag}`}>
            {tag}
          </Link>
          <button type="button" className="icon-button tag-chip__remove" aria-label={`Remove tag ${tag}`} onClick={() => onRemove(tag)}>
            <span aria-hidden="true">×</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

export function TagEditor({ ticket, onUpdated }) {
  const id = useId();
  const inputId = `${id}-input`;
  const saving = useTagSaving(ticket, onUpdated);
  const { tags } = saving;
  const [text, setText] = useState('');
  const [problem, setProblem] = useState(null);
  const [confirmation, confirm] = useTransientMessage();

  async function add(raw) {
    const tag = normalizeTag(raw);
    if (!tag) return;
    const why = tagProblem(tag, tags);
    setProblem(why);
    if (why) return;
    setText('');
    confirm('');
    if (await saving.save(withTag(tags, tag))) confirm(`Tag ${tag} added`);
    // A refused tag goes back in the box to be corrected, unless something else was typed since.
    else setText((typed) => typed || tag);
  }

  async function remove(tag) {
    setProblem(null);
    confirm('');
    if (await saving.save(withoutTag(tags, tag))) confirm(`Tag ${tag} removed`);
  }

  // The combobox takes the arrow keys, Escape and Enter on a suggestion; the rest reaches here.
  function onKeyDown(event) {
    if (event.target.id !== inputId) return;
    if (event.key === ',') {
      event.preventDefault();
      add(text);
    } else if (event.key === 'Backspace' && text === '' && tags.length > 0) {
      event.preventDefault();
      remove(tags[tags.length - 1]);
    }
  }

  const error = problem ?? saving.error;
  const describedBy = error ? `${id}-error` : `${id}-hint`;
  return (
    <section className="card card--padded tag-editor" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="side-card__title">Tags</h2>
      <TagChips
        tags={tags}
        onRemove={(tag) => {
          // The button goes with its chip: the focus waits in the box for the next tag.
          globalThis.document.getElementById(inputId)?.focus();
          remove(tag);
        }}
      />
      <form
        className={`field tag-editor__field ${error ? 'field--invalid' : ''}`.trim()}
        noValidate
        onKeyDown={onKeyDown}
        onSubmit={(event) => {
          event.preventDefault();
          add(text);
        }}
      >
        <label className="field__label" htmlFor={inputId}>Add tag</label>
        <div className="tag-editor__row">
          <TagInput
            id={inputId}
            value={text}
            exclude={tags}
            onChange={(value) => {
              setText(value);
              setProblem(null);
            }}
            onChoose={add}
            autoCapitalize="none"
            spellCheck={false}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={describedBy}
          />
          <button type="submit" className="button button--small">Add</button>
        </div>
        {error
          ? <p className="field__error" id={`${id}-error`} role="alert">{error}</p>
          : <p className="field__hint" id={`${id}-hint`}>Enter adds a tag; Backspace in the empty box removes the last.</p>}
      </form>
      <p className="confirmation live-region" role="status">{confirmation}</p>
    </section>
  );
}
