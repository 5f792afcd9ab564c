import type { Command } from 'commander';
import type { CliContext } from '../../cli.ts';
import { SYSTEM } from '../access/policy.ts';
import { addClient, listClients, revokeClient } from './clients.ts';
import { runDciWork } from './delivery.ts';

const list = (v: string) =>
  v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function registerDciCommands(program: Command, ctx: CliContext): void {
  const dci = program.command('dci').description('DCI Social Registry API: client systems and deliveries');
  const clients = dci.command('clients').description('Client systems allowed to call /api/dci');
  clients
    .command('add <name>')
    .description('Register a client system and print its bearer token once (name = its header.sender_id)')
    .option('--scope <ops>', 'operations: search,subscribe,match', 'search')
    .option(
      '--fields <groups>',
      'record field groups: identifiers,name,sex,birth_date,address,employment,coverage',
      'identifiers,coverage',
    )
    .option('--mask <fields>', 'masked in what it sees: nik,name,birth_date (use "none" for nothing)', 'nik')
    .option('--region <codes>', 'region codes it may see (e.g. 32,19.71); default the whole registry')
    .option('--rate <n>', 'requests per minute', '60')
    .option('--callback <prefixes>', 'URL prefixes allowed as sender_uri (async callbacks), comma separated')
    .option('--json', 'print JSON')
    .action(
      async (
        name: string,
        o: {
          scope: string;
          fields: string;
          mask: string;
          region?: string;
          rate: string;
          callback?: string;
          json?: boolean;
        },
      ) => {
        const deps = await ctx.open();
        try {
          const r = await addClient(
            deps.db,
            {
              name,
              operations: list(o.scope),
              fields: list(o.fields),
              masked: o.mask === 'none' ? [] : list(o.mask),
              regionCodes: o.region ? list(o.region) : [],
              ratePerMinute: Number(o.rate),
              callbackPrefixes: o.callback ? list(o.callback) : [],
            },
            SYSTEM,
          );
          if (o.json) ctx.out(JSON.stringify({ id: r.id, name, token: r.token }));
          else {
            ctx.out(`klien / client ${name} (id ${r.id})`);
            ctx.out(`token (sekali tampil / shown once): ${r.token}`);
          }
        } finally {
          await deps.handle.close();
        }
      },
    );
  clients
    .command('list')
    .description('List client systems (never their tokens)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const deps = await ctx.open();
      try {
        const rows = await listClients(deps.db);
        if (o.json) ctx.out(JSON.stringify(rows));
        else
          for (const c of rows)
            ctx.out(
              `${c.name}\t${c.status === 'active' ? 'aktif / active' : 'dicabut / revoked'}\tscope=${c.operations.join(',')}\tfields=${c.fields.join(',')}\tmask=${c.masked.join(',') || '-'}\tregion=${c.region_codes.join(',') || '*'}\trate=${c.rate_per_minute}/min`,
            );
      } finally {
        await deps.handle.close();
      }
    });
  clients
    .command('revoke <name>')
    .description('Revoke a client system: its token stops working at once')
    .action(async (name: string) => {
      const deps = await ctx.open();
      try {
        await revokeClient(deps.db, name, SYSTEM);
        ctx.out(`klien / client ${name}: dicabut / revoked`);
      } finally {
        await deps.handle.close();
      }
    });
  dci
    .command('deliver')
    .description(
      'One pass: answer queued async requests, turn registry events into notify messages, deliver due callbacks',
    )
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const deps = await ctx.open();
      try {
        const r = await runDciWork(deps);
        ctx.out(
          o.json
            ? JSON.stringify(r)
            : `dijawab / answered ${r.answered}, peristiwa / events ${r.events}, notifikasi / notifications ${r.notifications}, terkirim / delivered ${r.delivered}, diulang / retrying ${r.retrying}, gagal / failed ${r.failed}`,
        );
      } finally {
        await deps.handle.close();
      }
    });
}
