/**
 * Where a JSON text stops being valid: the 0-based offset of the first character a JSON parser cannot accept
 * (the text's length when it ends too early), or `undefined` for valid JSON. A small recursive-descent checker, run
 * only after `JSON.parse` failed, because V8's messages do not always carry the position.
 *
 * Cost: one pass over the text; iterative, so a body nested 100,000 deep cannot overflow the stack.
 *
 * @example jsonErrorPosition('{"steps": [}') // → 11
 */
export function jsonErrorPosition(text: string): number | undefined {
  let i = 0;
  const fail = (at: number): never => {
    throw new Stop(at);
  };
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) fail(i);
      i++;
    }
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail(i);
      const ch = text.charCodeAt(i);
      if (ch === 0x22) {
        i++;
        return;
      }
      if (ch < 0x20) fail(i);
      if (ch === 0x5c) {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i);
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else fail(i + 1);
      } else i++;
    }
  };
  const number = (): void => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m === null) fail(i);
    i += m![0].length;
  };
  const key = (): void => {
    ws();
    if (text[i] !== '"') fail(i);
    string();
    ws();
    if (text[i] !== ':') fail(i);
    i++;
  };
  /** Iterative (an explicit stack of open containers): any nesting depth, no call-stack overflow. */
  const value = (): void => {
    const open: string[] = [];
    for (;;) {
      // A value starts here.
      ws();
      const ch = text[i];
      if (ch === '{' || ch === '[') {
        i++;
        ws();
        if (text[i] === (ch === '{' ? '}' : ']')) {
          i++;
        } else {
          open.push(ch);
          if (ch === '{') key();
          continue;
        }
      } else if (ch === '"') string();
      else if (ch === 't') literal('true');
      else if (ch === 'f') literal('false');
      else if (ch === 'n') literal('null');
      else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) number();
      else fail(i);
      // After a value: close containers or move to the next element.
      for (;;) {
        const top = open[open.length - 1];
        if (top === undefined) return;
        ws();
        if (text[i] === ',') {
          i++;
          if (top === '{') key();
          break;
        }
        if (text[i] === (top === '{' ? '}' : ']')) {
          i++;
          open.pop();
          continue;
        }
        fail(i);
      }
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail(i);
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return error.at;
    throw error;
  }
}

class Stop {
  constructor(readonly at: number) {}
}
