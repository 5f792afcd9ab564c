import { useState } from 'react';
import { formatDate, formatNumber, formatRupiah } from '../../format.ts';
import { localize } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { ErrorBox, Facts, Loading, PageHeader } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { ProgressBar, ResultsChart } from './Chart.tsx';
import { MemberRequestForm } from './MemberRequestForm.tsx';
import { MembersTable } from './MembersTable.tsx';
import { AgreementStatusBadge } from './Status.tsx';
import { usePt } from './text.ts';
import type { Agreement, AgreementDetail, Results } from './types.ts';
import './partnerships.css';
import { useFx } from '../../ui/form-text.ts';
import { TaskLink } from '../access/TaskGate.tsx';

function Stat({
  label,
  value,
  note,
  tone,
}: {
  label: string;
  value: string;
  note?: string;
  tone?: 'ok' | 'bad';
}) {
  return (
    <div className={`stat${tone ? ` stat-${tone}` : ''}`}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
      {note && <span className="stat-note">{note}</span>}
    </div>
  );
}

function ResultStats({ a, r }: { a: Agreement; r: Results }) {
  const { pt, lang } = usePt();
  const p = r.pace;
  return (
    <>
      <div className="stats compact" data-testid="agreement-results">
        <Stat
          label={pt('registered')}
          value={formatNumber(r.registered)}
          note={
            a.target_people
              ? `${pt('target')} ${formatNumber(a.target_people)} ${a.target_by ? pt('targetBy', { date: formatDate(a.target_by, lang) }) : ''}`
              : undefined
          }
        />
        <Stat label={pt('active')} value={formatNumber(r.active)} />
        <Stat
          label={pt('churned')}
          value={formatNumber(r.churned)}
          note={r.never_active ? `${pt('neverActive')}: ${formatNumber(r.never_active)}` : undefined}
        />
        <Stat
          label={pt('expected')}
          value={formatNumber(p.expectedByNow)}
          tone={p.onTrack === null ? undefined : p.onTrack ? 'ok' : 'bad'}
          note={p.onTrack === null ? undefined : p.onTrack ? pt('onTrack') : pt('behind')}
        />
        <Stat label={pt('gapTarget')} value={formatNumber(p.gapToTarget)} />
        <Stat
          label={pt('paceActual')}
          value={formatNumber(p.actualPerMonth)}
          note={
            p.neededPerMonth !== null ? `${pt('paceNeeded')}: ${formatNumber(p.neededPerMonth)}` : undefined
          }
        />
      </div>
      <ProgressBar registered={r.registered} target={a.target_people} expected={p.expectedByNow} />
      <p className="muted small">{localize(`${r.basis_note_id} / ${r.basis_note_en}`, lang)}</p>
    </>
  );
}

function Budget({ r }: { r: Results }) {
  const { pt } = usePt();
  if (r.budget_ceiling === null && r.budget_billed === 0) return null;
  return (
    <section className="card">
      <h2 className="card-title">{pt('budget')}</h2>
      <div className="stats compact">
        <Stat label={pt('budgetCeiling')} value={formatRupiah(r.budget_ceiling)} />
        <Stat label={pt('budgetBilled')} value={formatRupiah(r.budget_billed)} />
        <Stat label={pt('budgetPaid')} value={formatRupiah(r.budget_paid)} />
        <Stat
          label={pt('budgetLeft')}
          value={formatRupiah(r.budget_left)}
          tone={r.budget_left !== null && r.budget_left <= 0 ? 'bad' : undefined}
        />
        <Stat
          label={pt('suspended')}
          value={formatNumber(r.suspended_now)}
          tone={r.suspended_now > 0 ? 'bad' : undefined}
        />
      </div>
    </section>
  );
}

