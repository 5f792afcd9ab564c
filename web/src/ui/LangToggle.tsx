import { useI18n } from '../i18n.ts';

export function LangToggle() {
  const { lang, setLang, t } = useI18n();
  return (
    <button
      type="button"
      className="btn btn-ghost btn-small"
      onClick={() => setLang(lang === 'id' ? 'en' : 'id')}
      title={t('lang.toggleTitle')}
      data-testid="lang-toggle"
      lang={lang === 'id' ? 'en' : 'id'}
    >
      {lang === 'id' ? 'EN' : 'ID'}
      <span className="lang-long">· {t('lang.toggle')}</span>
    </button>
  );
}
