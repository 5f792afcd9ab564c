import type { ReactNode, ThHTMLAttributes } from 'react';
import { qs } from '../api.ts';
import { formatNumber } from '../format.ts';
import { type Key, useI18n } from '../i18n.ts';
import { useRouter } from '../router.tsx';
import { Empty, ErrorBox, Loading, Pagination } from './components.tsx';
import { type ApiState, useApi } from './useApi.ts';

type Params = Record<string, string | number | boolean | null | undefined>;

export interface ListPage<T> {
  items: T[];
  total: number;
}

export interface ListState<R> extends ApiState<R> {
  path: string | null;
  params: Params;
  page: number;
  pageSize: number;
  onPage(page: number): void;
}

/**
 * One server-paged list (issue 14): `path` with the filters in `params`, the page from the address
 * (`?page=`), so a page can be linked and the back button works. `path` null fetches nothing yet.
 */
export function useList<R extends ListPage<unknown>>(
  path: string | null,
  params: Params,
  pageSize = 50,
): ListState<R> {
  const { location, navigate } = useRouter();
  const page = Number(location.search.get('page') ?? '1') || 1;
  const state = useApi<R>(path ? `${path}${qs({ ...params, page, pageSize })}` : null);
  const onPage = (p: number) => {
    const s = new URLSearchParams(location.search);
    if (p > 1) s.set('page', String(p));
    else s.delete('page');
    const q = s.toString();
    navigate(`${location.pathname}${q ? `?${q}` : ''}`);
  };
  return { ...state, path, params, page, pageSize, onPage };
}

export interface Column<T> {
  header: ReactNode;
  cell(row: T): ReactNode;
  /** 'num' for figures, 'mono' for numbers people copy (NIK, KPJ, NPP). */
  className?: string;
  /** Attributes of the header cell (a sortable column's aria-sort, onClick, data-testid). */
  th?: ThHTMLAttributes<HTMLTableCellElement> & Record<`data-${string}`, string>;
}

/**
 * The shared list: the total ("1.234 peserta"), the table, the pager, and CSV / XLSX links that
 * carry the current filters (the server writes the same list, platform/list-export.ts).
 */
export function DataTable<T>({
  list,
  columns,
  rowKey,
  count,
  empty,
  testId,
  rowTestId,
  rowData,
  exportable = true,
}: {
  list: ListState<ListPage<T>>;
  columns: Column<T>[];
  rowKey(row: T): string | number;
  /** A dictionary key with {n}: "{n} peserta". */
  count: Key;
  empty: ReactNode;
  testId?: string;
  rowTestId?: string;
  /** Extra `data-*` attributes of a row, e.g. `{ 'data-claim': 12 }`. */
  rowData?(row: T): Record<`data-${string}`, string | number>;
  exportable?: boolean;
}) {
  const { t, lang } = useI18n();
  const data = list.data;
  const href = (format: 'csv' | 'xlsx') =>
    `${list.path}${qs({ ...list.params, format, lang: lang === 'en' ? 'en' : undefined })}`;
  return (
    <>
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.loading && !data && <Loading />}
      {data && data.items.length === 0 && <Empty>{empty}</Empty>}
      {data && data.items.length > 0 && (
        <>
          <div className="list-head">
            <span className="list-count" data-testid="list-total">
              {t(count, { n: formatNumber(data.total) })}
            </span>
            {exportable && list.path && (
              <span className="list-export">
                {t('list.download')}:{' '}
                <a href={href('csv')} data-testid="list-csv" download>
                  CSV
                </a>{' '}
                ·{' '}
                <a href={href('xlsx')} data-testid="list-xlsx" download>
                  XLSX
                </a>
              </span>
            )}
          </div>
          <div className="table-wrap">
            <table data-testid={testId}>
              <thead>
                <tr>
                  {columns.map((c, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: columns are static
                    <th key={i} className={c.className === 'num' ? 'num' : undefined} {...c.th}>
                      {c.header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.items.map((row) => (
                  <tr key={rowKey(row)} data-testid={rowTestId} {...rowData?.(row)}>
                    {columns.map((c, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: columns are static
                      <td key={i} className={c.className}>
                        {c.cell(row)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={list.page} pageSize={list.pageSize} total={data.total} onPage={list.onPage} />
        </>
      )}
    </>
  );
}
