// What a `github` target accepts in scopesync.yaml. New options go here: validate, editors and
// docs/formats.md read it; settings.ts keeps what a schema cannot say (the token's variable).
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { DEFAULT_MIN_ADMINS } from "../../model/github-owners.js";

/** `options` of a github target as the schema below admits them. */
export interface GithubOptions {
  baseUrl?: string;
  minAdmins?: number;
  deployKeys?: boolean | string[];
  patGrants?: boolean;
  timeoutMs?: number;
  repositories?: boolean | string[];
  orgRoles?: boolean;
  idpTeams?: boolean;
  enterpriseManagedUsers?: boolean;
  saml?: boolean;
  machineAccounts?: string;
}

export const GITHUB_API = "https://api.github.com";

export const githubSchema: AdapterSchema = {
  requiredKeys: ["org", "token"],
  options: {
    type: "object",
    additionalProperties: false,
    properties: {
      baseUrl: {
        type: "string", pattern: "^https?://", default: GITHUB_API, title: "http(s) URL",
        description: "API root; for GitHub Enterprise Server e.g. https://github.example.com/api/v3.",
      },
      minAdmins: { type: "integer", minimum: 0, default: DEFAULT_MIN_ADMINS, description: "Fewest active org owners a change may leave." },
      deployKeys: {
        anyOf: [{ type: "boolean" }, { type: "array", items: { type: "string" } }],
        default: true,
        title: "`true`, `false` or a list of repository names",
        description: "Deploy keys of which repositories to read: all the org's (`true`), none, or the listed ones.",
      },
      patGrants: {
        type: "boolean", default: true,
        description: "Read fine-grained personal access token grants: read with a GitHub App token, an info finding with a personal one.",
      },
      timeoutMs: {
        type: "integer", minimum: 1, maximum: 600_000, default: 10_000,
        description: "Per-request deadline in milliseconds; a host silent for 10 s counts as unreachable.",
      },
      repositories: {
        anyOf: [{ type: "boolean" }, { type: "array", items: { type: "string" } }],
        default: false,
        title: "`true`, `false` or a list of repository names",
        description: "Direct collaborators (and invitations) of which repositories to read as `repo:<name>:<role>` entitlements: none (`false`), all the org's (`true`), or the listed ones. Outside collaborators and pending repository invitations are read as accounts whatever this says, with their access to every repository of the org as attributes (`collaborator:<repo>`, `repoInvitation:<repo>`) that a leaver's removal takes; their `repo:` entitlements only here (see `outsideCollaborators`).",
      },
      outsideCollaborators: {
        type: "string", enum: ["report", "manage"], default: "report",
        description: "What an outside collaborator no identity has becomes under the app policy's `unmanagedAccounts: disable`: `report` an `unmanaged-account` finding only; `manage` also its removal, which takes them off every repository of the org. A leaver's is offboarded either way.",
      },
      emailInvitations: {
        type: "string", enum: ["report", "manage"], default: "report",
        description: "What a pending invitation sent to an e-mail address that is no identity's (present, or gone from the sources) becomes under `unmanagedAccounts: disable`: `report` an `unmanaged-account` finding only; `manage` also its cancellation. One sent to an address of someone who loses access (today's, or one the last accepted snapshot gives them) is cancelled with their offboarding either way.",
      },
      orgRoles: {
        type: "boolean", default: false,
        description: "Manage custom organization roles as `org-role:<name>` entitlements.",
      },
      idpTeams: {
        type: "boolean", default: true,
        description: "Ask which teams an identity provider owns (GitHub Enterprise Cloud's team synchronization, or an Enterprise Managed Users org's external groups): their membership gets no changes (`github-idp-team`), since GitHub refuses them. One request for the org on every live read (`GET /orgs/{org}/team-sync/groups`), and one per team only where the org may have team sync (its IdP has groups, or its answer does not say); an org without team sync answers that it has none, GitHub Enterprise Server is not asked, and a GitHub App token cannot ask about team sync (`github-idp-teams-not-read`). `false`: never asked; a change on such a team then fails at apply, naming this option.",
      },
      enterpriseManagedUsers: {
        type: "boolean", default: false,
        description: "An org of an Enterprise Managed Users enterprise: no invitations, the identity provider provisions accounts.",
      },
      saml: {
        type: "boolean", default: false,
        description: "Read the org's SAML identities (GraphQL): each linked account carries its NameID as `attributes.samlNameId`, which an app policy's `accounts.samlNameId` links identities by, and `scopesync import` links by them. An org without SAML single sign-on is then an error.",
      },
      machineAccounts: {
        type: "string", title: "regular expression",
        description: "`scopesync import`: unlinked logins that match (case-insensitive) become ServiceAccounts, e.g. `-bot$`.",
      },
    },
  },
};
