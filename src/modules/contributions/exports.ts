import { DICTS } from '../../../web/src/features/contributions/i18n.ts';
import type { ExportColumn } from '../../platform/list-export.ts';
import { word } from '../rules/words.ts';
import type { WorklistRow } from './arrears.ts';
import type { InvoiceListRow } from './invoices.ts';

/** The invoices list as a file: the columns the web's list shows, codes in the contributions pages' words. */
export const INVOICE_COLUMNS: ExportColumn<InvoiceListRow>[] = [
  { header: 'Periode / Period', value: (i) => i.period },
  {
    header: 'Jenis pembayar / Payer kind',
    value: (i, l) => word(l, `inv.kind.${i.payer_kind}`, i.payer_kind, DICTS),
  },
  { header: 'Nomor pembayar / Payer number', value: (i) => i.payer_number },
  { header: 'Pembayar / Payer', value: (i) => i.payer_name },
  { header: 'Jatuh tempo / Due date', value: (i) => i.due_date },
  { header: 'Tagihan (Rp) / Billed (IDR)', value: (i) => Number(i.amount) + Number(i.adjustments) },
  { header: 'Dibayar (Rp) / Paid (IDR)', value: (i) => Number(i.paid) },
  { header: 'Denda terutang (Rp) / Fines owed (IDR)', value: (i) => Number(i.fines_owed) },
  { header: 'Sisa (Rp) / Outstanding (IDR)', value: (i) => Number(i.outstanding) },
  { header: 'Status / Status', value: (i, l) => word(l, `inv.status.${i.status}`, i.status, DICTS) },
  { header: 'Tanggal lunas / Paid on', value: (i) => i.paid_at },
];

/** The branch office's arrears worklist as a file, largest and oldest first like the list. */
export const WORKLIST_COLUMNS: ExportColumn<WorklistRow>[] = [
  { header: 'NPP / NPP', value: (w) => w.npp },
  { header: 'Pemberi kerja / Employer', value: (w) => w.name },
  { header: 'Kabupaten/kota / Regency/city', value: (w) => w.regency },
  { header: 'Provinsi / Province', value: (w) => w.province },
  { header: 'Kantor cabang / Branch office', value: (w) => w.branch_office },
  { header: 'Kontak / Contacts', value: (w) => w.contacts },
  { header: 'Bulan tertunggak / Months overdue', value: (w) => w.months_overdue },
  { header: 'Jatuh tempo tertua / Oldest due date', value: (w) => w.oldest_due },
  { header: 'Hari lewat jatuh tempo / Days past due', value: (w) => w.days_past_due },
  { header: 'Tunggakan (Rp) / Overdue (IDR)', value: (w) => Number(w.overdue) },
  { header: 'Denda (Rp) / Fines (IDR)', value: (w) => Number(w.fines) },
  { header: 'Jumlah (Rp) / Total (IDR)', value: (w) => Number(w.total) },
  { header: 'Pembayaran terakhir / Last payment', value: (w) => w.last_payment_on },
];
