// The shapes of the YAML documents in a policy repository, after schema validation.
// The JSON Schemas in schemas/ are the authority; these types mirror them for the compiler.

export type Duration = string; // "30d", "12h", "2w" or ISO 8601 "P30D", "PT12H"
export type DateString = string; // "2026-11-26" or RFC 3339 "2026-11-26T10:00:00Z"

/** `where:` selector: every key must match; an array means any of; a missing (null) attribute never matches. */
export type Where = Record<string, string | boolean | number | Array<string | number | boolean>>;

export interface Selector {
  kinds?: Array<"person" | "service-account" | "agent">;
  where?: Where;
}

export interface GateSettings {
  required?: string[];
  maxAge?: Duration;
  minRecords?: number;
  /** Share of records that may appear, vanish or change status since the last accepted snapshot: "10%". */
  maxChurn?: string;
  /**
   * Churn of fewer records than this never fails maxChurn (default 3: sources/quality-gates.ts
   * CHURN_FLOOR): in a small source one leaver is more than any sensible percentage. Like the
   * safety limits' `floor`.
   */
  churnFloor?: number;
  /**
   * The tenant every export must be of (sources/export-account.ts): an aws-iam source's AWS
   * account, an okta source's org host, a google source's customer id, an entra source's tenant id. Binds a first run, which has no snapshot to compare with.
   */
  account?: string;
  /** Reviewed acceptance of one failing gate run, committed in the PR that accepts it. */
  accept?: {
    churnUpTo?: string;
    records?: number;
    /** The AWS account (12 digits), Okta org (host), Google customer or Entra tenant an export may be of while the accepted snapshot is of another: a reviewed move (sources/export-account.ts). */
    account?: string;
    reason: string;
    /** The digest of the export it was reviewed for, as the failed gate gives it (sources/gate-accept.ts). */
    export?: string;
    expiresAt?: DateString;
  };
}

export interface SourceConfig {
  type: string;
  /** Export file or directory (file-based sources). */
  path?: string;
  /** Accepted snapshot of this source, written by `scopesync snapshot`. */
  snapshot?: string;
  /** Raw attributes a snapshot keeps besides those planning reads (`dn`, `gates.required`). */
  snapshotAttributes?: string[];
  /** The most MiB one snapshot file holds: a larger snapshot is written as parts (sources/snapshot-parts.ts). */
  snapshotPartSize?: number;
  authoritative?: string[];
  /**
   * Why this source, no HR export, is authoritative for `status` beside an HR export that is too:
   * the reviewed reason that silences validate's warning (config/status-authority-warnings.ts).
   */
  statusAuthorityReason?: string;
  gates?: GateSettings;
  /**
   * Where a manager reference of this source is looked up when it names no record of this source:
   * these sources, in this order (resolve/manager-refs.ts). Absent: only this source.
   */
  managerLookup?: string[];
  /** The IANA zone of this source's bare dates, where it is not the organisation's (`UTC` for UTC days). */
  timeZone?: string;
  /** Adapter-specific settings (column maps, status maps, LDAP URL and bind, ...). */
  options?: Record<string, unknown>;
}

export interface LimitSetting { count?: number; percent?: number }
export interface SafetyLimits {
  deletes?: LimitSetting;
  disables?: LimitSetting;
  removals?: LimitSetting;
  changes?: LimitSetting;
  /** Below this many objects in the target, percentages do not apply (octoDNS: 10). */
  floor?: number;
}
export interface SafetyOverride {
  target: string;
  limit: "deletes" | "disables" | "removals" | "changes";
  allow: number;
  reason: string;
  /** The digest of the identities the limit counted, as the blocked reason gives it (model/override-binding.ts). */
  identities?: string;
  expiresAt?: DateString;
}

export interface TargetConfig {
  type: string;
  /** Offline state of the target (a JSON file of accounts) used when the live target is not read. */
  state?: string;
  path?: string;
  url?: string;
  org?: string;
  token?: string;
  /** The identity scopesync itself runs as in this target: never removed. */
  runAs?: string;
  /** A saved state older than this (readAt) is a finding: plans should not rest on it. */
  maxStateAge?: Duration;
  /**
   * Names this target had before a rename in scopesync.yaml (the same system under a new name, as
   * Terraform's `moved`): the apply journal's records under them count for this target.
   */
  formerNames?: string[];
  options?: Record<string, unknown>;
}

