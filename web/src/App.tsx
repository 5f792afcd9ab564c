import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { api } from './api.ts';
import { AuditPage } from './features/access/AuditPage.tsx';
import { HomePage } from './features/access/HomePage.tsx';
import { LoginPage } from './features/access/LoginPage.tsx';
import { canRegisterEmployers, navFor } from './features/access/nav.ts';
import { type Role, SessionProvider, useSession } from './features/access/session.tsx';
import { TaskGate } from './features/access/TaskGate.tsx';
import { ClaimIntakePage } from './features/claims/ClaimIntakePage.tsx';
import {
  ClaimBatchesPage,
  ClaimDetailPage,
  ClaimsPage,
  MemberBenefitsPage,
} from './features/claims/ClaimsPages.tsx';
import { PensionsPage } from './features/claims/PensionsPage.tsx';
import { ArrearsPage } from './features/contributions/ArrearsPage.tsx';
import { FinesPage } from './features/contributions/FinesPage.tsx';
import {
  EmployerContributionPage,
  ParticipantContributionPage,
} from './features/contributions/HistoryPages.tsx';
import { InvoiceDetailPage } from './features/contributions/InvoiceDetailPage.tsx';
import { InvoicesPage } from './features/contributions/InvoicesPage.tsx';
import { PaymentPage } from './features/contributions/PaymentPage.tsx';
import { coverageRoutes } from './features/coverage/routes.tsx';
import { EmployerDetailPage } from './features/employers/EmployerDetailPage.tsx';
import { EmployerFormPage } from './features/employers/EmployerFormPage.tsx';
import { EmployersPage } from './features/employers/EmployersPage.tsx';
import { ImportPage } from './features/imports/ImportPage.tsx';
import { JobsPage } from './features/jobs/JobsPage.tsx';
import { partnershipRoutes } from './features/partnerships/routes.tsx';
import { regionalRoutes } from './features/regional/routes.tsx';
import { RegionsPage } from './features/regions/RegionsPage.tsx';
import { DeathReportPage } from './features/registry/DeathReportPage.tsx';
import { EditRecordPage } from './features/registry/EditRecordPage.tsx';
import { EmploymentEventPage } from './features/registry/EmploymentEventPage.tsx';
import {
  ChangesPage,
  DuplicatesPage,
  QualityPage,
  WageReportPage,
  WorklistPage,
} from './features/registry/RegistryPages.tsx';
import { ReviewsPage } from './features/registry/ReviewsPage.tsx';
import { CalculatorPage } from './features/rules/CalculatorPage.tsx';
import { AppealsPage } from './features/subsidy/AppealsPage.tsx';
import { DecisionPage } from './features/subsidy/DecisionPage.tsx';
import { PaymentsPage } from './features/subsidy/PaymentsPage.tsx';
import { ProgrammesPage } from './features/subsidy/ProgrammesPage.tsx';
import { RunPage } from './features/subsidy/RunPage.tsx';
import { ParticipantDetailPage } from './features/workers/ParticipantDetailPage.tsx';
import { ParticipantFormPage } from './features/workers/ParticipantFormPage.tsx';
import { ParticipantsPage } from './features/workers/ParticipantsPage.tsx';
import { type I18n, I18nContext, initialLang, type Lang, storeLang, translate } from './i18n.ts';
import { Link, matchPath, Router, useRouter } from './router.tsx';
import { Empty, Loading } from './ui/components.tsx';
import { DemoBanner, type Meta } from './ui/DemoBanner.tsx';
import { LangToggle } from './ui/LangToggle.tsx';

