// Settings of an `ldap` source, made from its options before any network traffic. The options'
// shape (keys, types, required ones, the URL form) is checked by schema.ts when scopesync.yaml
// loads; what is left here needs the world outside the file: the password's environment variable,
// the CA file, and whether TLS settings fit the URL. All such problems are reported together; the
// password is resolved here and never echoed.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ConnectionOptions } from "node:tls";
import { envReferenceName } from "../../model/env-ref.js";
import { SourceError } from "../../model/errors.js";
import { leapSecond } from "../../model/time.js";
import type { SourceContext } from "../source.js";
import { DEFAULT_MAX_GROUP_DEPTH, groupFilter } from "../common/directory/group-options.js";
import { DEFAULT_DISABLED_MEANING, type DisabledMeaning } from "../../model/directory-disabled.js";
import { DEFAULT_PAGE_SIZE, DEFAULT_PEOPLE_FILTER, DEFAULT_TIMEOUT_MS,
  type LdapOptions, type SearchOptions, type SearchScope,
} from "./schema.js";

export interface SearchSettings {
  baseDN: string;
  filter: string;
  scope: SearchScope;
}

/** Settings of one `ldap` source. `password` is the resolved secret: never print it. */
export interface LdapSettings {
  url: string;
  bindDN: string;
  password: string;
  /** The environment variable the password came from, for hints. */
  passwordVariable: string;
  people: SearchSettings;
  groups?: SearchSettings;
  /** undefined: the schema's default (objectGUID for AD entries, else entryUUID). */
  anchor: string | undefined;
  /** Extra group object classes (options.groupClasses), besides the defaults. */
  groupClasses: string[];
  maxGroupDepth: number;
  pageSize: number;
  timeoutMs: number;
  tls?: { startTLS: boolean; options: ConnectionOptions };
  statusAttribute?: string;
  disabledValues?: string[];
  /** options.disabledMeans: what a disabled or locked account means here (suspended unless set). */
  disabledMeans: DisabledMeaning;
  /** Injected clock for `exportedAt` (tests, `--now`); absent means the wall clock. */
  now?: Date;
}

type Problems = string[];

function searchSettings(search: SearchOptions | undefined, defaultFilter: string): SearchSettings | undefined {
  if (!search) return undefined;
  return { baseDN: search.baseDN.trim(), filter: search.filter?.trim() ?? defaultFilter, scope: search.scope ?? "sub" };
}

/** The password is a secret: accept only a reference, and never repeat what was written. */
function resolvePassword(context: SourceContext, written: string, problems: Problems): { password?: string; passwordVariable: string } {
  const passwordVariable = envReferenceName(written);
  if (passwordVariable === undefined) {
    problems.push("options.password must be a ${env:NAME} reference, never the secret itself; move the secret into an environment variable");
    return { passwordVariable: "" };
  }
  const password = context.env[passwordVariable];
  if (password === undefined || password === "") {
    problems.push(`environment variable ${passwordVariable} (options.password) is not set`);
    return { passwordVariable };
  }
  return { password, passwordVariable };
}

function tlsSettings(tls: LdapOptions["tls"], url: string, repoDir: string, problems: Problems): LdapSettings["tls"] {
  if (tls === undefined) return undefined;
  const options: ConnectionOptions = {};
  if (tls.caFile !== undefined) {
    const path = resolve(repoDir, tls.caFile);
    try {
      options.ca = readFileSync(path, "utf8");
    } catch {
      problems.push(`options.tls.caFile: cannot read ${path}`);
    }
  }
  if (tls.rejectUnauthorized !== undefined) options.rejectUnauthorized = tls.rejectUnauthorized;
  if (tls.servername !== undefined) options.servername = tls.servername;
  const startTLS = tls.startTLS === true;
  if (/^ldap:\/\//i.test(url) && !startTLS) problems.push("options.tls on an ldap:// URL needs startTLS: true (or use an ldaps:// URL)");
  if (startTLS && /^ldaps:\/\//i.test(url)) problems.push("options.tls.startTLS is for ldap:// URLs; an ldaps:// connection is encrypted from the start");
  return { startTLS, options };
}

function pinnedNow(now: LdapOptions["now"], problems: Problems): Date | undefined {
  if (now === undefined) return undefined;
  const date = now instanceof Date ? now : new Date(now);
  if (Number.isNaN(date.getTime())) {
    const leap = typeof now === "string" ? leapSecond(now) : undefined;
    problems.push(leap ? `options.now ${JSON.stringify(now)}: ${leap.problem}; ${leap.fix}` : `options.now must be an RFC 3339 time, e.g. "2026-11-26T10:00:00Z"`);
    return undefined;
  }
  return date;
}

/** Makes the settings from `context.config.options`; throws one SourceError listing every problem. */
export function parseLdapOptions(context: SourceContext): LdapSettings {
  const options = context.config.options as unknown as LdapOptions;
  const problems: Problems = [];
  const url = options.url.trim().replace(/\/$/, "");
  const { password, passwordVariable } = resolvePassword(context, options.password, problems);
  const tls = tlsSettings(options.tls, url, context.repoDir, problems);
  const now = pinnedNow(options.now, problems);
  if (problems.length > 0 || password === undefined) {
    throw new SourceError(
      context.name,
      `invalid ldap options:\n  - ${problems.join("\n  - ")}`,
      "Fix the source's options in scopesync.yaml (and the environment), then run again.",
    );
  }
  return {
    url, bindDN: options.bindDN.trim(), password, passwordVariable,
    people: searchSettings(options.people, DEFAULT_PEOPLE_FILTER)!,
    groups: searchSettings(options.groups, groupFilter(options.groupClasses)),
    anchor: options.anchor?.trim(),
    groupClasses: options.groupClasses ?? [],
    maxGroupDepth: options.maxGroupDepth ?? DEFAULT_MAX_GROUP_DEPTH,
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    tls,
    statusAttribute: options.statusAttribute?.trim(),
    disabledValues: options.disabledValues?.map((v) => String(v)),
    disabledMeans: options.disabledMeans ?? DEFAULT_DISABLED_MEANING,
    now,
  };
}
