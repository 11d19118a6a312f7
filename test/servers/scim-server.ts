// Starts the SCIM 2.0 test server (test/servers/scim-server/server.mjs: scimmy + scimmy-routers on
// express 4) as a child process on 127.0.0.1 and talks to it over its token-guarded admin API.
// One server per child process: scimmy's resource declarations are global.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./scim-server/server.mjs", import.meta.url));

/** A fault plan (see scim-server/faults.mjs): shares of SCIM requests that fail, 0..1 each. */
export interface ScimFaults {
  seed?: number;
  rate429?: number;
  rate500?: number;
  /** Share of requests whose connection is destroyed without an answer. */
  rateReset?: number;
  /** Share of requests carried out whose answer is then dropped (connection destroyed). */
  rateLost?: number;
  /** Share of requests answered only after `slowMs`. */
  rateSlow?: number;
  slowMs?: number;
  /** Retry-After of 429s: seconds, or "date" for an HTTP-date. */
  retryAfter?: number | "date";
  /** Only requests with these methods get faults (default: all). */
  methods?: string[];
  /** Share of requests answered with an error that echoes the Authorization header (plain, base64, URL-encoded). */
  rateEcho?: number;
  /** Status of the echoing answer (default 400). */
  echoStatus?: number;
  /** A SCIM error envelope (default) or an HTML error page. */
  echoFormat?: "json" | "html";
  /** An app that manages its users elsewhere: every user or group PATCH is answered without a change. */
  ignorePatches?: boolean;
  /** How it answers them: 200 with the resource as it was (default), or 204 and no body. */
  ignoredPatchStatus?: 200 | 204;
  /** With ignoredPatchStatus 200, a group is answered without `members` (WSO2 IS leaves an empty one out, wso2/product-is#9619). */
  ignoredPatchOmitsMembers?: boolean;
  /** GET /Users/{id} leaves out `active` (the list still gives it). */
  omitActiveOnGet?: boolean;
  /** A user PATCH is answered 200 with another user's resource (the change is not made). */
  patchAnswersOtherUser?: boolean;
  /** DELETE /Users/{id} answers 204 but only deactivates the user (StoryChief, Zuora). */
  deleteDeactivates?: boolean;
  /** A user or group PATCH is carried out and answered 204 with no body (WSO2 IS's group PATCH, AWS IAM Identity Center). */
  patchNoContent?: boolean;
  /** A request naming `attributes` (RFC 7644 §3.4.2.5) is answered 400 invalidValue: an app that does not take the parameter. */
  refuseAttributes?: boolean;
  /** DELETE /Users/{id} is not implemented: the framework's HTML 404 page, the user stays (Canva). */
  deleteUnrouted?: boolean;
  /** No PATCH: ServiceProviderConfig says patch.supported false and a PATCH is answered 405 (authentik's SCIM source). */
  patchRefused?: boolean;
  /** externalId is accepted and dropped, on create and update (open-webui/open-webui#30074). */
  dropExternalId?: boolean;
  /** These top-level attributes (e.g. `title`, `active`) are accepted and not kept, on create and update: the value held before stays. */
  dropAttributes?: string[];
  /** These top-level string attributes (e.g. `userName`, `title`), and `emails`' addresses, are stored lower-cased, on create and update: RFC 7643 makes them `caseExact: false`, and apps store them their own way. */
  lowerCaseAttributes?: string[];
  /** A group's `members` lists at most this many (Sentry: 10,000); 0: all. */
  groupMembersCap?: number;
  /** Every `filter` is answered 400 invalidFilter (Snowflake's answer to filters it does not support). */
  refuseFilter?: boolean;
  /** Every `filter` of GET /Users is answered 200 with no resources (Snowflake's answer to filter attributes it does not support; an index that lags its writes). */
  filterFindsNothing?: boolean;
  /** GET /Schemas declares these User attributes `caseExact: true` (`title`, `name.familyName`, `emails.value`, `employeeNumber`); scimmy declares them all `false`, as RFC 7643 §8.7.1 does. */
  caseExactAttributes?: string[];
  /** GET /Schemas is answered with this error: 404 (an app that serves none), 501 Not Implemented, or a refusal (400, 403). 0: served. */
  schemasStatus?: 0 | 400 | 403 | 404 | 501;
  /** With mode `aws-identity-center`, user lists by cursor misbehave so (aws-identity-center.mjs): the cursor `ignored`, the first page `ends-early` without nextCursor, a `page-total` on every page, or every cursor `repeats` the first page. */
  cursorShape?: "" | "ignored" | "ends-early" | "page-total" | "repeats";
  /** Lists answer the server's page size (maxResults) whatever `count` asks, from the `startIndex` asked, with totalResults that page's size (as capped apps report it). */
  ignoreCount?: boolean;
  /** GET /ServiceProviderConfig declares no `filter.maxResults` (RFC 7643 §5 requires it; apps leave it out). */
  undeclaredMaxResults?: boolean;
}

export interface ScimStats {
  /** Requests by "METHOD /path" (ids folded to :id), faults included, admin calls excluded. */
  requests: Record<string, number>;
  statuses: Record<string, number>;
  faults: Record<string, number>;
  store: { users: number; groups: number };
}

export interface ScimSeed {
  users?: Array<Record<string, unknown> & { userName: string }>;
  /** Members named by userName. */
  groups?: Array<{ displayName: string; members?: string[] }>;
}

