import { DICTS } from '../../../web/src/features/claims/text.ts';
import type { ExportColumn } from '../../platform/list-export.ts';
import { word } from '../rules/words.ts';

interface ClaimListRow {
  id: number;
  kpj: string;
  full_name: string;
  benefit: string;
  kind: string | null;
  event_date: string;
  status: string;
  amount: number | null;
  filed_on: string;
}

/** The claims list as a file: the columns the web's list shows, codes in the claims pages' words. */
export const CLAIM_COLUMNS: ExportColumn<ClaimListRow>[] = [
  { header: 'Nomor klaim / Claim number', value: (c) => c.id },
  { header: 'KPJ / KPJ', value: (c) => c.kpj },
  { header: 'Peserta / Participant', value: (c) => c.full_name },
  { header: 'Manfaat / Benefit', value: (c, l) => word(l, `benefit.${c.benefit}`, c.benefit, DICTS) },
  { header: 'Jenis / Kind', value: (c, l) => (c.kind ? word(l, `kind.${c.kind}`, c.kind, DICTS) : null) },
  { header: 'Tanggal kejadian / Event date', value: (c) => c.event_date },
  { header: 'Diajukan / Filed on', value: (c) => c.filed_on },
  { header: 'Status / Status', value: (c, l) => word(l, `status.${c.status}`, c.status, DICTS) },
  { header: 'Jumlah (Rp) / Amount (IDR)', value: (c) => c.amount },
];

interface PensionListRow {
  kpj: string;
  full_name: string;
  kind: string;
  payee_name: string;
  monthly_amount: number | string;
  start_period: string;
  end_period: string | null;
  status: string;
  ended_reason: string | null;
  months_paid: number;
}

/** The JP pensions in payment as a file. */
export const PENSION_COLUMNS: ExportColumn<PensionListRow>[] = [
  { header: 'KPJ / KPJ', value: (p) => p.kpj },
  { header: 'Peserta / Participant', value: (p) => p.full_name },
  { header: 'Jenis pensiun / Pension kind', value: (p, l) => word(l, `kind.${p.kind}`, p.kind, DICTS) },
  { header: 'Penerima / Payee', value: (p) => p.payee_name },
  { header: 'Per bulan (Rp) / Monthly (IDR)', value: (p) => Number(p.monthly_amount) },
  { header: 'Mulai / From', value: (p) => p.start_period },
  { header: 'Sampai / Until', value: (p) => p.end_period },
  { header: 'Status / Status', value: (p, l) => word(l, `pension.${p.status}`, p.status, DICTS) },
  {
    header: 'Alasan berakhir / Ended because',
    value: (p, l) => (p.ended_reason ? word(l, `ended.${p.ended_reason}`, p.ended_reason, DICTS) : null),
  },
  { header: 'Bulan dibayar / Months paid', value: (p) => p.months_paid },
];
