import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.jsx';
import { ErrorBoundary } from './components/ErrorBoundary.jsx';
import './styles/index.css';

function AppCrash() {
  return (
    <div className="app-crash" role="alert">
      <h1>Helpdesk ran into a problem</h1>
      <p>Reloading the page usually helps.</p>
      <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <ErrorBoundary fallback={AppCrash}>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
