// Renders Markdown as GitHub's parser does (cmark-gfm: GitHub's own C library, with the extensions
// GitHub enables; raw HTML is kept as GitHub keeps it before its sanitiser) and reads the HTML the
// way GitHub's post-filters do: mentions, cross-references and math are found in text that is not
// inside <code>, <pre> or <a>.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cmark = require("cmark-gfm") as { renderHtmlSync(md: string, options: object): string };

export function renderLikeGithub(markdown: string): string {
  return cmark.renderHtmlSync(markdown, { unsafe: true, extensions: { table: true, strikethrough: true, autolink: true, tagfilter: true, tasklist: true } });
}

/** HTML-decoded text nodes outside <code>, <pre> and <a>, where GitHub's filters look. */
export function filteredText(html: string): string[] {
  const out: string[] = [];
  let depth = 0;
  for (const part of html.split(/(<[^>]*>)/)) {
    const tag = /^<(\/?)(code|pre|a)\b/i.exec(part);
    if (tag) depth += tag[1] ? -1 : 1;
    else if (!part.startsWith("<") && depth === 0 && part !== "") out.push(decode(part));
  }
  return out;
}

function decode(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** GitHub's mention pattern (html-pipeline MentionFilter): `@` after a non-word character, then a login. */
export const MENTION = /(?:^|[^A-Za-z0-9_`])@[A-Za-z0-9]/;
/** Issue and pull-request references: `#12`, `org/repo#12`, `GH-12`. */
export const CROSS_REFERENCE = /(?:^|[^A-Za-z0-9_&])#\d|\bGH-\d/i;
/** Inline math: two `$` in one run of text. */
export const MATH = /\$[^$]*\$/;
export const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
