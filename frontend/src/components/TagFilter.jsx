// The list's tag filter field: a tag picked from the suggestions, or typed and
// entered, joins the filter (tickets must have every chosen tag).
import { useId, useState } from 'react';
import { normalizeTag, tagProblem } from '../ticketTags.js';
import { TagInput } from './TagInput.jsx';

export function TagFilter({ tags, onAdd }) {
  const id = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState(null);

  function add(tag) {
    setText('');
    setProblem(null);
    onAdd(tag);
  }

  function submit(event) {
    event.preventDefault();
    const tag = normalizeTag(text);
    if (!tag) return;
    const problem = tagProblem(tag, []);
    if (problem) setProblem(problem);
    else add(tag);
  }

  return (
    <form className="filters__item tag-filter" onSubmit={submit}>
      <label htmlFor={id} className="filters__label">Filter by tag</label>
      <TagInput
        id={id}
        value={text}
        onChange={(next) => {
          setText(next);
          setProblem(null);
        }}
        onChoose={add}
        exclude={tags}
        placeholder="Type a tag, press Enter"
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
      />
      {problem && <p className="field__error" id={`${id}-problem`} role="alert">{problem}</p>}
    </form>
  );
}
