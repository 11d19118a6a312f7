// GitHub answers every route scopesync reads with a JSON body: a page of a list (REST pagination:
// `per_page`/`page`, the Link header) a JSON array, any other GET a JSON object, and a GraphQL query
// an object holding `data` or `errors`. Octokit does not check that: a body cut off mid-transfer, an
// empty 200 or a proxy's HTML page reaches the caller as the text read so far (often ""), and its
// paginate takes a falsy page for an empty one and follows the Link header that did arrive. A list
// would then read shorter than GitHub answered, and the people on the missing page would look like
// they left. So every answer the connector reads is checked here, and one that is not the JSON its
// route documents fails the read (retryably: a transfer cut short is a network blip).
import { redact } from "../../model/redact.js";
import { graphqlBody, graphqlPageName } from "./graphql-pages.js";

/** An answer whose body is not the JSON its route documents. errors.ts makes it a retryable TargetError. */
export class UnreadableAnswer extends Error {
  constructor(
    /** "GET /orgs/acme/members?role=all&per_page=100&page=2": the route and the page. */
    readonly request: string,
    readonly status: number,
    readonly problem: string,
  ) {
    super(`${request} (${status}): ${problem}`);
    this.name = "UnreadableAnswer";
  }
}

interface Answer {
  status: number;
  headers: Record<string, string | number | undefined>;
  data: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof ArrayBuffer);

/**
 * GitHub's other documented list shape (search, an installation's repositories): an object with
 * `total_count` and one array, which Octokit's paginate unwraps.
 */
const isWrappedList = (v: unknown): boolean => isObject(v) && "total_count" in v && Object.values(v).some(Array.isArray);

/**
 * Throws UnreadableAnswer unless `answer` is the JSON a `method` request of `url` documents; returns
 * it. `body`: the request's, which names a GraphQL query and its page (graphql-pages.ts).
 */
export function wholeAnswer<A extends Answer>(method: string, url: string, answer: A, body?: unknown): A {
  // 204/205 have no body by definition (a membership check, a write); writes are not read back here.
  if (answer.status === 204 || answer.status === 205) return answer;
  const where = new URL(url);
  const graphql = method === "POST" && where.pathname.endsWith("/graphql");
  if (method !== "GET" && !graphql) return answer;
  const query = graphql ? graphqlBody(body) : undefined;
  const request = `${method} ${where.pathname}${where.search}${query ? ` (${graphqlPageName(query)})` : ""}`;
  const { data } = answer;
  // An artifact's download (actions/download-artifact, archive_format zip) is the one documented binary answer: a zip, not JSON.
  if (data instanceof ArrayBuffer && /\/actions\/artifacts\/\d+\/zip$/.test(where.pathname)) return answer;
  const problem = (what: string): never => {
    throw new UnreadableAnswer(request, answer.status, what);
  };
  if (!isObject(data) && !Array.isArray(data)) problem(describeNotJson(data, answer.headers));
  if (graphql) {
    if (!isObject(data) || !("data" in data || "errors" in data)) problem(`the body is a JSON ${shape(data)}, not a GraphQL answer (no "data" or "errors")`);
    return answer;
  }
  const list = where.searchParams.has("per_page") || where.searchParams.has("page");
  if (list && !Array.isArray(data) && !isWrappedList(data)) problem(`the body is a JSON ${shape(data)} where the route documents a list (a JSON array)`);
  return answer;
}

const shape = (v: unknown): string => (Array.isArray(v) ? "array" : "object");

/** Why a body that Octokit could not read as JSON is not one, in one line. */
function describeNotJson(data: unknown, headers: Answer["headers"]): string {
  const type = String(headers["content-type"] ?? "none");
  if (typeof data === "string" && data.trim() !== "") return describeBody(data, type);
  if (data instanceof ArrayBuffer && data.byteLength > 0) return `the body is not JSON (content-type ${oneLine(type, 60)})`;
  const length = Number(headers["content-length"]);
  // Octokit reads a body it cannot finish (the connection dropped) as "": the length GitHub
  // announced says whether anything was meant to come.
  return Number.isFinite(length) && length > 0
    ? `the body was cut off (${length} bytes announced by content-length, no whole JSON arrived)`
    : "the body was empty where the route documents JSON";
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", middot: "·", mdash: "—", ndash: "–" };

/** A page's text made safe for one line: entities decoded, control characters and runs of space collapsed, cut short. */
function oneLine(text: string, max: number): string {
  const decoded = text.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (all, name: string) => {
    if (name.startsWith("#")) {
      const code = name[1]?.toLowerCase() === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 31 && code < 0x110000 ? String.fromCodePoint(code) : " ";
    }
    return ENTITIES[name.toLowerCase()] ?? all;
  });
  // eslint-disable-next-line no-control-regex
  const flat = decoded.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * A body that is not JSON, said in one line: an HTML page (GitHub's own "Unicorn!" page, a proxy's
 * error page) by its title, never its markup; other text by its start. Used for a 200 here and for
 * an error status in errors.ts.
 */
export function describeBody(answer: string, contentType: string): string {
  // Masked before it is cut: a cut through an echoed token would leave a piece no mask matches.
  const body = redact(answer);
  const html = /html/i.test(contentType) || /^\s*</.test(body);
  if (!html) return `the body is not JSON (content-type ${oneLine(contentType, 60)}): ${oneLine(body, 120)}`;
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1];
  const text = title !== undefined && title.trim() !== "" ? title : body.replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ");
  return `GitHub (or a proxy) answered HTML, not JSON: ${oneLine(text, 120) || "(no text)"}`;
}
