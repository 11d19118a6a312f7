// Okta pages list endpoints with the HTTP Link header (RFC 8288): each response carries
// `Link: <…>; rel="self"` and, while more results follow, `Link: <…>; rel="next"`. A saved body
// does not carry it, so each page file may have its response headers beside it, as `curl -D`
// writes them: page-1.json with page-1.headers. With them the export is checked end to end:
// every page but the last points onwards, the last does not, and each page is the one its
// predecessor pointed to (its rel="self" is the previous page's rel="next"). A directory of pages
// must have them: without, a missing last page could not be told from the end of the list.
//
// A single file without headers may be a whole list gathered by a tool that followed the links
// (an SDK's collection) or page 1 alone (one curl): nothing in it tells which. Unless the source
// says `pages: single` (the files are whole lists), such a file is a `source-unproven-export`
// warning, and one that holds exactly a full page (the endpoint's page size limit) stops the run:
// it is almost surely page 1 of more. The warning also makes the source's absences unknown
// (ingest watches for it; model/unknown-absence.ts): a user missing from a list that may be page 1
// is no leaver. The users it does list still count, an explicit DEPROVISIONED or SUSPENDED too.
import { existsSync, readFileSync } from "node:fs";
import { posix } from "node:path";
import LinkHeader from "http-link-header";
import { SourceError } from "../../model/errors.js";
import type { JsonPage } from "../common/json-pages.js";
import { checkPageChain } from "../common/page-chain.js";
import { enumOption } from "../common/options.js";
import { parseHttpDate } from "../../model/http-date.js";
import type { ServedAt } from "../common/exported-at.js";
import type { SourceContext } from "../source.js";
import { checkFirstPage, checkNoSubsetQuery, type SelfLink } from "./request-url.js";

const HINT =
  'Save each response with its headers (curl -D page-1.headers -o page-1.json "https://<org>.okta.com/api/v1/users?limit=200", ' +
  'then the URL of its Link rel="next", until a response has none); keep page-N.headers beside page-N.json.';

/** An Okta list endpoint and its page size limit (the most items one response holds). */
export interface OktaList {
  what: string;
  pageLimit: number;
  /** The request that exports the whole list, and what it returns, for the fix of a filtered one. */
  wholeRequest: string;
  /**
   * What a member the list lacks would lose: the groups list and each group's members decide
   * entitlements, so a list that cannot be proven whole is refused rather than read (a missing
   * member would have the group's access revoked). A users list that cannot be proven whole is read:
   * a user it lacks is unknown, not a leaver (model/unknown-absence.ts).
   */
  revokes?: string;
}

// Okta's default `limit` of each list, which a bare request returns: 200 users, 10000 groups,
// 1000 members of a group (the SDKs' page sizes too).
export const USERS_LIST: OktaList = {
  what: "GET /api/v1/users",
  pageLimit: 200,
  wholeRequest: 'GET "https://<org>.okta.com/api/v1/users?limit=200" (every user but DEPROVISIONED ones, so that an absence is a leaver\'s)',
};
export const GROUPS_LIST: OktaList = {
  what: "GET /api/v1/groups",
  pageLimit: 10000,
  wholeRequest: 'GET "https://<org>.okta.com/api/v1/groups?limit=10000" (every group, of every type)',
  revokes: "a group it lacks would have every member lose what the group gives",
};
export const groupUsersList = (groupId: string): OktaList => ({
  what: `GET /api/v1/groups/${groupId}/users`,
  pageLimit: 1000,
  wholeRequest: `GET "https://<org>.okta.com/api/v1/groups/${groupId}/users?limit=1000" (every member)`,
  revokes: "a member it lacks would lose what the group gives",
});

/**
 * The single files of one read that were taken as whole lists without proof; `report()` gives one
 * warning naming them (a source with a hundred groups gives one finding, not a hundred).
 */
export class UnprovenLists {
  private readonly files: string[] = [];
  /** options.pages: single: a single file named by its path is a whole list. */
  readonly acknowledged: boolean;

  constructor(private readonly context: SourceContext) {
    this.acknowledged = enumOption(context, "pages", ["checked", "single"] as const) === "single";
  }

