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
