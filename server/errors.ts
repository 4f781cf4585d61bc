/**
 * Transport-neutral application errors. Domain code throws AppError with one of these codes;
 * the HTTP layer maps codes to statuses in one table (httpStatusFor). Codes are stable API.
 */
export type ErrorCode =
  /** Request body, query or params failed validation; `field` names the first bad field. */
  | 'VALIDATION_FAILED'
  /** No valid session or token was presented. */
  | 'UNAUTHENTICATED'
  /** Username/password pair is wrong (never says which part). */
  | 'INVALID_CREDENTIALS'
  /** Too many failed logins: the account or address is temporarily locked. */
  | 'LOCKED_OUT'
  /** Record does not exist OR the caller may not see it — deliberately indistinguishable. */
  | 'NOT_FOUND'
  /** The caller may see the record but their role may not perform this action on it. */
  | 'FORBIDDEN'
  /** Unique constraint or state conflict (e.g. username taken). */
  | 'CONFLICT'
  /** A workflow action that is not allowed from the record's current state. */
  | 'INVALID_TRANSITION'
  /** The record moved on since the client read it (expectedVersion mismatch); the message says who moved it and when. */
  | 'STALE_TRANSITION'
  /** Idempotency-Key header missing on an endpoint that requires it. */
  | 'IDEMPOTENCY_KEY_MISSING'
  /** Idempotency-Key reused with a different payload. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** A request with the same Idempotency-Key is still being processed. */
  | 'IDEMPOTENCY_IN_PROGRESS'
  /** Point lies in no known grid. */
  | 'OUTSIDE_TERRITORY'
  /** Geometry is invalid (self-intersection, unclosed ring, too few points). */
  | 'INVALID_GEOMETRY'
  /** Payload too large (attachments, imports). */
  | 'PAYLOAD_TOO_LARGE'
  /** Upload content type not accepted. */
  | 'UNSUPPORTED_MEDIA_TYPE'
  /** Rate limit exceeded. */
  | 'RATE_LIMITED'
  /**
   * A patrol check-in was refused: forged or expired QR code, replayed client nonce, or GPS outside
   * the site's geofence; details.reason says which (and details.distanceMeters how far outside).
   */
  | 'CHECKIN_REFUSED'
  /** A roster change touches a shift that has already started (swap, approval, removal, template change); `field` names it. */
  | 'SHIFT_STARTED'
  /**
   * A cookie-authenticated state change (or a login) came from another site: Sec-Fetch-Site was
   * cross-site/same-site or Origin named a foreign host (server/http/csrf.ts).
   */
  | 'CSRF_REJECTED'
  /** The account has a temporary password: only changing it (POST /api/me/password), /api/me and logout work. */
  | 'PASSWORD_CHANGE_REQUIRED'
  /** The account's role requires a second factor (WANGGE_REQUIRE_2FA) that is not enrolled yet: only enrolment, /api/me and logout work. */
  | 'TOTP_ENROLMENT_REQUIRED'
  /** Unexpected failure; the message carries only an error id. */
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  LOCKED_OUT: 429,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  STALE_TRANSITION: 409,
  IDEMPOTENCY_KEY_MISSING: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_IN_PROGRESS: 409,
  OUTSIDE_TERRITORY: 404,
  INVALID_GEOMETRY: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  CHECKIN_REFUSED: 422,
  SHIFT_STARTED: 409,
  CSRF_REJECTED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  TOTP_ENROLMENT_REQUIRED: 403,
  INTERNAL: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** HTTP status for an error code: the only place codes meet HTTP. */
export function httpStatusFor(code: ErrorCode): number {
  return STATUS[code];
}

/** The one wire shape for errors. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string; details?: Record<string, unknown> };
}

export function errorBody(err: AppError): ErrorBody {
  const error: ErrorBody['error'] = { code: err.code, message: err.message };
  if (err.field !== undefined) error.field = err.field;
  if (err.details !== undefined) error.details = err.details;
  return { error };
}

/** Shorthand used by use cases: not-found and forbidden look alike to callers. */
export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found`);
}