function AgreementFacts({ a, related }: { a: Agreement; related: AgreementDetail['related'] }) {
  const { pt, lang } = usePt();
  const list = (xs: string[]) => (xs.length ? xs.join(', ') : '—');
  return (
    <Facts
      items={[
        [
          pt('partner'),
          <Link key="p" to={`/kemitraan/mitra/${a.partner_id}`}>
            {a.partner_name}
          </Link>,
        ],
        [pt('kind'), pt.maybe(`kind.${a.kind}`, a.kind)],
        [
          pt('signed'),
          a.signed_on
            ? `${formatDate(a.signed_on, lang)} ${a.signed_precision === 'reported' ? pt('signedReported') : ''}`
            : '—',
        ],
        [pt('period'), `${formatDate(a.starts_on, lang)} – ${a.ends_on ? formatDate(a.ends_on, lang) : '…'}`],
        [
          pt('payer'),
          `${pt.maybe(`payer.${a.payer}`, a.payer)}${
            Object.keys(a.sponsor_shares).length
              ? ` (${Object.entries(a.sponsor_shares)
                  .map(([k, v]) => `${k} ${v}%`)
                  .join(', ')})`
              : ''
          }`,
        ],
        [pt('segments'), list(a.segments)],
        [pt('programs'), list(a.programs)],
        [pt('regions'), list(a.region_codes)],
        [pt('groups'), list(a.worker_groups)],
        [pt('memberCompanies'), a.member_companies === 'all' ? pt('members.all') : a.member_companies],
        [
          pt('related'),
          related.length
            ? related.map((r) => (
                <Link key={r.id} to={`/kemitraan/perjanjian/${r.id}`}>
                  {r.number} ({r.relation}){' '}
                </Link>
              ))
            : '—',
        ],
        [
          pt('source'),
          a.source_url ? (
            <a key="s" href={a.source_url} target="_blank" rel="noreferrer">
              {new URL(a.source_url).host}
            </a>
          ) : (
            '—'
          ),
        ],
      ]}
    />
  );
}

/** /kemitraan/perjanjian/:id — one agreement, its results against target, chart, budget and members. */
export function AgreementPage({ id }: { id: string }) {
  const { fx } = useFx();
  const { pt } = usePt();
  const { user } = useSession();
  const d = useApi<AgreementDetail>(`/api/agreements/${encodeURIComponent(id)}`);
  const [added, setAdded] = useState(0);
  if (d.error) return <ErrorBox error={d.error} onRetry={d.reload} />;
  if (!d.data) return <Loading />;
  const { agreement: a, results: r, series, related } = d.data;
  return (
    <div>
      <p className="crumbs">
        <Link to="/kemitraan">{pt('title')}</Link> › {a.number}
      </p>
      <PageHeader
        title={
          <>
            {a.title} <AgreementStatusBadge status={a.status} />
          </>
        }
        subtitle={a.number}
        actions={
          a.kind !== 'addendum' ? (
            <TaskLink
              task="agreements.manage"
              to={`/kemitraan/perjanjian/baru?induk=${a.id}&mitra=${a.partner_id}`}
              testId="addendum-new"
            >
              + {fx('agreementForm.newAddendum')}
            </TaskLink>
          ) : undefined
        }
      />
      {a.synthetic && (
        <div className="alert alert-info">
          {pt('synthetic')}
          {a.note ? ` — ${a.note}` : ''}
        </div>
      )}
      <section className="card">
        <ResultStats a={a} r={r} />
        <ResultsChart series={series} />
      </section>
      <Budget r={r} />
      <section className="card">
        <AgreementFacts a={a} related={related} />
      </section>
      {/* The partner itself, or an officer; an agreement that has ended takes no new members. */}
      {user &&
        ['partner', 'admin', 'branch_officer'].includes(user.role) &&
        (a.status === 'active' || a.status === 'expiring') && (
          <MemberRequestForm
            agreementId={a.id}
            onDone={() => {
              setAdded((n) => n + 1);
              d.reload();
            }}
          />
        )}
      {user && user.role !== 'regional_government' && user.role !== 'employer' && (
        <MembersTable key={added} agreementId={a.id} />
      )}
    </div>
  );
}