export interface ProjectConfig {
  version: 1;
  organisation: string;
  /** The IANA zone whose days the sources' bare dates are (config/time-zones.ts checks it); absent: UTC. */
  timeZone?: string;
  sources: Record<string, SourceConfig>;
  correlation?: {
    keys?: Array<"anchor" | "employeeId" | "email" | "userName">;
    /** Source order for attributes no source is authoritative for. */
    precedence?: string[];
  };
  targets: Record<string, TargetConfig>;
  safety?: { default?: SafetyLimits; targets?: Record<string, SafetyLimits>; overrides?: SafetyOverride[] };
  apply?: {
    unreviewed?: "revocations-only" | "none";
    /** The apply journal, relative to the repository (default `.scopesync/journal.jsonl`); every command reads it here. */
    journal?: string;
  };
  /** The plan workflow plans one job per target (resolve, plan --target, plan merge). */
  sharding?: boolean;
  /** Reviewed exceptions to "configured paths stay inside the repository". */
  allowPathsOutsideRepo?: Array<{ path: string; reason: string }>;
  /** RuleSet exceptions: the longest one may run, from the plan's time to its expiresAt (default 365d: model/exception-checks.ts). */
  exceptions?: { maxLength?: Duration };
}

export interface PersonDoc {
  kind: "Person";
  id: string;
  /**
   * The record the overlay was written for ("source:externalId"), as `import` writes it: when the
   * login comes to name another person, the overlay is not applied and the plan is blocked (login-reused);
   * when the person holding the record has another login now, it follows them (overlay-login-stale).
   */
  anchor?: string;
  breakGlass?: boolean;
  attributes?: Record<string, string | number | boolean>;
  note?: string;
}

export interface GroupMember { identity: string; until?: DateString; reason?: string }
export interface GroupDoc {
  kind: "Group";
  id: string;
  description?: string;
  privileged?: boolean;
  /** The birthright rule of this privileged group is itself the reviewed decision (privileged-birthright rule). */
  allowPrivilegedBirthright?: boolean;
  environment?: string;
  owners?: string[];
  members?: GroupMember[];
  birthright?: Selector[];
}

export type CredentialType = "api-key" | "token" | "oauth-client" | "ssh-key" | "certificate";
/**
 * What the issuing system says of a credential: `active` it is accepted, `inactive` it exists but
 * is switched off (AWS access key `Inactive`), `disabled` it was disabled (GCP key `disabled: true`).
 * Absent: the credential was only written in YAML, and counts as active.
 */
export type CredentialStatus = "active" | "inactive" | "disabled";
/**
 * One credential of an NHI. Written in YAML (ids are lower-case there) or discovered in the
 * system that issued it; a discovered credential keeps the id that system gives it (Entra
 * `keyId`, AWS `AccessKeyId`, GCP key `name`) so that revocation can address it.
 */
