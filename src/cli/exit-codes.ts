import type { ErrorCode } from '../core/errors.js';

/**
 * Process exit codes, mapped once from error codes:
 * 0 success · 1 internal error · 2 bad input (arguments, query, pipeline, config, params, unknown operator) ·
 * 3 source not found · 4 source unavailable (also auth_failed, tls_failed, timeout: the JSON `code` tells them apart) ·
 * 5 malformed input in strict mode · 6 unsupported · 130 aborted.
 */
export const EXIT_CODES: Readonly<Record<ErrorCode, number>> = {
  invalid_argument: 2,
  invalid_query: 2,
  invalid_pipeline: 2,
  invalid_config: 2,
  unknown_operator: 2,
  invalid_plugin: 2,
  source_not_found: 3,
  source_unavailable: 4,
  auth_failed: 4,
  tls_failed: 4,
  timeout: 4,
  malformed_input: 5,
  unsupported: 6,
  aborted: 130,
  internal: 1,
  // Server-only codes (the CLI never raises them); mapped for completeness of the record.
  unauthorized: 2,
  forbidden: 2,
  not_found: 2,
  method_not_allowed: 2,
  not_acceptable: 2,
  payload_too_large: 2,
  busy: 4,
  limit_exceeded: 2,
};
