import { Link, useRouter } from '../../router.tsx';
import { usePt } from './text.ts';

/** Tabs between the partnerships pages. */
export function SubNav() {
  const { pt } = usePt();
  const { location } = useRouter();
  const tabs: Array<[string, string]> = [
    ['/kemitraan', pt('agreements')],
    ['/kemitraan/mitra', pt('partners')],
    ['/kemitraan/penjangkauan', pt('outreach')],
  ];
  return (
    <nav className="chips" aria-label={pt('title')} style={{ marginBottom: '1rem' }}>
      {tabs.map(([to, label]) => (
        <Link key={to} to={to} className={`chip${location.pathname === to ? ' active' : ''}`}>
          {label}
        </Link>
      ))}
    </nav>
  );
}