export interface CredentialDoc {
  id: string;
  type: CredentialType;
  target?: string;
  /** Created, as the system records it (Entra startDateTime, AWS access_key_N_last_rotated, GCP validAfterTime). */
  issuedAt: DateString;
  expiresAt?: DateString;
  lastRotatedAt?: DateString;
  /** Where the secret lives (vault path or ${env:NAME}); never the secret itself. */
  secretRef?: string;
  /** Last use the system recorded (AWS access_key_N_last_used_date, Entra sign-in activity); absent: never used, or not recorded. */
  lastUsedAt?: DateString;
  /** The system records use and has recorded none (AWS `N/A` in access_key_N_last_used_date). */
  neverUsed?: true;
  /** Discovered credentials only: the service it was last used with (AWS access_key_N_last_used_service). */
  lastUsedService?: string;
  /** Discovered credentials only; YAML credentials are active. */
  status?: CredentialStatus;
  /** Name (in scopesync.yaml `sources:`) of the discovery source that reported the credential; absent: written in YAML. */
  discoveredBy?: string;
  /** Discovered credentials: the export position of the record that reported it ("aws/credential-report.csv line 3"), where findings point. */
  reportedAt?: string;
  /**
   * Discovered credentials the NHI's file lists too: the id the file lists it by (an Entra `keyId`,
   * an AWS AccessKeyId for the report's `access_key_N` made at the written `issuedAt`). Absent on a
   * discovered credential no file lists: discovery saw it, nobody reviewed it.
   */
  listedAs?: string;
  /**
   * Discovered credentials whose id names them only inside one principal of one system: there, the
   * principal (the IAM user's ARN for the credential report's `access_key_1`, which every user of
   * every account has; `<source>/<namespace>` for a Kubernetes token Secret's name, which every
   * namespace of every cluster can have). Two discovered credentials are one only with the same id
   * in the same `idScope`: a declared NHI that two AWS accounts report keeps both accounts' keys.
   * Absent: the id names the credential on its own (an Entra `keyId`, a GCP key `name`, a GitHub
   * `deploy-key:<repo>:<id>`), and two sources that report it report one credential.
   */
  idScope?: string;
  /** Discovered credentials: when the export that reported it was made; a key made later cannot be in it. */
  exportedAt?: string;
  /**
   * The principal that holds the credential, in the system's own terms, when the credential id
   * alone does not address it: Entra application object `id`, AWS IAM `UserName`, GCP service
   * account e-mail, Kubernetes `namespace/name`, GitHub `owner/repo` (deploy key) or the token's user. Revocation addresses (principal, id).
   */
  principal?: string;
  /** The credential's label in the system (Entra `displayName`, a deploy key's title); untrusted text. */
  displayName?: string;
  /** `system`: the platform rotates it (GCP SYSTEM_MANAGED keys); rotation rules then do not apply. Default `user`. */
  managedBy?: "user" | "system";
  /**
   * The issuing system cannot give this kind of credential an expiry at all, so
   * `credential-expiry-required` asks for what replaces it instead. Set by the discovery sources,
   * by import (a GitHub deploy key), or written in YAML; absent: the system can (GCP keys, Entra
   * secrets, fine-grained tokens), or nobody said.
   */
  cannotExpire?: CannotExpire;
}

/**
 * Credentials whose system has no expiry for them (sources cite the vendor's documentation):
 * AWS IAM user access keys, GitHub deploy keys, Kubernetes service account token Secrets.
 */
export type CannotExpire = "aws-access-key" | "github-deploy-key" | "kubernetes-token-secret";

/** Where a discovery source reports a declared NHI: the source's name and the NHI's id there. */
export interface DiscoveryRef {
  /** Source name in scopesync.yaml. */
  source: string;
  /** The id that source gives the NHI (Entra appId or object id, AWS user or role name, GCP e-mail, GitHub `installation:<id>` / `deploy-key:<repo>:<id>` / `pat-grant:<id>`, Kubernetes namespace/name). */
  id: string;
}

export interface NhiDoc {
  kind: "ServiceAccount" | "Agent";
  id: string;
  displayName?: string;
  owner?: string;
  status?: "active" | "disabled";
  environment?: string;
  purpose?: string;
  expiresAt?: DateString;
  interactiveLogin?: boolean;
  /**
   * An emergency account that belongs to no person (a sealed GitHub org owner): any change to it
   * blocks the plan, and its owner leaving is a warning (break-glass-owner-gone) instead of a
   * quarantine.
   */
  breakGlass?: boolean;
  attributes?: Record<string, string | number | boolean>;
  credentials?: CredentialDoc[];
  /** Agents: the model or product behind the agent, for inventory. */
  model?: string;
  /**
   * Ids this NHI had before its file was renamed (a `moved` block, in Terraform's words): accounts
   * marked with `nhi:<earlier id>` and the app logins the base revision gave it stay its own, and
   * files that still name an earlier id name it. Without it a new id is a new identity.
   */
  formerIds?: string[];
  /**
   * The discovery sources that should report this NHI, and under which id. The file then owns
   * owner, purpose and policy, the system owns credentials and status; a listed source that was
   * read and does not report it gives `nhi-not-found`.
   */
  discoveredBy?: DiscoveryRef[];
}

export interface LinksDoc {
  kind: "Links";
  links?: Array<{ records: string[]; reason: string }>;
  separate?: Array<{ records: string[]; reason: string }>;
}