export interface ScimServer {
  /** Base URL of the SCIM API, e.g. http://127.0.0.1:PORT/scim/v2 */
  url: string;
  token: string;
  pid: number;
  /** Milliseconds from the call to a server that answers. */
  startMs: number;
  stop(): Promise<void>;
  /** SIGKILL (a crash); resolves once the process is gone. */
  kill(): Promise<void>;
  stats(): Promise<ScimStats>;
  /** Request lines the server logged ("GET /scim/v2/Users?count=100 200 3ms"). */
  requestLog(): Promise<string[]>;
  /** displayName → sorted userNames of the store's members, whatever the mode shows over SCIM. */
  members(): Promise<Record<string, string[]>>;
  /** Empties the store, counters, log and faults. */
  reset(): Promise<void>;
  inject(faults: ScimFaults): Promise<void>;
  /** Loads records straight into the store; returns ids (users by lower-cased userName, groups by displayName). */
  seed(seed: ScimSeed): Promise<{ users: Record<string, string>; groups: Record<string, string> }>;
  /** Everything the child wrote to stdout/stderr (for failure messages). */
  output(): string;
}

export interface ScimServerOptions {
  /** Cap on the page size the server honours (default 200). */
  maxResults?: number;
  /** An ISO time the server stamps on meta.lastModified instead of its wall clock. */
  clock?: string;
  /** false: the server declares no filter support (ServiceProviderConfig filter.supported false). */
  filter?: boolean;
  /**
   * `aws-identity-center`: users and groups answered as AWS IAM Identity Center documents (lists
   * that ignore startIndex, at most 100 a page, totalResults the page's size, paged by
   * cursor/nextCursor when asked; empty member lists, only the displayName, externalId and
   * id-and-members group filters, PATCH answered 204); see scim-server/aws-identity-center.mjs.
   * `unpaged`: an app that ignores paging (WSO2 IS, wso2/product-is#4601): unfiltered user and
   * group lists answer every resource whatever startIndex and count say; see scim-server/unpaged.mjs.
   * `members-on-request`: Group.members is "returned": "request" (Keycloak's SCIM API since 26.6):
   * group answers show members only when `attributes` names them; see scim-server/members-on-request.mjs.
   */
  mode?: "aws-identity-center" | "unpaged" | "members-on-request";
  /** `without-zone`: meta.created/lastModified sent without a zone, as WSO2 IS and Apache SCIMple send them (scim-server/meta-dates.mjs). */
  metaDates?: "without-zone";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a fresh SCIM server. Always call `stop()` (afterAll), even when a test failed. */
export async function startScimServer(options: ScimServerOptions = {}): Promise<ScimServer> {
  const started = performance.now();
  const token = `scim-${randomBytes(18).toString("hex")}`;
  // The token goes through the environment, not argv (argv shows in `ps`).
  const child: ChildProcess = spawn(process.execPath, [SCRIPT], {
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    env: { PATH: process.env.PATH ?? "", SCIM_SERVER_TOKEN: token, SCIM_SERVER_MAX_RESULTS: String(options.maxResults ?? 200), ...(options.clock ? { SCIM_SERVER_CLOCK: options.clock } : {}), ...(options.filter === false ? { SCIM_SERVER_NO_FILTER: "1" } : {}), ...(options.mode ? { SCIM_SERVER_MODE: options.mode } : {}), ...(options.metaDates ? { SCIM_SERVER_META_DATES: options.metaDates } : {}) },
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    if (output.length < 65_536) output += chunk.toString("utf8");
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    child.once("exit", () => resolve());
    child.once("error", (error) => {
      output += error.message;
      resolve();
    });
  });
  const onExit = () => child.kill("SIGKILL");
  process.once("exit", onExit);

  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`SCIM server did not start within 10 s: ${output.trim()}`)), 10_000);
      child.once("message", (message: { ready?: boolean; port?: number }) => {
        clearTimeout(timer);
        if (message.ready && message.port) resolve(message.port);
        else reject(new Error(`SCIM server sent an unexpected first message: ${JSON.stringify(message)}`));
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`SCIM server exited during start: ${output.trim() || "no output"}`));
      });
    });
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    process.off("exit", onExit);
    throw error;
  }

  const origin = `http://127.0.0.1:${port}`;
  const alive = () => child.exitCode === null && child.signalCode === null;
  async function admin<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${origin}/__admin/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`SCIM server admin ${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  return {
    url: `${origin}/scim/v2`,
    token,
    pid: child.pid ?? -1,
    startMs: Math.round(performance.now() - started),
    async stop() {
      if (alive()) {
        child.kill("SIGTERM");
        const timedOut = await Promise.race([exited.then(() => false), sleep(3000).then(() => true)]);
        if (timedOut) child.kill("SIGKILL");
      }
      await exited;
      process.off("exit", onExit);
    },
    async kill() {
      if (alive()) child.kill("SIGKILL");
      await exited;
    },
    stats: () => admin<ScimStats>("GET", "stats"),
    requestLog: () => admin<string[]>("GET", "log"),
    members: () => admin<Record<string, string[]>>("GET", "members"),
    reset: async () => {
      await admin("POST", "reset");
    },
    inject: async (faults) => {
      await admin("POST", "faults", faults);
    },
    seed: (seed) => admin("POST", "seed", seed),
    output: () => output,
  };
}
