export {
  BASE_PATHS,
  createVigilClient,
  unwrap,
  VigilApiError,
  type Environment,
  type ListItem,
  type ListPath,
  type PageParams,
  type VigilClient,
  type VigilClientOptions,
  type VigilErrorBody,
  type VigilErrorCode,
} from './client.js';
export {
  createRetryingFetch,
  DEFAULT_MAX_ATTEMPTS,
  isRetriableStatus,
  parseRetryAfter,
  type FetchLike,
  type RetryInfo,
  type RetryingFetch,
  type RetryOptions,
} from './retrying-fetch.js';
export type { components, paths } from './schema.js';