  single(path: string, items: number | undefined, list: OktaList): void {
    if (this.acknowledged) return;
    if (list.revokes) {
      throw new SourceError(
        this.context.name,
        `${path}: a single file without response headers: the ${list.what} export cannot be proven complete (one request returns only the first page), and ${list.revokes}`,
        `${HINT} If the file is a whole list gathered by a tool that follows the links, set options.pages: single.`,
      );
    }
    if (items === list.pageLimit) {
      throw new SourceError(
        this.context.name,
        `${path}: holds exactly ${items} items, a full page of ${list.what} (its limit), and no response headers: this is almost surely the first page of a longer list`,
        `${HINT} If the file is a whole list gathered by a tool that follows the links, set options.pages: single.`,
      );
    }
    this.files.push(path);
  }

  report(): void {
    if (this.files.length === 0) return;
    const shown = this.files.slice(0, 5).join(", ") + (this.files.length > 5 ? ` and ${this.files.length - 5} more` : "");
    this.context.warn?.({
      rule: "source-unproven-export",
      severity: "warning",
      message: `source "${this.context.name}": ${shown} ${this.files.length === 1 ? "is a single file" : "are single files"} without response headers: the export cannot be proven complete (one request returns only the first page), so no one is taken as a leaver for being absent from it; the users it lists still count, an explicit DEPROVISIONED or SUSPENDED status too`,
      remediation: `${HINT} If each file is a whole list gathered by a tool that follows the links, set sources.${this.context.name}.options.pages: single. Until then, accounts whose users the export lacks are left alone.`,
      location: this.files[0]!,
    });
  }
}

interface PageLinks {
  path: string;
  self?: SelfLink;
  next?: string;
  /** The response's Date header as an ISO instant: when Okta served the page. */
  served?: string;
}

// Okta serves a whole list in seconds to minutes (200 users a page, hundreds of requests a minute
// within its rate limits). Pages whose Dates are more than an hour apart are no one read: a folder
// that kept yesterday's page 3 beside today's 1 and 2, whose Link chain can still match when no
// user was added or removed in between.
const MAX_SPREAD_MS = 60 * 60 * 1000;

/** `page-1.json` → `page-1.headers`. */
function headersPathOf(path: string): string {
  return path.replace(/\.json$/i, "") + ".headers";
}

/**
 * The Link relations of the last response in a `curl -D` dump (a dump holds one header block per
 * response when curl followed a redirect or got a 100 Continue; the last one is the page's).
 */
function parseHeaders(context: SourceContext, shown: string, text: string): { status: number; self?: SelfLink; next?: string; served?: string } {
  const normalised = text.replace(/\r\n/g, "\n");
  const blocks = normalised.split(/\n(?=HTTP\/)/);
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
  const selfUri = uri("self");
  const next = uri("next");
  const served = servedAt(context, shown, block);
  const self = selfUri === undefined ? undefined : { uri: selfUri, at: `${shown}:${linkLine(normalised, selfUri)}` };
  return { status: Number(statusLine[1]), ...(self ? { self } : {}), ...(next ? { next } : {}), ...(served ? { served } : {}) };
}

/** The line (from 1) of the last Link header naming `uri`: the last response's, which a message names. */
function linkLine(text: string, uri: string): number {
  const lines = text.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) if (/^link:/i.test(lines[i]!) && lines[i]!.includes(`<${uri}>`)) return i + 1;
  return 1;
}

/** The block's Date header as an ISO instant; undefined without one; an error naming the file for one that is no HTTP-date. */
function servedAt(context: SourceContext, shown: string, block: string): string | undefined {
  const line = block.split("\n").find((l) => /^date:/i.test(l));
  if (line === undefined) return undefined;
  const value = line.slice(line.indexOf(":") + 1).trim();
  const served = parseHttpDate(value);
  if (served === undefined) {
    throw new SourceError(
      context.name,
      `${shown}: the Date header ${JSON.stringify(value)} is not an HTTP date (RFC 9110 §6.6.1: "Sat, 01 Mar 2025 06:00:01 GMT")`,
      `Save the headers as Okta sent them (curl -D writes them unchanged), or remove the Date line if it was edited; without it the export time is options.exportedAt, else the files' modification time. ${HINT}`,
    );
  }
  return served;
}

