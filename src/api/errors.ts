/** HTTP status titles of api.md §3. */ // api.md §3 [fixed]
export const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Rate Limited',
  500: 'Internal Server Error',
};

/** The error-code catalogue of api.md §3: each code's status and default message. */ // api.md §3 [fixed]
export const ERROR_CODES = {
  VALIDATION_ERROR: { status: 400, message: 'request is invalid' },
  PROFILE_NOT_FOUND: { status: 404, message: 'profile not found' },
  SIGNAL_NOT_FOUND: { status: 404, message: 'signal not found' },
  RULE_NOT_FOUND: { status: 404, message: 'rule not found' },
  BASELINE_NOT_FOUND: { status: 404, message: 'baseline not found' },
  BATCH_RUN_NOT_FOUND: { status: 404, message: 'batch run not found' },
  INVALID_STATE: { status: 409, message: 'operation not valid in the current state' },
  INVALID_STATUS_TRANSITION: { status: 409, message: 'invalid status transition' },
  RATE_LIMIT_EXCEEDED: { status: 429, message: 'Rate limit exceeded. Please retry after the reset time.' },
  TENANT_NOT_FOUND: { status: 401, message: 'invalid tenant ID' },
  INVALID_ENROLLMENT_REASON: { status: 400, message: 'invalid enrollment_reason' },
  INVALID_SIGNAL_CATEGORY: { status: 400, message: 'invalid signal_category' },
  INVALID_RULE_TYPE: { status: 400, message: 'invalid rule_type' },
  INVALID_SEVERITY: { status: 400, message: 'invalid severity' },
  INVALID_WEIGHT: { status: 400, message: 'weight must be between 0 and 1' },
  UNAUTHORIZED: { status: 401, message: 'invalid API key' },
  FORBIDDEN: { status: 403, message: 'forbidden' },
  NOT_FOUND: { status: 404, message: 'route not found' },
  PROFILE_ALREADY_EXISTS: { status: 409, message: 'profile already exists for customer_id' },
  USER_ALREADY_EXISTS: { status: 409, message: 'a user with this email already exists' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: 'Idempotency-Key was used with a different request' },
  IDEMPOTENCY_KEY_IN_USE: {
    status: 409,
    message: 'a request with this Idempotency-Key is still in progress',
  },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'request body too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'content type must be application/json' },
  INTERNAL_ERROR: { status: 500, message: 'internal server error' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorDetail {
  field: string;
  message: string;
}

/** An error the client is meant to see, in the shape of api.md §3. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: ErrorCode, message?: string, details?: ErrorDetail[]) {
    super(message ?? ERROR_CODES[code].message);
    this.name = 'ApiError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = details;
  }
}

export function apiError(code: ErrorCode, message?: string, details?: ErrorDetail[]): ApiError {
  return new ApiError(code, message, details);
}

export interface ErrorBody {
  error: string;
  message: string;
  status: number;
  code: ErrorCode;
  request_id: string;
  details?: ErrorDetail[];
}

export function toErrorBody(error: ApiError, requestId: string): ErrorBody {
  const body: ErrorBody = {
    error: STATUS_TITLES[error.status] ?? 'Error',
    message: error.message,
    status: error.status,
    code: error.code,
    request_id: requestId,
  };
  if (error.details && error.details.length > 0) body.details = error.details;
  return body;
}
