/**
 * The closed set of domain failures. The HTTP layer maps each kind to a status code; nothing
 * branches on message text, which is written for the person who has to fix the input.
 */
export type DomainErrorKind = 'validation_failed' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** "Person" from "person": messages start with a capital letter. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function notFound(what: string): DomainError {
  return new DomainError('not_found', `${capitalize(what)} not found: it may have been deleted, or it is in another workspace. Reload and try again.`);
}

/** "Check dueDate: it must be …": the field to fix first (API clients and tests look for it), then what is wrong. */
export function invalid(field: string, problem: string): DomainError {
  const sentence = /^(must|is|has) /.test(problem) ? `it ${problem}` : problem;
  return new DomainError('validation_failed', `Check ${field}: ${sentence}${/[.!?)]$/.test(sentence) ? '' : '.'}`);
}

/** Unique-constraint violations as each engine reports them (better-sqlite3 and pg). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function nowIso(): string {
  return new Date().toISOString();
}