/**
 * Checks that the pages are a whole Okta list, or throws naming the page that is missing or out of
 * place, or served more than an hour from another. A single file without headers is handed to
 * `unproven` (a warning, or an error when it is exactly a full page of `list`). Returns the oldest
 * Date the pages' headers give (when the list was read: the export time) and the headers file that
 * gives it, for the gates' messages; undefined without one.
 */
export function checkOktaLinks(context: SourceContext, pages: readonly JsonPage[], list: OktaList, unproven: UnprovenLists): ServedAt | undefined {
  const what = list.what;
  const links: PageLinks[] = [];
  for (const { file, body } of pages) {
    const headersFile = headersPathOf(file.absolutePath);
    const shown = headersPathOf(file.path);
    if (!existsSync(headersFile)) {
      if (!file.inDirectory && pages.length === 1) {
        unproven.single(file.path, Array.isArray(body) ? body.length : undefined, list);
        return undefined;
      }
      // pages: single speaks of a file the path names: a folder's files are pages, each to be
      // checked (a missing last page looks like the end of the list). Said, or a newcomer who kept
      // the template's folder path is asked for headers with no word of why `single` did not count.
      const single = unproven.acknowledged
        ? `; options.pages: single takes only a file the path names as a whole list, and this one is read from the folder ${posix.dirname(file.path)}/, whose files are pages`
        : "";
      throw new SourceError(
        context.name,
        `${file.path}: no response headers beside this page (${shown}); without its Link header the ${what} export cannot be shown complete${single}`,
        single ? `If ${file.path} is the whole list, point the path at the file itself (not its folder). If the folder holds pages saved one request at a time: ${HINT}` : HINT,
      );
    }
    const { status, self, next, served } = parseHeaders(context, shown, readFileSync(headersFile, "latin1"));
    if (status !== 200) throw new SourceError(context.name, `${shown}: the response was HTTP ${status}, not 200: this page holds no list`, HINT);
    links.push({ path: file.path, ...(self ? { self } : {}), ...(next ? { next } : {}), ...(served ? { served } : {}) });
  }
  // Every page: the next links carry the query on, so any page saved of a filtered read shows it.
  for (const page of links) if (page.self) checkNoSubsetQuery(context, page.self, what, list.wholeRequest, HINT);
  checkPageChain(context, links.map((page) => ({ path: page.path, hasNext: page.next !== undefined })), 'Link rel="next"');
  // A chain can be whole from a first page that is not page 1: the one the loop below cannot judge.
  if (links[0]?.self) checkFirstPage(context, links[0].self, links[0].path, what, HINT);
  for (let i = 1; i < links.length; i++) {
    const before = links[i - 1]!;
    const page = links[i]!;
    if (page.self !== undefined && page.self.uri !== before.next) {
      throw new SourceError(
        context.name,
        `${page.path}: this page is ${page.self.uri}, but ${before.path} points to ${before.next} next: that page is missing from the export (or the pages come from different exports)`,
        HINT,
      );
    }
  }
  // After the chain: a page missing from it is named as such, whatever its Date says.
  return checkServedTogether(context, links, what);
}

/** The oldest Date of the pages, after refusing pages served more than MAX_SPREAD_MS apart (two reads stitched together). */
function checkServedTogether(context: SourceContext, links: readonly PageLinks[], what: string): ServedAt | undefined {
  const dated = links.filter((page): page is PageLinks & { served: string } => page.served !== undefined);
  if (dated.length === 0) return undefined;
  let first = dated[0]!;
  let last = dated[0]!;
  for (const page of dated) {
    if (page.served < first.served) first = page;
    if (page.served > last.served) last = page;
  }
  const spread = Date.parse(last.served) - Date.parse(first.served);
  if (spread > MAX_SPREAD_MS) {
    const hours = Math.round((spread / 3_600_000) * 10) / 10;
    throw new SourceError(
      context.name,
      `${last.path}: Okta served this page at ${last.served} (its Date header), ${hours} hours after ${first.path} (${first.served}): the ${what} pages are of two reads, not one export`,
      `Fetch every page again in one run, from page 1 to the last, and replace the folder's pages and headers with that run's (pages of one read are minutes apart). ${HINT}`,
    );
  }
  return { at: first.served, headers: headersPathOf(first.path), list: what };
}
