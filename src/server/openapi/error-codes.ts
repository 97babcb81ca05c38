import type { ErrorCode } from '../../core/errors.js';
import { HTTP_STATUS } from '../problem.js';

/** Every error code, in a fixed order (for the OpenAPI enum and the docs' problem table). */
export const ERROR_CODES = Object.keys(HTTP_STATUS) as [ErrorCode, ...ErrorCode[]];
