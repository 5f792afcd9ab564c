import { SYSTEM } from '../src/modules/access/policy.ts';
import { registerEmployer } from '../src/modules/employers/actions.ts';
import type { Database } from '../src/platform/db.ts';

/** A valid NIK for a person: district '32.73.05', birth 'YYYY-MM-DD', sex, serial. */
export function makeNik(district: string, birthDate: string, sex: 'M' | 'F', serial = 1): string {
  const [y, m, d] = birthDate.split('-') as [string, string, string];
  const day = Number(d) + (sex === 'F' ? 40 : 0);
  return `${district.replace(/\./g, '')}${String(day).padStart(2, '0')}${m}${y.slice(2)}${String(serial).padStart(4, '0')}`;
}

let employerSeq = 0;
export async function makeEmployer(db: Database, over: Partial<Parameters<typeof registerEmployer>[1]> = {}) {
  employerSeq++;
  return registerEmployer(
    db,
    {
      name: `PT Uji Coba ${employerSeq}`,
      legal_form: 'PT',
      sector: 'Industri pengolahan',
      size_class: 'medium',
      risk_class: 3,
      village_code: '32.73.05.1001',
      registered_on: '2024-01-15',
      ...over,
    },
    SYSTEM,
  );
}
