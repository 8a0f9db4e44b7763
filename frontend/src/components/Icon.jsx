// Line icons drawn for Helpdesk (24×24 grid, stroked with the text colour).
const paths = {
  inbox: ['M4 5h16l1 8v6H3v-6z', 'M3 13h5l1.5 3h5L16 13h5'],
  search: ['M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14z', 'M16 16l5 5'],
  alert: ['M12 3L2 20h20z', 'M12 10v4', 'M12 17h.01'],
  lock: ['M6 11h12v10H6z', 'M8.5 11V8a3.5 3.5 0 0 1 7 0v3'],
  image: ['M3 5h18v14H3z', 'M9 8.5a1.5 1.5 0 1 0 0 3a1.5 1.5 0 1 0 0-3z', 'M21 15l-5-5-10 9'],
  compass: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M15.5 8.5l-2 5-5 2 2-5z'],
  check: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z', 'M8 12.5l3 3 5-6'],
};

export function Icon({ name, className = 'icon' }) {
  return (
    <svg className={className} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {paths[name].map((d) => <path key={d} d={d} />)}
    </svg>
  );
}
