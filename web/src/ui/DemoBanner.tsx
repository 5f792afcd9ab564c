import { formatDateTime, formatNumber, formatPeriod, formatScale } from '../format.ts';
import { useI18n } from '../i18n.ts';

export interface Meta {
  demo: {
    synthetic: boolean;
    scale: string;
    participants: number;
    employers: number;
    seeded_at: string;
    reference_period: string;
  } | null;
}

/** Every page showing demo data says it is a synthetic sample and at what scale. */
export function DemoBanner({ meta }: { meta: Meta | null }) {
  const { t, lang } = useI18n();
  if (!meta?.demo) return null;
  const d = meta.demo;
  return (
    <div className="demo-banner" role="note" data-testid="demo-banner">
      <span className="demo-tag">DEMO</span>
      <span>
        {t('demo.banner', {
          scale: formatScale(d.scale),
          participants: formatNumber(d.participants),
          employers: formatNumber(d.employers),
          seeded: formatDateTime(d.seeded_at, lang),
          period: formatPeriod(d.reference_period, lang),
        })}
      </span>
    </div>
  );
}
