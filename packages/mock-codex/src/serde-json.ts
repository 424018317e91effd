/**
 * The message serde_json gives for text that is not JSON, as Codex prints it for an
 * `--output-schema` file (`Output schema file F is not valid JSON: <message>`):
 * `EOF while parsing an object at line 4 column 0`, `expected value at line 1 column 1`, ...
 * Lines count from 1; the column counts the bytes of the line read so far (0 right after a
 * newline), the offending byte included.
 */

class SerdeError extends Error {}

/** Undefined when `text` is valid JSON, else serde_json's message. */
export function serdeJsonError(text: string): string | undefined {
  const bytes = Buffer.from(text, "utf8");
  let at = 0;
  let depth = 0;
  const position = (end: number): string => {
    let line = 1;
    let column = 0;
    for (let k = 0; k < end && k < bytes.length; k++) {
      if (bytes[k] === 0x0a) {
        line++;
        column = 0;
      } else column++;
    }
    return `line ${line} column ${column}`;
  };
  /** An error at the byte just looked at (counted in the column). */
  const peekError = (message: string): never => {
    throw new SerdeError(`${message} at ${position(at + 1)}`);
  };
  const eof = (what: string): never => {
    throw new SerdeError(`EOF while parsing ${what} at ${position(bytes.length)}`);
  };
  const skip = () => {
    while (at < bytes.length) {
      const c = bytes[at];
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) at++;
      else break;
    }
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++) {
      if (at >= bytes.length) eof("a value");
      if (bytes[at] !== word.charCodeAt(k)) peekError("expected ident");
      at++;
    }
  };
  const digits = (): number => {
    const start = at;
    while (at < bytes.length && (bytes[at] as number) >= 0x30 && (bytes[at] as number) <= 0x39)
      at++;
    return at - start;
  };
  const number = () => {
    if (bytes[at] === 0x2d) {
      at++;
      if (at >= bytes.length) eof("a value");
    }
    const c = bytes[at] as number;
    if (c === 0x30) at++;
    else if (c >= 0x31 && c <= 0x39) digits();
    else peekError("invalid number");
    if (bytes[at] === 0x2e) {
      at++;
      if (at >= bytes.length) eof("a value");
      if (digits() === 0) peekError("invalid number");
    }
    if (bytes[at] === 0x65 || bytes[at] === 0x45) {
      at++;
      if (bytes[at] === 0x2b || bytes[at] === 0x2d) at++;
      if (at >= bytes.length) eof("a value");
      if (digits() === 0) peekError("invalid number");
    }
  };
  const string = () => {
    at++;
    for (;;) {
      if (at >= bytes.length) eof("a string");
      const c = bytes[at] as number;
      if (c === 0x22) {
        at++;
        return;
      }
      if (c === 0x5c) {
        at++;
        if (at >= bytes.length) eof("a string");
        const e = bytes[at] as number;
        if (e === 0x75) {
          for (let k = 0; k < 4; k++) {
            at++;
            if (at >= bytes.length) eof("a string");
            if (!/[0-9a-fA-F]/.test(String.fromCharCode(bytes[at] as number))) {
              peekError("invalid escape");
            }
          }
        } else if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) peekError("invalid escape");
        at++;
        continue;
      }
      if (c < 0x20) {
        peekError("control character (\\u0000-\\u001F) found while parsing a string");
      }
      at++;
    }
  };
  const value = (): void => {
    skip();
    if (at >= bytes.length) eof("a value");
    const c = bytes[at] as number;
    if (c === 0x7b || c === 0x5b) {
      const object = c === 0x7b;
      const what = object ? "an object" : "a list";
      if (++depth > 128) peekError("recursion limit exceeded");
      at++;
      skip();
      if (at >= bytes.length) eof(what);
      if (bytes[at] === (object ? 0x7d : 0x5d)) {
        at++;
        depth--;
        return;
      }
      for (;;) {
        if (object) {
          skip();
          if (at >= bytes.length) eof(what);
          if (bytes[at] !== 0x22) peekError("key must be a string");
          string();
          skip();
          if (at >= bytes.length) eof(what);
          if (bytes[at] !== 0x3a) peekError("expected `:`");
          at++;
        }
        value();
        skip();
        if (at >= bytes.length) eof(what);
        const next = bytes[at];
        if (next === (object ? 0x7d : 0x5d)) {
          at++;
          depth--;
          return;
        }
        if (next !== 0x2c) peekError(object ? "expected `,` or `}`" : "expected `,` or `]`");
        at++;
        skip();
        if (at >= bytes.length) eof(what);
        if (bytes[at] === (object ? 0x7d : 0x5d)) peekError("trailing comma");
      }
    }
    if (c === 0x22) string();
    else if (c === 0x74) literal("true");
    else if (c === 0x66) literal("false");
    else if (c === 0x6e) literal("null");
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) number();
    else peekError("expected value");
  };
  try {
    value();
    skip();
    if (at < bytes.length) peekError("trailing characters");
    return undefined;
  } catch (error) {
    if (error instanceof SerdeError) return error.message;
    throw error;
  }
}