export interface AttributeMapping { from: string; strength?: "always" | "onCreate" | "ifEmpty" }
export interface EntitlementMapping { group: string; entitlement: string; privileged?: boolean }
export interface AppPolicyDoc {
  kind: "AppPolicy";
  id: string;
  target: string;
  description?: string;
  scope: { include: Selector[]; exclude?: Selector[] };
  // The keys below without `?` have defaults, set once when the repository loads
  // (config/defaults.ts): no later stage supplies a default of its own.
  accounts: {
    /** Identity attribute that becomes the account's login in this app (default userName). */
    login: string;
    attributes?: Record<string, AttributeMapping>;
    /** What a suspended source record means here (default disable). */
    onSuspended: "disable" | "keep";
    /**
     * How long before a person's hire date their account is made and its grants given here
     * (default "0": on the hire date). A person whose `hireDate` is later than now plus this has
     * not started: nothing is planned for them here yet (policy/pre-start.ts).
     */
    preStart: Duration;
    /** Link existing accounts by login only, never writing externalId (another system owns it). */
    linkBy?: "externalId" | "login";
    /**
     * Identity attribute (e.g. email) that equals the SAML NameID the target reports on an account
     * (`attributes.samlNameId`: GitHub with options.saml). Such an account is the identity's,
     * whatever its login, before any link by login.
     */
    samlNameId?: string;
  };
  entitlements?: EntitlementMapping[];
  /**
   * What a group of the app holds itself, by the entitlement that names it:
   * `team:platform: [repo:infra:write]`. A group listed here holds exactly these, among what the
   * target's read covers; a group not listed is never changed.
   */
  groupGrants?: Record<string, string[]>;
  /** Default disable. */
  onLeaveScope: "disable" | "delete" | "keep";
  /** Default 30d. */
  deleteGracePeriod: Duration;
  /** Default report. */
  unmanagedAccounts: "report" | "disable";
  /** Entitlement that makes an account an admin of the app, and how many must remain. */
  admins?: { entitlement: string; minimum: number };
  /**
   * Governance of the credentials the target reports (keys, secrets) beyond offboarding. Absent:
   * credentials are revoked only when their identity is offboarded.
   */
  credentials?: CredentialPolicy;
}

/** What the plan does with credentials of identities that keep their account (docs/formats.md). */
export interface CredentialPolicy {
  /**
   * A credential the target reports that the identity's `credentials` do not list: `report` (a
   * `credential-unknown` finding) or `revoke`. Default report (set at load).
   */
  unknown: "report" | "revoke";
  /** Revoke a credential the target last saw used longer ago than this (or never, since it was made). */
  revokeUnusedAfter?: Duration;
}

/** Conditions on an identity, all of which must hold (AND). Entitlements are "app:entitlement". */
export interface RuleCondition {
  where?: Where;
  /** These attributes exist (are not empty). */
  attributes?: string[];
  /** Holds any of these after the plan. */
  entitlements?: string[];
  /** Holds all of these after the plan (separation of duties: forbid two together). */
  allEntitlements?: string[];
  /** attribute (a date) → no older than this duration. */
  maxAge?: Record<string, Duration>;
  before?: Record<string, DateString>;
  after?: Record<string, DateString>;
}

export interface RuleDoc {
  id: string;
  description?: string;
  severity: "error" | "warning" | "info";
  match?: Selector & { entitlements?: string[] };
  require?: RuleCondition;
  forbid?: RuleCondition;
  message: string;
  remediation?: string;
  controls?: string[];
  help?: string;
  reviewers?: string[];
}
export interface ExceptionDoc {
  rule: string;
  identity: string;
  expiresAt: DateString;
  approver: string;
  ticket: string;
  reason?: string;
}
export interface RuleSetDoc {
  kind: "RuleSet";
  id: string;
  builtins?: Record<string, { enabled?: boolean; severity?: "error" | "warning" | "info" } & Record<string, unknown>>;
  rules?: RuleDoc[];
  exceptions?: ExceptionDoc[];
}

export type Doc = PersonDoc | GroupDoc | NhiDoc | LinksDoc | AppPolicyDoc | RuleSetDoc;
export type DocKind = Doc["kind"];
