// Names, titles and reasons can come from source directories: untrusted text. Every renderer
// passes them through one of these before they reach a terminal or a PR comment.

const MAX_CELL = 200;

/**
 * Markdown-inline-safe text: HTML and Markdown punctuation escaped (no tags, links, images, tables
 * broken by `|`), line breaks flattened, @mentions defused, long values cut.
 */
export function mdText(value: string, max = MAX_CELL): string {
  let text = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
  if (text.length > max) text = `${text.slice(0, max)}…`;
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/([\\`*_[\]{}()#+!|~-])/g, "\\$1")
    .replace(/@/g, "&#64;")
    .replace(/:\/\//g, "&#58;//");
}

/**
 * An inline code span that cannot be broken out of: backslash escapes do not work inside
 * backticks, so the text goes into <code> with every character but letters, digits, spaces, dots
 * and hyphens written as an HTML entity (no Markdown, autolink or tag can form from it).
 */
export function mdCode(value: string, max = MAX_CELL): string {
  let text = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
  if (text.length > max) text = `${text.slice(0, max)}…`;
  return `<code>${text.replace(/[^A-Za-z0-9 .\-…]/gu, (c) => `&#${c.codePointAt(0)};`)}</code>`;
}

/** Mermaid node/edge labels: quoted, with the characters Mermaid interprets replaced by entities. */
export function mermaidLabel(value: string): string {
  return value.replace(/[\u0000-\u001f]+/g, " ").slice(0, 60).replace(/["#<>&`|[\]{}()@;]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** Terminal-safe text: control characters (ANSI escapes included) shown as \uXXXX, long values cut. */
export function termText(value: string, max = MAX_CELL): string {
  const text = value.length > max ? `${value.slice(0, max)}…` : value;
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
