// URLs quoted in a text (a description, a report cell, a finding's message, a line of plan JSON)
// and the parameters in their query, fragment and `;` parts, with where each value sits, so that
// one rule (secret-shapes.ts: secretInQuery) both finds a credential there and masks only its value.
// Each URL is found from its `://` with the scheme checked apart: a pattern that starts with the
// scheme is tried at every letter of the text, and the redactor runs this over a megabyte of plan
// JSON at once.

/** A scheme (`[A-Za-z][A-Za-z0-9+.-]*`) ends just before `at`: scheme characters, at least one of them a letter. */
export function hasScheme(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (letter) return true;
    if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return false;
  }
  return false;
}

/** A parameter of a URL's query, fragment or `;` part: name and value decoded as a form is (URLSearchParams), and where the value is written in the text. */
export interface UrlParam {
  name: string;
  value: string;
  /** The value as written: text.slice(start, end). */
  start: number;
  end: number;
}

/**
 * Whether urlParams can yield anything: a `://` with a `=` after it. Every finding of a plan holds
 * its help link's `https://` and nearly none a `=` after it; two scans for a character rule out
 * the rest of the work.
 */
export function mayHoldUrlParam(text: string): boolean {
  const scheme = text.indexOf("://");
  return scheme !== -1 && text.indexOf("=", scheme + 3) !== -1;
}

/**
 * The parameters of every URL in `text`, in order. A URL runs from its scheme to the first blank,
 * quote, `<`, `>` or backtick (how one is quoted in prose, HTML or JSON), and a URL inside another's
 * query (`?redirect=https://…?sig=…`) is read as part of it, as `?`, `#` and `;` each start a part.
 */
export function* urlParams(text: string): Generator<UrlParam> {
  // Its own expression per call: a sticky one's lastIndex is state, and generators interleave.
  const body = /[^\s"'<>`]*/y;
  let from = 0;
  for (;;) {
    const at = text.indexOf("://", from);
    if (at === -1) return;
    if (!hasScheme(text, at)) {
      from = at + 3;
      continue;
    }
    body.lastIndex = at + 3;
    body.exec(text);
    const end = body.lastIndex;
    from = end;
    let piece = at + 3;
    // Up to the first `?`, `#` or `;` is the host and path; after it, `&`-separated pieces.
    while (piece < end && !isPartStart(text.charCodeAt(piece))) piece++;
    while (piece < end) {
      piece++;
      let stop = piece;
      while (stop < end && !isPartStart(text.charCodeAt(stop)) && text.charCodeAt(stop) !== 38) stop++;
      const eq = text.indexOf("=", piece);
      if (eq !== -1 && eq < stop) {
        const [name, value] = new URLSearchParams(text.slice(piece, stop)).entries().next().value as [string, string];
        yield { name, value, start: eq + 1, end: stop };
      }
      piece = stop;
    }
  }
}

/** `?`, `#` or `;`: where a query, a fragment or a `;` parameter starts. */
function isPartStart(c: number): boolean {
  return c === 63 || c === 35 || c === 59;
}
