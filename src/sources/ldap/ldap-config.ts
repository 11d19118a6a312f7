// Options of an `ldap` source (scopesync.yaml `sources.<name>.options`), checked before any
// network traffic. All problems are collected and reported together; the password is resolved
// from the environment here and never echoed.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ConnectionOptions } from "node:tls";
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { DEFAULT_MAX_GROUP_DEPTH, groupFilter } from "../common/directory/group-options.js";

export type SearchScope = "base" | "one" | "sub" | "children" | "subordinates";
const SCOPES: readonly SearchScope[] = ["base", "one", "sub", "children", "subordinates"];

export const DEFAULT_PEOPLE_FILTER = "(objectClass=inetOrgPerson)";
export const DEFAULT_PAGE_SIZE = 500;
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface SearchSettings {
  baseDN: string;
  filter: string;
  scope: SearchScope;
}

/** Validated settings of one `ldap` source. `password` is the resolved secret: never print it. */
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
  /** Injected clock for `exportedAt` (tests, `--now`); absent means the wall clock. */
  now?: Date;
}

const ENV_REF = /^\$\{env:([A-Z_][A-Z0-9_]*)\}$/;
const KNOWN_OPTIONS = new Set([
  "url", "bindDN", "password", "people", "groups", "anchor", "pageSize", "timeoutMs", "tls",
  "statusAttribute", "disabledValues", "now", "groupClasses", "maxGroupDepth",
]);

type Problems = string[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(options: Record<string, unknown>, key: string, problems: Problems, path = "options"): string | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.trim() === "") {
    problems.push(`${path}.${key} must be a non-empty string`);
    return undefined;
  }
  return value.trim();
}

function positiveInteger(options: Record<string, unknown>, key: string, problems: Problems): number | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    problems.push(`options.${key} must be a positive whole number`);
    return undefined;
  }
  return value;
}

function search(
  options: Record<string, unknown>,
  key: "people" | "groups",
  defaultFilter: string,
  problems: Problems,
): SearchSettings | undefined {
  const value = options[key];
  if (value === undefined) {
    if (key === "people") problems.push(`options.people is required: { baseDN: "ou=people,dc=example,dc=com" }`);
    return undefined;
  }
  if (!isObject(value)) {
    problems.push(`options.${key} must be a mapping with baseDN, and optionally filter and scope`);
    return undefined;
  }
  const path = `options.${key}`;
  const baseDN = text(value, "baseDN", problems, path);
  if (baseDN === undefined && value.baseDN === undefined) problems.push(`${path}.baseDN is required`);
  const filter = text(value, "filter", problems, path) ?? defaultFilter;
  if (!(filter.startsWith("(") && filter.endsWith(")"))) {
    problems.push(`${path}.filter must be an LDAP filter in parentheses, e.g. "${defaultFilter}"`);
  }
  const scope = (value.scope ?? "sub") as SearchScope;
  if (!SCOPES.includes(scope)) problems.push(`${path}.scope must be one of ${SCOPES.join(", ")}`);
  for (const unknown of Object.keys(value).filter((k) => !["baseDN", "filter", "scope"].includes(k))) {
    problems.push(`${path}.${unknown} is not a known setting (baseDN, filter, scope)`);
  }
  return baseDN === undefined ? undefined : { baseDN, filter, scope };
}

function tlsSettings(value: unknown, repoDir: string, problems: Problems): LdapSettings["tls"] {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    problems.push("options.tls must be a mapping: { startTLS, caFile, rejectUnauthorized, servername }");
    return undefined;
  }
  const options: ConnectionOptions = {};
  if (value.caFile !== undefined) {
    if (typeof value.caFile !== "string") problems.push("options.tls.caFile must be a path to a PEM file");
    else {
      const path = resolve(repoDir, value.caFile);
      try {
        options.ca = readFileSync(path, "utf8");
      } catch {
        problems.push(`options.tls.caFile: cannot read ${path}`);
      }
    }
  }
  if (value.rejectUnauthorized !== undefined) {
    if (typeof value.rejectUnauthorized !== "boolean") problems.push("options.tls.rejectUnauthorized must be true or false");
    else options.rejectUnauthorized = value.rejectUnauthorized;
  }
  if (value.servername !== undefined) {
    if (typeof value.servername !== "string") problems.push("options.tls.servername must be a host name");
    else options.servername = value.servername;
  }
  if (value.startTLS !== undefined && typeof value.startTLS !== "boolean") {
    problems.push("options.tls.startTLS must be true or false");
  }
  for (const unknown of Object.keys(value).filter((k) => !["caFile", "rejectUnauthorized", "servername", "startTLS"].includes(k))) {
    problems.push(`options.tls.${unknown} is not a known setting (startTLS, caFile, rejectUnauthorized, servername)`);
  }
  return { startTLS: value.startTLS === true, options };
}

