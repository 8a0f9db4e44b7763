// "Export CSV": every ticket the list's filters match, downloaded as a file. The
// export needs the bearer token, so it is fetched here and saved from memory.
import { useState } from 'react';
import { api } from '../api.js';
import { datedFileName, saveBlob } from '../download.js';

// `filters`: the list's query, as the API names it.
export function ExportButton({ filters }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);

  async function exportCsv() {
    setBusy(true);
    setError(null);
    try {
      const csv = await api.exportTicketsCsv(filters);
      saveBlob(csv, datedFileName('tickets', 'csv'));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="export-csv">
      <button type="button" className="button button--small" onClick={exportCsv} disabled={busy} aria-busy={busy}>
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
      {error && <p className="field__error" role="alert">The export failed: {error.reason}</p>}
    </div>
  );
}
