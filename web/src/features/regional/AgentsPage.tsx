import { formatDate, formatNumber, formatRate, formatRupiah } from '../../format.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { useRg } from './i18n.ts';

interface AgentRow {
  id: number;
  code: string;
  full_name: string;
  status: string;
  villages: string[];
  target: number | null;
  recruited: number;
  recruits_total: number;
  commission_total: number;
  open_flags: number;
}
interface Recruit {
  participant_id: number;
  kpj: string;
  full_name: string;
  enrolled_on: string;
  paid_months: number;
  commission: number;
  status: string;
}
interface Me {
  agent: AgentRow;
  recruits: Recruit[];
  params: { rate: string; cap_months: number; unconfirmed: boolean };
}

function MyRecruits() {
  const { t, code, lang } = useRg();
  const r = useApi<Me>('/api/agent/me');
  if (r.loading) return <Loading />;
  if (r.error) return <ErrorBox error={r.error} />;
  const me = r.data;
  if (!me) return null;
  return (
    <div>
      <PageHeader title={`${me.agent.code} — ${me.agent.full_name}`} subtitle={t('ag.mine')} />
      <p>
        {t('ag.target')}: {formatNumber(me.agent.target)} · {t('ag.recruited')}:{' '}
        {formatNumber(me.agent.recruited)} · {t('ag.commission')}:{' '}
        <strong data-testid="my-commission">{formatRupiah(me.agent.commission_total)}</strong>
      </p>
      <p>
        {t('ag.rate', { rate: formatRate(me.params.rate), months: me.params.cap_months })}
        {me.params.unconfirmed && (
          <strong data-testid="commission-unconfirmed"> ({t('cm.unconfirmed')})</strong>
        )}
      </p>
      <p>
        <Link to="/agen/komisi" testId="my-commission-months">
          {t('cm.open')}
        </Link>
      </p>
      <div className="table-wrap">
        <table data-testid="my-recruits">
          <thead>
            <tr>
              <th>{t('ag.kpj')}</th>
              <th>{t('ag.name')}</th>
              <th>{t('ag.enrolled')}</th>
              <th>{t('ag.status')}</th>
              <th>{t('ag.paidMonths')}</th>
              <th>{t('ag.commission')}</th>
            </tr>
          </thead>
          <tbody>
            {me.recruits.map((x) => (
              <tr key={x.participant_id}>
                <td>{x.kpj}</td>
                <td>{x.full_name}</td>
                <td>{formatDate(x.enrolled_on, lang)}</td>
                <td>{code('pstatus', x.status)}</td>
                <td className="num">{formatNumber(x.paid_months)}</td>
                <td className="num">{formatRupiah(x.commission)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function AgentsPage() {
  const { t, code } = useRg();
  const { user } = useSession();
  const list = useApi<{ items: AgentRow[] }>(user?.role === 'agent' ? null : '/api/agents');
  if (user?.role === 'agent') return <MyRecruits />;
  return (
    <div>
      <PageHeader title={t('ag.title')} subtitle={t('ag.subtitle')} />
      <p className="form-actions">
        {user && ['admin', 'branch_officer'].includes(user.role) && (
          <Link to="/agen/baru" className="btn btn-primary" testId="agent-new">
            {t('agf.new')}
          </Link>
        )}
        <Link to="/agen/komisi" className="btn" testId="commission-link">
          {t('cm.open')}
        </Link>
      </p>
      {list.loading && <Loading />}
      {list.error ? <ErrorBox error={list.error} /> : null}
      {list.data &&
        (list.data.items.length ? (
          <div className="table-wrap">
            <table data-testid="agents">
              <thead>
                <tr>
                  <th>{t('ag.code')}</th>
                  <th>{t('ag.name')}</th>
                  <th>{t('ag.status')}</th>
                  <th>{t('ag.villages')}</th>
                  <th>{t('ag.target')}</th>
                  <th>{t('ag.recruited')}</th>
                  <th>{t('ag.recruitsTotal')}</th>
                  <th>{t('ag.commission')}</th>
                  <th>{t('ag.flags')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((a) => (
                  <tr key={a.id}>
                    <td>
                      {user && ['admin', 'branch_officer'].includes(user.role) ? (
                        <Link to={`/agen/${a.id}`} testId={`agent-${a.code}`}>
                          {a.code}
                        </Link>
                      ) : (
                        a.code
                      )}
                    </td>
                    <td>{a.full_name}</td>
                    <td>{code('agstatus', a.status)}</td>
                    <td>{a.villages.join(', ')}</td>
                    <td className="num">{formatNumber(a.target)}</td>
                    <td className="num">{formatNumber(a.recruited)}</td>
                    <td className="num">{formatNumber(a.recruits_total)}</td>
                    <td className="num">{formatRupiah(a.commission_total)}</td>
                    <td className="num">{formatNumber(a.open_flags)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Empty>{t('ag.none')}</Empty>
        ))}
    </div>
  );
}
