import { formatBytes } from '../format.js';

const stateText = {
  ready: 'Ready to upload',
  uploading: 'Uploading…',
  done: 'Uploaded',
};

export function UploadList({ items, onRemove }) {
  if (items.length === 0) return null;
  return (
    <ul className="upload-list" aria-label="Images to upload">
      {items.map((item) => (
        <li key={item.key} className={`upload-item upload-item--${item.state}`}>
          <img className="upload-item__preview" src={item.preview} alt="" />
          <div className="upload-item__body">
            <span className="upload-item__name">{item.file.name}</span>
            <span className="upload-item__meta">
              {formatBytes(item.file.size)} · {item.state === 'failed' ? 'Not uploaded' : stateText[item.state]}
            </span>
            {item.state === 'uploading' && (
              <progress className="upload-item__progress" max="1" value={item.progress} aria-label={`Uploading ${item.file.name}`} />
            )}
            {item.error && <span className="field__error" role="alert">{item.error.reason}</span>}
          </div>
          {item.state !== 'uploading' && item.state !== 'done' && (
            <button type="button" className="icon-button" onClick={() => onRemove(item.key)} aria-label={`Remove ${item.file.name}`}>
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