/** Paths are Indonesian, like the UI's default language; see the report for the route map. */
function routeFor(pathname: string, meta: Meta | null, role: Role): ReactNode {
  const routes: Array<[string, (p: Record<string, string>) => ReactNode]> = [
    ['/', () => <HomePage meta={meta} />],
    ['/pemberi-kerja', () => <EmployersPage />],
    ['/pemberi-kerja/baru', () => (canRegisterEmployers(role) ? <EmployerFormPage /> : null)],
    [
      '/pemberi-kerja/:id/ubah',
      (p) => (
        <TaskGate task="registry.edit">
          <EditRecordPage entity="employer" id={p.id!} />
        </TaskGate>
      ),
    ],
    ['/pemberi-kerja/:id', (p) => <EmployerDetailPage id={p.id!} />],
    ['/peserta', () => <ParticipantsPage />],
    ['/peserta/baru', () => <ParticipantFormPage />],
    [
      '/peserta/mutasi',
      () => (
        <TaskGate task="registry.edit">
          <EmploymentEventPage />
        </TaskGate>
      ),
    ],
    [
      '/peserta/:id/ubah',
      (p) => (
        <TaskGate task="registry.edit">
          <EditRecordPage entity="participant" id={p.id!} />
        </TaskGate>
      ),
    ],
    [
      '/peserta/:id/meninggal',
      (p) => (
        <TaskGate task="registry.edit">
          <DeathReportPage id={p.id!} />
        </TaskGate>
      ),
    ],
    ['/peserta/:id', (p) => <ParticipantDetailPage id={p.id!} />],
    ['/peserta/:id/manfaat', (p) => <MemberBenefitsPage id={p.id!} />],
    ['/klaim', () => <ClaimsPage />],
    ['/klaim/baru', () => <ClaimIntakePage />],
    ['/klaim/pembayaran', () => <ClaimBatchesPage />],
    ['/klaim/pensiun', () => <PensionsPage />],
    ['/klaim/:id', (p) => <ClaimDetailPage id={p.id!} />],
    ['/impor', () => <ImportPage />],
    ['/impor/pekerjaan/:job', (p) => <ImportPage queuedJob={p.job!} />],
    ['/impor/:id', (p) => <ImportPage jobId={p.id!} />],
    ['/wilayah', () => <RegionsPage />],
    ['/wilayah/:code', (p) => <RegionsPage code={p.code!} />],
    ['/kalkulator', () => <CalculatorPage />],
    ...partnershipRoutes,
    ...coverageRoutes,
    ...regionalRoutes,
    ['/bsu', () => <ProgrammesPage />],
    // Appeals name people: a regional government sees the subsidy's counts only.
    ['/bsu/sanggahan', () => (role === 'regional_government' ? null : <AppealsPage />)],
    ['/bsu/run/:id', (p) => <RunPage id={p.id!} />],
    ['/bsu/run/:id/pembayaran', (p) => <PaymentsPage runId={p.id!} />],
    ['/bsu/run/:id/peserta/:pid', (p) => <DecisionPage runId={p.id!} participantId={p.pid!} />],
    ['/tagihan', () => <InvoicesPage />],
    ['/tagihan/bayar', () => <PaymentPage />],
    [
      '/tagihan/denda',
      () => (
        <TaskGate task="fines.waivers">
          <FinesPage />
        </TaskGate>
      ),
    ],
    ['/tagihan/pemberi-kerja/:id', (p) => <EmployerContributionPage id={p.id!} />],
    ['/tagihan/peserta/:id', (p) => <ParticipantContributionPage id={p.id!} />],
    ['/tagihan/:id', (p) => <InvoiceDetailPage id={p.id!} />],
    ['/tunggakan', () => <ArrearsPage />],
    [
      '/registri',
      () =>
        role === 'employer' ? (
          <WageReportPage />
        ) : role === 'regional_government' ? (
          <QualityPage />
        ) : (
          <DuplicatesPage />
        ),
    ],
    ['/registri/perubahan', () => <ChangesPage />],
    ['/registri/kualitas', () => <QualityPage />],
    ['/registri/daftar-kerja', () => <WorklistPage />],
    ['/registri/laporan-upah', () => <WageReportPage />],
    ['/registri/tinjauan', () => <ReviewsPage />],
    ['/pekerjaan', () => <JobsPage />],
    [
      '/audit',
      () => (
        <TaskGate task="audit.read">
          <AuditPage />
        </TaskGate>
      ),
    ],
  ];
  for (const [pattern, render] of routes) {
    const params = matchPath(pattern, pathname);
    if (params) {
      const page = render(params);
      if (page) return page;
    }
  }
  return null;
}

function Shell() {
  const { user, logout } = useSession();
  const { location } = useRouter();
  const i18n = useI18nValue();
  const { t } = i18n;
  const [meta, setMeta] = useState<Meta | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => {
    if (!user) return;
    api<Meta>('/api/meta', { quiet401: true })
      .then(setMeta)
      .catch(() => setMeta(null));
  }, [user]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the mobile menu on navigation
  useEffect(() => setMenuOpen(false), [location.pathname]);

  let body: ReactNode;
  if (user === undefined) body = <Loading />;
  else if (user === null) body = <LoginPage />;
  else {
    const nav = navFor(user.role);
    const isActive = (to: string) =>
      to === '/' ? location.pathname === '/' : location.pathname.startsWith(to);
    // The server enforces access; this only avoids showing a page the role's menu does not offer.
    const allowed = location.pathname === '/' || nav.some((n) => n.to !== '/' && isActive(n.to));
    const page = allowed ? (
      routeFor(location.pathname, meta, user.role)
    ) : (
      <Empty>{t('common.forbidden')}</Empty>
    );
    body = (
      <div className="layout">
        <header className="topbar">
          <div className="topbar-inner">
            <Link to="/" className="brand">
              <span className="brand-mark" aria-hidden="true" />
              <span>{t('app.name')}</span>
              <span className="brand-tagline">{t('app.tagline')}</span>
            </Link>
            <div className="userbox">
              <div className="user" data-testid="current-user">
                <span className="user-name">{user.full_name}</span>
                <span className="user-role" data-testid="current-role">
                  {t(`role.${user.role}`)}
                </span>
              </div>
              <LangToggle />
              <button
                type="button"
                className="btn btn-small"
                onClick={() => void logout()}
                data-testid="logout"
              >
                {t('auth.logout')}
              </button>
            </div>
            <button
              type="button"
              className="btn btn-small menu-toggle"
              onClick={() => setMenuOpen((o) => !o)}
              aria-expanded={menuOpen}
              aria-controls="mainnav"
            >
              ☰ {t('nav.menu')}
            </button>
          </div>
          <nav id="mainnav" className={`mainnav${menuOpen ? ' open' : ''}`} aria-label="main">
            <div className="mainnav-inner">
              {nav.map((n) => (
                <Link
                  key={n.to}
                  to={n.to}
                  testId={n.testId}
                  className={isActive(n.to) ? 'active' : undefined}
                >
                  {t(n.label)}
                </Link>
              ))}
            </div>
          </nav>
        </header>
        <DemoBanner meta={meta} />
        <main className="content">{page ?? <Empty>{t('common.notFound')}</Empty>}</main>
      </div>
    );
  }
  return <I18nContext.Provider value={i18n}>{body}</I18nContext.Provider>;
}

function useI18nValue(): I18n {
  const [lang, setLang] = useState<Lang>(initialLang);
  useEffect(() => storeLang(lang), [lang]);
  return useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      pick: (a, b) => (lang === 'id' ? (a ?? b ?? '') : (b ?? a ?? '')),
    }),
    [lang],
  );
}

export function App() {
  return (
    <Router>
      <SessionProvider>
        <Shell />
      </SessionProvider>
    </Router>
  );
}
