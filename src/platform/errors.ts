/**
 * Typed errors, mapped to HTTP status and CLI exit codes in one place (http.ts, cli.ts).
 * Messages are bilingual where a person reads them: Bahasa Indonesia first, then English.
 */
export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super(message, 400, 'validation_error', details);
  }
}
/** An upload above the limit (413). */
export class TooLargeError extends AppError {
  constructor(message: string) {
    super(message, 413, 'too_large');
  }
}
export class NotFoundError extends AppError {
  constructor(message: string) {
    super(message, 404, 'not_found');
  }
}
export class ConflictError extends AppError {
  constructor(message: string, details?: unknown) {
    super(message, 409, 'conflict', details);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = 'Silakan masuk terlebih dahulu / Please log in') {
    super(message, 401, 'unauthorized');
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'Anda tidak berwenang / You are not allowed to do this') {
    super(message, 403, 'forbidden');
  }
}
export class ConfigError extends AppError {
  constructor(message: string) {
    super(message, 500, 'config_error');
  }
}

/**
 * PostgreSQL constraint and data errors → 404/409/422/400 with the field named (never the value: it
 * may be a NIK). Anything else → null (a real 500).
 */
export function dbErrorToAppError(err: unknown): AppError | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as { code?: unknown; constraint?: string; column?: string; detail?: string; table?: string };
  if (typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) return null;
  const keyCols = /Key \(([^)]+)\)/.exec(e.detail ?? '')?.[1];
  const field = e.column ?? keyCols ?? e.constraint ?? 'input';
  const details = [{ field, constraint: e.constraint ?? null }];
  switch (e.code) {
    case '23505':
      return new AppError(`${field}: sudah ada / already exists`, 409, 'conflict', details);
    case '23503':
      return /is still referenced/.test(e.detail ?? '')
        ? new AppError(`${field}: masih dipakai data lain / still in use`, 409, 'conflict', details)
        : new AppError(
            `${field}: data rujukan tidak ditemukan / referenced row not found`,
            404,
            'not_found',
            details,
          );
    case '23502':
    case '23514':
    case '23P01':
      return new AppError(
        `${field}: nilai tidak diterima / value not accepted`,
        422,
        'unprocessable',
        details,
      );
    case '22001':
    case '22003':
    case '22007':
    case '22008':
    case '22021':
    case '22P02':
    case '22023':
    case '2201E':
    case '22012':
      return new AppError(`${field}: nilai tidak valid / invalid value`, 400, 'validation_error', details);
  }
  return null;
}
