export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" className="logo__tile" />
      <path
        className="logo__bubble"
        d="M9 11a3 3 0 0 1 3-3h8a3 3 0 0 1 3 3v7a3 3 0 0 1-3 3h-5l-4 3v-3a3 3 0 0 1-2-3z"
      />
    </svg>
  );
}
