import { useEffect, useState } from 'react';
import type { ApiAnswer } from '../../api/types.ts';
import { api } from '../../api.ts';

/** A background job as the API shows it (GET /api/jobs/:id), generated from src/modules/jobs/schemas.ts. */
export type Job = ApiAnswer<'/api/jobs/{id}'>['job'];

export const jobEnded = (j: Job | null | undefined) =>
  !!j && (j.status === 'done' || j.status === 'failed' || j.status === 'cancelled');

/** Follows a job live (polls every second until it ends); `onEnd` runs once when it does. */
export function useJob(id: number | null, onEnd?: (job: Job) => void): { job: Job | null; error: unknown } {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: onEnd is read at the end only
  useEffect(() => {
    setJob(null);
    if (id === null) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const r = await api<{ job: Job }>(`/api/jobs/${id}`);
        if (stop) return;
        setJob(r.job);
        if (jobEnded(r.job)) onEnd?.(r.job);
        else timer = setTimeout(poll, 1000);
      } catch (e) {
        if (!stop) setError(e);
      }
    };
    void poll();
    return () => {
      stop = true;
      if (timer) clearTimeout(timer);
    };
  }, [id]);
  return { job, error };
}

/** Polls a job until `until(job)` holds or it ends; resolves with the job at that moment. */
export async function followJob(id: number, until: (job: Job) => boolean = jobEnded): Promise<Job> {
  for (;;) {
    const { job } = await api<{ job: Job }>(`/api/jobs/${id}`);
    if (until(job) || jobEnded(job)) return job;
    await new Promise((r) => setTimeout(r, 700));
  }
}
