import { z } from 'zod';
import { parseDuration } from '../sequence/duration.js';

/** A duration param: milliseconds, or text with a unit (`500ms`, `2s`, `30m`, `1h`, `1d`); parsed to ms. */
export const Duration = z
  .union([z.number().nonnegative(), z.string()])
  .transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is not a duration: use milliseconds or <n>ms|s|m|h|d (30m, 2s).` });
      return z.NEVER;
    }
    return ms;
  });

/** A positive duration param. */
export const PositiveDuration = Duration.refine((ms) => ms > 0, 'Must be longer than 0 ms.');

/** Fields partitioning the events (each partition is handled on its own, in time order). */
export const partitionBy = (fallback: string[]) =>
  z
    .union([z.string().min(1), z.array(z.string().min(1))])
    .default(fallback)
    .transform((v) => (typeof v === 'string' ? [v] : v))
    .describe(`Partition the events by these fields (roles, attributes or document paths); each partition in time order. Default ${JSON.stringify(fallback)}.`);

/** Which window ends hold events. */
export const Closed = z
  .enum(['left', 'both'])
  .default('left')
  .describe('`left`: windows are half-open [start, end) so adjacent windows never share an event; `both`: [start, end] as Flagon Distill.');

/** A list of field names given as one name or several. */
export const FieldList = (fallback: string[]) =>
  z
    .union([z.string().min(1), z.array(z.string().min(1))])
    .default(fallback)
    .transform((v) => (typeof v === 'string' ? [v] : v));