/** Reads and checks `context.config.options`; throws one SourceError listing every problem. */
export function parseLdapOptions(context: SourceContext): LdapSettings {
  const options = context.config.options ?? {};
  const problems: Problems = [];
  if (!isObject(options)) {
    throw new SourceError(context.name, "options must be a mapping", "See the ldap source settings: url, bindDN, password, people.");
  }
  for (const key of Object.keys(options).filter((k) => !KNOWN_OPTIONS.has(k))) {
    problems.push(`options.${key} is not a known setting (${[...KNOWN_OPTIONS].join(", ")})`);
  }

  const url = text(options, "url", problems);
  if (options.url === undefined) problems.push(`options.url is required, e.g. "ldaps://ldap.example.com"`);
  else if (url !== undefined && !/^ldaps?:\/\/[^/]+\/?$/i.test(url)) {
    problems.push(`options.url must be ldap://host[:port] or ldaps://host[:port] (got "${url}")`);
  }
  const bindDN = text(options, "bindDN", problems);
  if (options.bindDN === undefined) problems.push("options.bindDN is required (the DN scopesync binds as)");

  // The password is a secret: accept only a reference and never repeat what was written.
  let password: string | undefined;
  let passwordVariable = "";
  const reference = typeof options.password === "string" ? ENV_REF.exec(options.password.trim()) : null;
  if (options.password === undefined) {
    problems.push("options.password is required, as a reference: password: ${env:LDAP_BIND_PASSWORD}");
  } else if (!reference) {
    problems.push("options.password must be a ${env:NAME} reference, never the secret itself; move the secret into an environment variable");
  } else {
    passwordVariable = reference[1]!;
    password = context.env[passwordVariable];
    if (password === undefined || password === "") {
      problems.push(`environment variable ${passwordVariable} (options.password) is not set`);
      password = undefined;
    }
  }

  const people = search(options, "people", DEFAULT_PEOPLE_FILTER, problems);
  let groupClasses: string[] = [];
  if (options.groupClasses !== undefined) {
    const list = options.groupClasses;
    if (!Array.isArray(list) || !list.every((v) => typeof v === "string" && /^[A-Za-z][A-Za-z0-9-]*$/.test(v))) {
      problems.push(`options.groupClasses must be a list of object class names, e.g. ["groupOfURLs"]`);
    } else groupClasses = list as string[];
  }
  let maxGroupDepth = DEFAULT_MAX_GROUP_DEPTH;
  if (options.maxGroupDepth !== undefined) {
    const depth = options.maxGroupDepth;
    if (typeof depth !== "number" || !Number.isInteger(depth) || depth < 0) problems.push("options.maxGroupDepth must be a whole number (0 or more)");
    else maxGroupDepth = depth;
  }
  const groups = search(options, "groups", groupFilter(groupClasses), problems);
  const anchor = text(options, "anchor", problems);
  const pageSize = positiveInteger(options, "pageSize", problems) ?? DEFAULT_PAGE_SIZE;
  const timeoutMs = positiveInteger(options, "timeoutMs", problems) ?? DEFAULT_TIMEOUT_MS;
  const tls = tlsSettings(options.tls, context.repoDir, problems);
  if (tls && url && /^ldap:\/\//i.test(url) && !tls.startTLS) {
    problems.push("options.tls on an ldap:// URL needs startTLS: true (or use an ldaps:// URL)");
  }
  if (tls?.startTLS && url && /^ldaps:\/\//i.test(url)) {
    problems.push("options.tls.startTLS is for ldap:// URLs; an ldaps:// connection is encrypted from the start");
  }

  const statusAttribute = text(options, "statusAttribute", problems);
  let disabledValues: string[] | undefined;
  if (options.disabledValues !== undefined) {
    const values = options.disabledValues;
    if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean")) {
      problems.push(`options.disabledValues must be a list of values, e.g. ["disabled", "FALSE"]`);
    } else disabledValues = values.map((v) => String(v));
  }
  if ((statusAttribute === undefined) !== (disabledValues === undefined)) {
    problems.push("options.statusAttribute and options.disabledValues go together: name the attribute and the values that mean disabled");
  }

  let now: Date | undefined;
  if (options.now !== undefined) {
    const value = options.now;
    now = value instanceof Date ? value : typeof value === "string" ? new Date(value) : undefined;
    if (now === undefined || Number.isNaN(now.getTime())) {
      problems.push(`options.now must be an RFC 3339 time, e.g. "2026-11-26T10:00:00Z"`);
      now = undefined;
    }
  }

  if (problems.length > 0 || !url || !bindDN || password === undefined || !people) {
    throw new SourceError(
      context.name,
      `invalid ldap options:\n  - ${problems.join("\n  - ")}`,
      "Fix the source's options in scopesync.yaml (and the environment), then run again.",
    );
  }
  return {
    url: url.replace(/\/$/, ""), bindDN, password, passwordVariable, people, groups, anchor, groupClasses, maxGroupDepth, pageSize,
    timeoutMs, tls, statusAttribute, disabledValues, now,
  };
}
