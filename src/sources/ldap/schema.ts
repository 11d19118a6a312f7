// Options of an `ldap` source. New options go here: validate, editors and docs/formats.md read it;
// ldap-config.ts keeps only what a schema cannot say (the environment, the CA file, TLS vs URL).
import type { AdapterSchema, JsonSchema } from "../../model/adapter-schema.js";
import type { DisabledMeaning } from "../../model/directory-disabled.js";
import { disabledMeansOption, nonEmptyString, statusAttributeOption, statusDependencies } from "../common/schema.js";
import { DEFAULT_MAX_GROUP_DEPTH, groupFilter } from "../common/directory/group-options.js";
import { directoryEmploymentTypeValues } from "../common/employment-type.js";

export const SCOPES = ["base", "one", "sub", "children", "subordinates"] as const;
export type SearchScope = (typeof SCOPES)[number];

export const DEFAULT_PEOPLE_FILTER = "(objectClass=inetOrgPerson)";
/** The groups filter without `groupClasses`: every default group class. */
export const DEFAULT_GROUPS_FILTER = groupFilter(undefined);
export const DEFAULT_PAGE_SIZE = 500;
export const DEFAULT_TIMEOUT_MS = 30_000;

/** `options` of an ldap source as the schema below admits them. */
export interface LdapOptions {
  url: string;
  bindDN: string;
  password: string;
  people: SearchOptions;
  groups?: SearchOptions;
  anchor?: string;
  groupClasses?: string[];
  maxGroupDepth?: number;
  pageSize?: number;
  timeoutMs?: number;
  tls?: { startTLS?: boolean; caFile?: string; rejectUnauthorized?: boolean; servername?: string };
  statusAttribute?: string;
  disabledValues?: Array<string | number | boolean>;
  disabledMeans?: DisabledMeaning;
  employmentTypeValues?: Record<string, string>;
  now?: string | Date;
}
export interface SearchOptions { baseDN: string; filter?: string; scope?: SearchScope }

function search(what: string, filter: string): JsonSchema {
  return {
    type: "object",
    title: "mapping `{ baseDN, filter, scope }`",
    additionalProperties: false,
    required: ["baseDN"],
    properties: {
      baseDN: { ...nonEmptyString, description: `The DN under which ${what} are searched.` },
      filter: {
        type: "string",
        pattern: "^\\(.*\\)$",
        default: filter,
        description: `An LDAP filter in parentheses, e.g. "${filter}".`,
      },
      scope: { type: "string", enum: [...SCOPES], default: "sub" },
    },
  };
}

export const ldapSchema: AdapterSchema = {
  options: {
    type: "object",
    additionalProperties: false,
    required: ["url", "bindDN", "password", "people"],
    properties: {
      url: {
        type: "string",
        title: "`ldap://host[:port]` or `ldaps://host[:port]`",
        pattern: "^[Ll][Dd][Aa][Pp][Ss]?://[^/]+/?$",
        description: "The server, as ldap://host[:port] or ldaps://host[:port].",
      },
      bindDN: { ...nonEmptyString, description: "The DN scopesync binds as." },
      password: {
        $ref: "common.schema.json#/definitions/envRef",
        title: "`${env:NAME}`",
        description: "Bind password, only as an environment reference; the variable must be set.",
      },
      people: {
        ...search("people", DEFAULT_PEOPLE_FILTER),
        description: `Where people are. \`baseDN\` required; \`filter\` default \`${DEFAULT_PEOPLE_FILTER}\` (for AD write \`(&(objectCategory=person)(objectClass=user))\`), must be in parentheses; \`scope\` one of ${SCOPES.map((s) => `\`${s}\``).join(", ")}, default \`sub\`.`,
      },
      groups: {
        ...search("groups", DEFAULT_GROUPS_FILTER),
        description: `Where groups are; not searched when absent (memberships then come from the people's \`memberOf\`). \`filter\` default \`${DEFAULT_GROUPS_FILTER}\` plus \`groupClasses\`, \`scope\` default \`sub\`. A search that finds no group is a \`source-no-groups\` warning.`,
      },
      anchor: { ...nonEmptyString, title: "attribute name", description: "Attribute that holds the immutable anchor. Default: `objectGUID` for AD entries, `entryUUID` otherwise." },
      groupClasses: {
        type: "array",
        items: { type: "string", pattern: "^[A-Za-z][A-Za-z0-9-]*$" },
        title: "list of object class names",
        description: "Further object classes read as groups, besides `group`, `groupOfNames`, `groupOfUniqueNames`, `posixGroup`; also added to the default groups filter.",
      },
      maxGroupDepth: {
        type: "integer",
        minimum: 0,
        default: DEFAULT_MAX_GROUP_DEPTH,
        description: "Levels of groups inside groups followed; deeper nesting stops the run. `0` refuses any nesting.",
      },
      pageSize: { type: "integer", minimum: 1, default: DEFAULT_PAGE_SIZE, description: "Paged-results page size (never a size limit, which truncates silently)." },
      timeoutMs: { type: "integer", minimum: 1, default: DEFAULT_TIMEOUT_MS, description: "Per-operation timeout." },
      tls: {
        type: "object",
        title: "mapping `{ startTLS, caFile, rejectUnauthorized, servername }`",
        additionalProperties: false,
        properties: {
          startTLS: { type: "boolean" },
          caFile: { type: "string", description: "A PEM file, relative to the repository." },
          rejectUnauthorized: { type: "boolean" },
          servername: { type: "string" },
        },
        description: "`startTLS` is required on an `ldap://` URL when `tls` is set and refused on `ldaps://`; `caFile` is a PEM file path relative to the repository.",
      },
      statusAttribute: statusAttributeOption,
      disabledValues: {
        type: "array",
        minItems: 1,
        items: { type: ["string", "number", "boolean"] },
        title: "list of strings, numbers or booleans",
        description: "See `statusAttribute`.",
      },
      disabledMeans: disabledMeansOption,
      employmentTypeValues: directoryEmploymentTypeValues,
      now: { type: "string", format: "date-time", description: "Pins the records' `exportedAt`. Default: the time the read finished." },
    },
    dependencies: statusDependencies,
  },
};
