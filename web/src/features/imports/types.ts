export interface ImportJob {
  id: number | string;
  file_name: string | null;
  status: 'running' | 'done' | 'failed' | string;
  total_rows: number | null;
  accepted_rows: number | null;
  unchanged_rows: number | null;
  rejected_rows: number | null;
  dry_run: boolean;
  message: string | null;
  created_at?: string;
  started_at?: string;
  finished_at?: string | null;
}

export interface ImportError {
  line: number;
  column: string | null;
  code: string;
  message_id: string;
  message_en: string;
  value: string | null;
}
