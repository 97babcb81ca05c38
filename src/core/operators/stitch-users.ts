import { z } from 'zod';
import type { CanonicalEvent } from '../event.js';
import { fieldGetter, resolveFieldRef } from '../query/field-ref.js';
import { defineOperator } from '../pipeline/operator.js';
import { stitchUsers, userValue } from '../sequence/stitch-users.js';
import { derive, eventPartitions, eventsFrame } from './sequence-frames.js';

export const StitchUsersParams = z.strictObject({
  sessionField: z.string().min(1).default('session').describe('The field naming the visit whose events share one user.'),
  userField: z.string().min(1).default('user').describe('The field holding the user (null on anonymous pages); the stitched user always becomes the `user` role.'),
});

/**
 * `stitch-users`: within each session, the one non-null user becomes every event's `user` role (the copy's; the
 * document keeps `userId: null`), the value each event had stays in the attribute `sourceUser`, and
 * `userStitch` says what was decided. Sessions with two or more users are left as they are and reported.
 * Cost: O(n) per session; memory: one session.
 */
export const stitchUsersOperator = defineOperator({
  name: 'stitch-users',
  summary: 'Give each session’s anonymous events the one user seen in that session.',
  description:
    'Real UserALE sessions start anonymous (`userId` null on a login page) and become a user within the same `sessionId`. Per ' +
    'session (`sessionField`), when exactly one distinct non-null user appears, every event of the session gets that user as its ' +
    '`user` role (`userStitch`: `stitched`, or `single` when none was anonymous). With two or more distinct users nothing is guessed: ' +
    'events keep their own values, `userStitch` is `conflict`, and a `user_conflict` warning names the session and its users. ' +
    'Sessions with no user stay anonymous; events without a session are never stitched (`no-session`). The original value stays in ' +
    'the attribute `sourceUser` and in the document. Cost: O(n) per session; memory: one session.',
  params: StitchUsersParams,
  accepts: ['events'],
  produces: () => 'events',
  examples: [
    { description: 'Stitch users within UserALE sessions', params: {}, output: ['ex#1', 'ex#2', 'ex#3', 'ex#4', 'ex#5', 'ex#6', 'ex#7', 'ex#8', 'ex#9', 'ex#10'] },
    { description: 'Stitch on the older sessionID document field (absent here: one partition of unsessioned events)', params: { sessionField: 'doc.sessionID' }, output: ['ex#1', 'ex#2', 'ex#3', 'ex#4', 'ex#5', 'ex#6', 'ex#7', 'ex#8', 'ex#9', 'ex#10'] },
  ],
  fields: (params) => [params.sessionField, params.userField],
  partition: (params) => ({ by: [params.sessionField] }),
  derives: () => ['sourceUser', 'userStitch'],
  run(input, params, context) {
    const upstream = input.kind === 'events' ? input.batches : (async function* () {})();
    const getUser = fieldGetter(resolveFieldRef(params.userField));
    return eventsFrame(
      (async function* () {
        for await (const p of eventPartitions(upstream, [params.sessionField])) {
          const sessionKnown = p.key[0] !== null;
          const r = stitchUsers(p.events, { userField: params.userField, sessionKnown });
          if (r.status === 'conflict') {
            context.warnings.add({
              code: 'user_conflict',
              message: `Session ${String(p.key[0])} has ${r.users.length} users (${r.users.map((u) => `${u.user} ×${u.count}`).join(', ')}): not stitched.`,
            });
          }
          const user = r.status === 'stitched' || r.status === 'single' ? r.user : undefined;
          yield p.events.map((e): CanonicalEvent => {
            const attrs = { sourceUser: userValue(getUser(e)) ?? null, userStitch: r.status };
            return user !== undefined ? derive(e, attrs, { user }) : derive(e, attrs);
          });
        }
      })(),
    );
  },
});
