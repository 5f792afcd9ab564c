import type { Command } from 'commander';
import { type CliContext, ExitCode } from '../../platform/cli-context.ts';
import { cliActor, reportJob, runJobFromCli } from '../jobs/cli.ts';
import { addClient, listClients, revokeClient } from './clients.ts';
import { dciExclusionImportJob, remoteQuery } from './jobs.ts';
import { DELIVER_JOB } from './queue.ts';
import { addRemote, listRemotes } from './remotes.ts';

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
  const remotes = dci
    .command('remotes')
    .description(
      'External DCI registries Lindung queries as a client (tokens stay in environment variables)',
    );
  remotes
    .command('add <name>')
    .description('Register an external DCI registry')
    .requiredOption('--url <url>', 'its DCI base URL, e.g. https://registry.example/api/dci/')
    .requiredOption('--sender-id <id>', "Lindung's sender_id at that registry")
    .requiredOption(
      '--token-env <VAR>',
      'the environment variable holding the bearer token (in every worker)',
    )
    .option('--receiver-id <id>', 'its receiver_id')
    .action(
      async (name: string, o: { url: string; senderId: string; tokenEnv: string; receiverId?: string }) => {
        const deps = await ctx.open();
        try {
          const r = await addRemote(
            deps.db,
            { name, baseUrl: o.url, senderId: o.senderId, tokenEnv: o.tokenEnv, receiverId: o.receiverId },
            cliActor(),
          );
          ctx.out(`registri / remote ${name} (id ${r.id}); token dari / token from $${o.tokenEnv}`);
        } finally {
          await deps.handle.close();
        }
      },
    );
  remotes
    .command('list')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const deps = await ctx.open();
      try {
        const rows = await listRemotes(deps.db);
        if (o.json) ctx.out(JSON.stringify(rows));
        else
          for (const r of rows)
            ctx.out(`${r.name}\t${r.base_url}\tsender_id=${r.sender_id}\ttoken=$${r.token_env}`);
      } finally {
        await deps.handle.close();
      }
    });
  dci
    .command('exclusions <list>')
    .description(
      'Fill a wage-subsidy exclusion list from an external DCI registry (a job; masked or invalid NIKs are rejected with a reason)',
    )
    .requiredOption('--remote <name>', 'a registry from `dci remotes add`')
    .requiredOption(
      '--query <json>',
      'DCI search criteria: {"query_type":"predicate","query":[…]} (or expression, idtype-value)',
    )
    .option('--page-size <n>', 'records per page', '500')
    .option('--detach', 'queue the job and return')
    .option('--json', 'print JSON')
    .action(
      async (
        list: string,
        o: { remote: string; query: string; pageSize: string; detach?: boolean; json?: boolean },
      ) => {
        let query: unknown;
        try {
          query = remoteQuery.parse(JSON.parse(o.query));
        } catch (e) {
          ctx.err(
            `--query: kriteria DCI tidak valid / invalid DCI criteria (${e instanceof Error ? e.message : e})`,
          );
          throw new ExitCode(2);
        }
        const deps = await ctx.open();
        try {
          const job = await runJobFromCli(
            ctx,
            deps,
            dciExclusionImportJob.kind,
            { list_code: list, remote: o.remote, query, page_size: Number(o.pageSize) },
            { detach: o.detach, label: `DCI ${o.remote} → ${list}` },
          );
          if (o.detach) return;
          const r = (await reportJob(ctx, deps, job)) as {
            total: number;
            accepted: number;
            unchanged: number;
            rejected: number;
          };
          ctx.out(
            o.json
              ? JSON.stringify(r)
              : `rekaman / records ${r.total}: diterima / accepted ${r.accepted}, sudah ada / unchanged ${r.unchanged}, ditolak / rejected ${r.rejected}`,
          );
        } finally {
          await deps.handle.close();
        }
      },
    );
}
