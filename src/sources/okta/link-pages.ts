// Okta pages list endpoints with the HTTP Link header (RFC 8288): each response carries
// `Link: <…>; rel="self"` and, while more results follow, `Link: <…>; rel="next"`. A saved body
// does not carry it, so each page file may have its response headers beside it, as `curl -D`
// writes them: page-1.json with page-1.headers. With them the export is checked end to end:
// every page but the last points onwards, the last does not, and each page is the one its
// predecessor pointed to (its rel="self" is the previous page's rel="next"). A directory of pages
// must have them: without, a missing last page could not be told from the end of the list.
import { existsSync, readFileSync } from "node:fs";
import LinkHeader from "http-link-header";
import { SourceError } from "../../model/errors.js";
import type { JsonPage } from "../common/json-pages.js";
import { checkPageChain } from "../common/page-chain.js";
import type { SourceContext } from "../source.js";

const HINT =
  'Save each response with its headers (curl -D page-1.headers -o page-1.json "https://<org>.okta.com/api/v1/users?limit=200", ' +
  'then the URL of its Link rel="next", until a response has none); keep page-N.headers beside page-N.json.';

interface PageLinks {
  path: string;
  self?: string;
  next?: string;
}

/** `page-1.json` → `page-1.headers`. */
function headersPathOf(path: string): string {
  return path.replace(/\.json$/i, "") + ".headers";
}

/**
 * The Link relations of the last response in a `curl -D` dump (a dump holds one header block per
 * response when curl followed a redirect or got a 100 Continue; the last one is the page's).
 */
function parseHeaders(context: SourceContext, shown: string, text: string): { status: number; self?: string; next?: string } {
  const blocks = text.replace(/\r\n/g, "\n").split(/\n(?=HTTP\/)/);
  const block = blocks[blocks.length - 1]!.trimStart();
  const statusLine = /^HTTP\/[\d.]+ (\d{3})/.exec(block);
  if (!statusLine) throw new SourceError(context.name, `${shown}: not a response header dump (it does not start with an HTTP status line)`, HINT);
  const links = block
    .split("\n")
    .filter((line) => /^link:/i.test(line))
    .map((line) => line.slice(line.indexOf(":") + 1).trim());
  let parsed: LinkHeader;
  try {
    parsed = LinkHeader.parse(links.join(", "));
  } catch {
    throw new SourceError(context.name, `${shown}: a Link header is not in the RFC 8288 form <url>; rel="…"`, HINT);
  }
  const uri = (rel: string) => parsed.rel(rel)[0]?.uri;
  const self = uri("self");
  const next = uri("next");
  return { status: Number(statusLine[1]), ...(self ? { self } : {}), ...(next ? { next } : {}) };
}

/**
 * Checks that the pages are a whole Okta list, or throws naming the page that is missing or out of
 * place. `what` names the endpoint in messages ("GET /api/v1/users").
 */
export function checkOktaLinks(context: SourceContext, pages: readonly JsonPage[], what: string): void {
  const links: PageLinks[] = [];
  for (const { file } of pages) {
    const headersFile = headersPathOf(file.absolutePath);
    const shown = headersPathOf(file.path);
    if (!existsSync(headersFile)) {
      // A lone file without headers is a whole list gathered by a tool that followed the links
      // itself (an SDK's collection, a script): nothing here can check it, and nothing contradicts it.
      if (!file.inDirectory && pages.length === 1) return;
      throw new SourceError(
        context.name,
        `${file.path}: no response headers beside this page (${shown}); without its Link header the ${what} export cannot be shown complete`,
        HINT,
      );
    }
    const { status, self, next } = parseHeaders(context, shown, readFileSync(headersFile, "latin1"));
    if (status !== 200) throw new SourceError(context.name, `${shown}: the response was HTTP ${status}, not 200: this page holds no list`, HINT);
    links.push({ path: file.path, ...(self ? { self } : {}), ...(next ? { next } : {}) });
  }
  checkPageChain(context, links.map((page) => ({ path: page.path, hasNext: page.next !== undefined })), 'Link rel="next"');
  for (let i = 1; i < links.length; i++) {
    const before = links[i - 1]!;
    const page = links[i]!;
    if (page.self !== undefined && page.self !== before.next) {
      throw new SourceError(
        context.name,
        `${page.path}: this page is ${page.self}, but ${before.path} points to ${before.next} next: that page is missing from the export (or the pages come from different exports)`,
        HINT,
      );
    }
  }
}
