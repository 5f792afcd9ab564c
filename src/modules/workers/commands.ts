import type { Command } from 'commander';
import { type CliContext, ExitCode } from '../../platform/cli-context.ts';
import { isoDate, systemClock } from '../../platform/clock.ts';
import { knownDistrict } from '../regions/reference.ts';
import { parseNik } from './nik.ts';

export function registerWorkerCommands(program: Command, ctx: CliContext): void {
  const nik = program.command('nik').description('NIK (Nomor Induk Kependudukan)');
  nik
    .command('parse <nik>')
    .description('Validate and decode a NIK: region, sex, birth date, serial. Exit 2 when malformed')
    .option('--json', 'print JSON')
    .action((value: string, o: { json?: boolean }) => {
      const r = parseNik(value, isoDate(systemClock.now()));
      if (!r.valid) {
        if (o.json)
          ctx.out(
            JSON.stringify({ valid: false, code: r.code, message: r.message_en, message_id: r.message_id }),
          );
        ctx.err(`NIK tidak valid / invalid NIK: ${r.message_id} / ${r.message_en}`);
        throw new ExitCode(2);
      }
      const out = { ...r, region_known: knownDistrict(r.district_code) };
      if (o.json) ctx.out(JSON.stringify(out));
      else
        ctx.out(
          [
            `NIK ${value}: valid`,
            `  wilayah / region: ${out.district_code}${out.region_known ? '' : ' (bukan wilayah saat ini / not a current region)'}`,
            `  jenis kelamin / sex: ${out.sex}`,
            `  tanggal lahir / birth date: ${out.birth_date}`,
            `  nomor urut / serial: ${out.serial}`,
          ].join('\n'),
        );
    });
}
