import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.ts';
import { cliActor, reportJob, runJobFromCli } from '../jobs/cli.ts';
import { addClient, listClients, revokeClient } from './clients.ts';
import { DELIVER_JOB } from './queue.ts';

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
            cliActor(),
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
        await revokeClient(deps.db, name, cliActor());
        ctx.out(`klien / client ${name}: dicabut / revoked`);
      } finally {
        await deps.handle.close();
      }
    });
  dci
    .command('deliver')
    .description(
      'Run the dci.deliver job now: answer queued async requests, turn registry events into notify messages, deliver due callbacks (the server does this every minute)',
    )
    .option('--detach', 'queue the job and return')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean; detach?: boolean }) => {
      const deps = await ctx.open();
      try {
        const job = await runJobFromCli(
          ctx,
          deps,
          DELIVER_JOB,
          {},
          {
            detach: o.detach,
            label: 'DCI deliveries',
          },
        );
        if (o.detach) return;
        const r = (await reportJob(ctx, deps, job)) as {
          answered: number;
          events: number;
          notifications: number;
          delivered: number;
          retrying: number;
          failed: number;
        };
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
