import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { ErrorBox } from '../../ui/components.tsx';
import { LangToggle } from '../../ui/LangToggle.tsx';
import { useSession } from './session.tsx';

export function LoginPage() {
  const { t } = useI18n();
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <div className="login-screen">
      <div className="login-lang">
        <LangToggle />
      </div>
      <form className="card login-card" onSubmit={submit} data-testid="login-form">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          <span>{t('app.name')}</span>
        </div>
        <h1>{t('auth.title')}</h1>
        <p className="muted">{t('auth.subtitle')}</p>
        <label className="field">
          <span>{t('auth.username')}</span>
          <input
            data-testid="login-username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            ref={first}
          />
        </label>
        <label className="field">
          <span>{t('auth.password')}</span>
          <input
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <ErrorBox error={error} />
        <button
          type="submit"
          className="btn btn-primary btn-block"
          disabled={busy}
          data-testid="login-submit"
        >
          {busy ? t('auth.loggingIn') : t('auth.login')}
        </button>
        <p className="muted small">{t('auth.demoHint')}</p>
      </form>
    </div>
  );
}
