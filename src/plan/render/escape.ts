// Names, titles and reasons can come from source directories: untrusted text. Every renderer
// passes them through one of these before they reach a terminal or a PR comment.

import { redact } from "../../model/redact.js";
import { maskSecretShapes } from "../../model/secret-shapes.js";
import { showUnseen } from "../../model/unseen-chars.js";
import { showCodePoints } from "../../model/alike-text.js";
import { loginForReview } from "../../model/look-alike-logins.js";

const MAX_CELL = 200;
/** An error's message says what went wrong and where: far longer than a cell before it is cut. */
const MAX_MESSAGE = 4000;

/**
 * Markdown-inline-safe text: secret-shaped values hidden (as termText hides them), HTML and Markdown punctuation escaped (no tags, links, images, tables
 * broken by `|`), line breaks flattened, invisible and bidi characters shown as escapes, long values
 * cut, and nothing GitHub would turn into a mention, a link, a cross-reference or math (`defuse`).
 */
export function mdText(value: string, max = MAX_CELL): string {
  return mdEscaped(showUnseen(flatten(maskSecretShapes(value))), max);
}

/**
 * mdText with every character that could read as another written as a code point (showCodePoints:
 * line breaks and tabs, no-break and other spaces, combining marks, compatibility forms), not
 * flattened: for two values that read alike (model/alike-text.ts readAlike), which mdText would
 * show alike.
 */
export function mdTextExact(value: string, max = MAX_CELL): string {
  return mdEscaped(showCodePoints(maskSecretShapes(value)), max);
}

/** termText the same way (showCodePoints), for two values that read alike on a terminal. */
export function termTextExact(value: string, max = MAX_CELL): string {
  const masked = maskSecretShapes(value);
  return showCodePoints(masked.length > max ? `${masked.slice(0, max)}…` : masked);
}

function mdEscaped(shown: string, max: number): string {
  let text = shown;
  if (text.length > max) text = `${text.slice(0, max)}…`;
  return defuse(
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/([\\`*_[\]{}()#+!|~-])/g, "\\$1"),
  ).replace(/\$/g, "<span>$</span>");
}

/**
 * An inline code span that cannot be broken out of: backslash escapes do not work inside
 * backticks, so the text goes into <code> with every character but letters, digits, spaces, dots
 * and hyphens written as an HTML entity (no Markdown or tag can form from it). GitHub decodes the
 * entities before it autolinks (`a&#64;b.example` becomes a mailto link even inside <code>), so the
 * text is defused first.
 */
export function mdCode(value: string, max = MAX_CELL): string {
  let text = showUnseen(flatten(maskSecretShapes(value)));
  if (text.length > max) text = `${text.slice(0, max)}…`;
  return `<code>${defuse(text).replace(/[^A-Za-z0-9 .\-…\u2060]/gu, (c) => `&#${c.codePointAt(0)};`)}</code>`;
}

/**
 * Plain text that a viewer shows as it is (SARIF's message.text, which code scanning shows on the
 * pull request's diff and in the Security tab): secrets masked, line breaks flattened and
 * invisible, bidi and control characters shown as escapes, as mdText shows them, with no Markdown
 * escaping (a viewer of plain text would show the backslashes) and nothing cut.
 */
export function plainText(value: string): string {
  return showUnseen(flatten(maskSecretShapes(redact(value))));
}

/**
 * Line breaks and tabs become one space: a cell or line stays one line. Other control characters
 * are left for showUnseen to write as escapes: made spaces, a name "Chen" + BEL + backspaces + "XX"
 * read as "Chen XX" (HTML folds the spaces), and a change of nothing but controls looked like no change.
 */
function flatten(value: string): string {
  return value.replace(/[\t\n\r\u2028\u2029]+/g, " ");
}

/**
 * GitHub turns `@name` into a mention (and a notification), `#12` and `GH-12` into cross-references,
 * `www.host`, `scheme://` and `a@b.c` into links, after it has decoded entities, so an entity does
 * not stop them. A WORD JOINER (U+2060, invisible, kept by the renderer) after the `@`, the `#`, the
 * `:` of `://`, and before the `.` of `www.` or the `-` of `GH-`, breaks each pattern and leaves the
 * text readable. (Text that held its own U+2060 shows it as an escape, see showUnseen.)
 */
export function defuse(text: string): string {
  return text
    .replace(/([@#])/g, "$1\u2060")
    .replace(/:(\/\/|\\\/\\\/)/g, ":\u2060$1")
    .replace(/\b(www)(\.|\\\.)/gi, "$1\u2060$2")
    .replace(/\b(GH)(-|\\-)(?=\d)/gi, "$1\u2060$2");
}

/** Mermaid node/edge labels: quoted, with the characters Mermaid interprets replaced by entities. */
export function mermaidLabel(value: string): string {
  return showUnseen(flatten(value)).slice(0, 60).replace(/["#<>&`|[\]{}()@;]/g, (c) => `#${c.charCodeAt(0)};`);
}

/**
 * Terminal-safe text: secret shapes hidden (maskSecretShapes), controls (ANSI escapes included),
 * bidi and invisible characters shown as \uXXXX, long values cut. The mask comes before the cut:
 * a token cut short no longer has its shape, and its first characters would be shown.
 */
export function termText(value: string, max = MAX_CELL): string {
  const masked = maskSecretShapes(value);
  const text = masked.length > max ? `${masked.slice(0, max)}…` : masked;
  return showUnseen(text);
}

/**
 * termText for a name a reviewer tells from others by its letters (an identity id, login, account
 * or credential id, entitlement): with its code points when it reads as an ASCII one ("\u0430da"),
 * as the plan writes it (loginForReview).
 */
export function termName(value: string, max = MAX_CELL): string {
  return termText(loginForReview(value), max);
}

/**
 * An error's message or hint, or an apply problem, for a terminal or a CI log. It can quote a
 * server (a TargetError carries the server's message or detail), so it is made one line: a line
 * break in it is shown as \u000a and cannot start a line of its own (a `::warning …::` at the start
 * of a line is a workflow command to a GitHub runner), and an ANSI escape or U+202E is shown, not
 * obeyed. Registered secrets are masked first: escaped, a token cut by a line break would no
 * longer be whitespace-separated text the redactor recognises.
 */
export function termMessage(value: string): string {
  return termText(redact(value), MAX_MESSAGE);
}
