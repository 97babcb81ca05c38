/**
 * The small UserALE-shaped data set every operator's documented examples run on (`docs/operators.md` shows it), so
 * an example's expected output can be checked by hand — and is, by the operator conformance suite. Read as a file
 * named `ex`, the events get the ids `ex#1` … `ex#10`. Three users, one session each, one event per second from
 * 2024-03-04T10:00:00Z; clicks are ex#1, ex#4, ex#7 and ex#9.
 *
 * | id | user | session | type | target | page | second |
 * |---|---|---|---|---|---|---|
 * | ex#1 | alice | s1 | click | button#buy | /home | 0 |
 * | ex#2 | alice | s1 | focus | input#q | /home | 1 |
 * | ex#3 | alice | s1 | change | input#q | /home | 2 |
 * | ex#4 | bob | s2 | click | a#nav | /home | 3 |
 * | ex#5 | bob | s2 | scroll | window | /home | 4 |
 * | ex#6 | bob | s2 | focus | input#q | /search | 5 |
 * | ex#7 | bob | s2 | click | button#buy | /search | 6 |
 * | ex#8 | carol | s3 | change | select#size | /product | 7 |
 * | ex#9 | carol | s3 | click | button#buy | /product | 8 |
 * | ex#10 | carol | s3 | submit | form#checkout | /cart | 9 |
 */
export const EXAMPLE_START = Date.UTC(2024, 2, 4, 10, 0, 0);

const ROWS: readonly (readonly [string, string, string, string, string, number])[] = [
  ['alice', 's1', 'click', 'button#buy', '/home', 0],
  ['alice', 's1', 'focus', 'input#q', '/home', 1],
  ['alice', 's1', 'change', 'input#q', '/home', 2],
  ['bob', 's2', 'click', 'a#nav', '/home', 3],
  ['bob', 's2', 'scroll', 'window', '/home', 4],
  ['bob', 's2', 'focus', 'input#q', '/search', 5],
  ['bob', 's2', 'click', 'button#buy', '/search', 6],
  ['carol', 's3', 'change', 'select#size', '/product', 7],
  ['carol', 's3', 'click', 'button#buy', '/product', 8],
  ['carol', 's3', 'submit', 'form#checkout', '/cart', 9],
];

/** The example documents (UserALE raw logs). */
export const EXAMPLE_DOCUMENTS: readonly Record<string, unknown>[] = ROWS.map(([userId, sessionId, type, target, page, second]) => ({
  logType: 'raw',
  clientTime: EXAMPLE_START + second * 1000,
  userId,
  sessionId,
  type,
  target,
  pageUrl: `https://shop.example${page}`,
  path: [target, 'body', 'html', 'Window'],
  details: type === 'click' ? { clicks: 1 } : null,
}));
