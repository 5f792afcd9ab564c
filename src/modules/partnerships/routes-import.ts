import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { requireActor } from '../access/request.ts';
import { saveUpload } from '../imports/routes.ts';
import { importUnderAgreement } from './agreement-import.ts';
import { attributeMembers, createReferralCode, registerReferral, sponsorMembers } from './members.ts';
import { getAgreement } from './queries.ts';
import { date, idParam } from './schemas.ts';
import { agreementScope, assertManager } from './scope.ts';

/** Enrolment under an agreement: member-list imports, attribution by an officer, referral codes. */
export async function agreementImportRoutes(app: Http, deps: Deps): Promise<void> {
  // The imports module registers multipart on the same instance; register it only when it has not.
  if (!app.hasRequestDecorator('file'))
    await app.register(multipart, {
      limits: {
        fileSize: deps.config.uploadLimit ?? 256 * 1024 * 1024,
        files: 1,
        fields: 10,
        fieldSize: 1000,
      },
    });
  const tags = ['partnerships'];

  app.post(
    '/agreements/:id/imports',
    {
      schema: {
        tags,
        summary: 'Impor daftar anggota di bawah perjanjian (multipart: file, employer_npp?, dry_run?)',
        params: idParam,
        consumes: ['multipart/form-data'],
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const part = await req.file();
      if (!part) throw new ValidationError('file: tidak ada berkas / no file uploaded');
      const field = (k: string) => {
        const v = part.fields[k];
        return v && !Array.isArray(v) && 'value' in v ? String(v.value) : undefined;
      };
      const tmp = path.join(
        os.tmpdir(),
        `lindung-agreement-${process.pid}-${Date.now()}${path.extname(part.filename)}`,
      );
      await saveUpload(part.file, tmp);
      try {
        // Synchronous, unlike /imports/workers: attribution needs the finished import. Member lists are small.
        const r = await importUnderAgreement(
          deps.handle,
          req.params.id,
          {
            file: tmp,
            fileName: part.filename,
            employerNpp: field('employer_npp') || undefined,
            dryRun: field('dry_run') === 'true',
          },
          actor,
          deps.clock,
        );
        return reply.status(r.dryRun ? 200 : 201).send({ ...r, errors: r.errors.slice(0, 1000) });
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    },
  );

  app.post(
    '/agreements/:id/members',
    {
      schema: {
        tags,
        summary: 'Kaitkan peserta atau pemberi kerja ke perjanjian (pilihan petugas)',
        params: idParam,
        body: z.object({
          participant_ids: z.array(z.number().int()).max(10000).optional(),
          niks: z
            .array(z.string().regex(/^\d{16}$/))
            .max(10000)
            .optional(),
          employer_npps: z.array(z.string()).max(10000).optional(),
          on: date.optional(),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body;
      const r = await attributeMembers(
        deps.db,
        req.params.id,
        {
          via: 'officer',
          participantIds: b.participant_ids,
          niks: b.niks,
          employerNpps: b.employer_npps,
          on: b.on,
        },
        requireActor(req),
        deps.clock,
      );
      return reply.status(201).send(r);
    },
  );

  app.post(
    '/agreements/:id/sponsorships',
    {
      schema: { tags, summary: 'Buat sponsor iuran untuk anggota BPU perjanjian sponsor', params: idParam },
    },
    async (req) => {
      const actor = requireActor(req);
      assertManager(actor);
      const a = await getAgreement(
        deps.db,
        agreementScope(actor),
        deps.clock.now().toISOString().slice(0, 10),
        { id: req.params.id },
      );
      if (a.payer !== 'sponsor')
        throw new ValidationError('payer: perjanjian ini bukan sponsor / not a sponsor agreement');
      return { created: await sponsorMembers(deps.db, a, a.starts_on) };
    },
  );

  app.post(
    '/agreements/:id/referral-codes',
    {
      schema: {
        tags,
        summary: 'Buat kode rujukan untuk agen atau kampanye',
        params: idParam,
        body: z.object({
          code: z
            .string()
            .regex(/^[A-Za-z0-9-]{4,32}$/)
            .optional(),
          agent_name: z.string().max(200).nullish(),
        }),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createReferralCode(deps.db, req.params.id, req.body, requireActor(req), deps.clock)),
  );

  app.post(
    '/referrals',
    {
      schema: {
        tags,
        summary: 'Pendaftaran dengan kode rujukan: kaitkan peserta ke perjanjian kode itu',
        body: z
          .object({
            code: z.string().min(4),
            participant_id: z.number().int().optional(),
            nik: z
              .string()
              .regex(/^\d{16}$/)
              .optional(),
          })
          .refine(
            (b) => b.participant_id !== undefined || b.nik !== undefined,
            'participant_id atau nik wajib / participant_id or nik required',
          ),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await registerReferral(deps.db, req.body, requireActor(req), deps.clock)),
  );
}
