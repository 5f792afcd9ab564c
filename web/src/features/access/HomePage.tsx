import { type FormEvent, useState } from 'react';
import { formatNumber, formatScale } from '../../format.ts';
import { type Key, useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import type { Meta } from '../../ui/DemoBanner.tsx';
import { HomeFigures } from './HomeFigures.tsx';
import { navFor } from './nav.ts';
import { useSession } from './session.tsx';

const CARD_TEXT: Record<string, Key> = {
  '/peserta': 'home.card.participants',
  '/pemberi-kerja': 'home.card.employers',
  '/impor': 'home.card.imports',
  '/wilayah': 'home.card.regions',
  '/kalkulator': 'home.card.calculator',
};

export function HomePage({ meta }: { meta: Meta | null }) {
  const { t } = useI18n();
  const { user } = useSession();
  const { navigate } = useRouter();
  const [q, setQ] = useState('');
  if (!user) return null;
  const items = navFor(user.role).filter((n) => n.to !== '/');
  const canSearch = items.some((n) => n.to === '/peserta');
  const search = (e: FormEvent) => {
    e.preventDefault();
    if (q.trim()) navigate(`/peserta?q=${encodeURIComponent(q.trim())}`);
  };
  return (
    <div data-testid="home">
      <div className="page-header">
        <div>
          <h1 data-testid="home-welcome">{t('home.welcome', { name: user.full_name })}</h1>
          <p className="subtitle">{t('home.intro')}</p>
        </div>
      </div>
      <HomeFigures user={user} />
      {/* The sample's national size: for the national roles only; scoped roles see their own figures above. */}
      {meta?.demo && (user.role === 'admin' || user.role === 'auditor') && (
        <div className="stats">
          <div className="stat">
            <span className="stat-label">{t('home.participants')}</span>
            <span className="stat-value">{formatNumber(meta.demo.participants)}</span>
          </div>
          <div className="stat">
            <span className="stat-label">{t('home.employers')}</span>
            <span className="stat-value">{formatNumber(meta.demo.employers)}</span>
          </div>
          <div className="stat">
            <span className="stat-label">{t('home.scale')}</span>
            <span className="stat-value">{formatScale(meta.demo.scale)}</span>
          </div>
        </div>
      )}
      {canSearch && (
        <form className="card quick-search" onSubmit={search}>
          <label className="field grow">
            <span>{t('home.quickSearch')}</span>
            <input
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder={t('par.searchPlaceholder')}
            />
          </label>
          <button type="submit" className="btn btn-primary">
            {t('common.search')}
          </button>
        </form>
      )}
      <div className="cards">
        {items.map((n) => (
          <Link key={n.to} to={n.to} className="card card-link" testId={`home-card-${n.testId.slice(4)}`}>
            <h2>{t(n.label)}</h2>
            <p className="muted">{CARD_TEXT[n.to] ? t(CARD_TEXT[n.to]!) : ''}</p>
          </Link>
        ))}
      </div>
    </div>
  );
}
