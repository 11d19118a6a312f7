import type { ReportedConsolePassword } from "./console-password.js";
import type { ReportedFederatedCredential } from "./federated-credential.js";
import type { CredentialDoc } from "./documents.js";
import type { Provenance, RecordKind } from "./source-record.js";

/** Lifecycle status of a resolved identity. `disabled` is an NHI switched off in its file. */
export type IdentityStatus = "active" | "suspended" | "terminated" | "disabled";

/** A value an identity attribute can hold; `where:` selectors match against these. */
export type AttributeValue = string | boolean | string[];

/**
 * One correlated identity: a person merged from source records (plus an optional overlay file),
 * or a non-human identity defined in identities/. Every attribute keeps its provenance.
 */
export interface Identity {
  /** Stable, human-readable id: a person's login, an NHI's id. Referenced from YAML. */
  id: string;
  kind: RecordKind;
  /**
   * Immutable anchor written downstream as `externalId`: "hr:W1001" (the record of the
   * highest-precedence source) or "nhi:svc-ci-deployer". Accounts link on it, so renames are updates.
   */
  anchor: string;
  /** Every record merged into this identity, as "source:externalId", sorted. */
  records: string[];
  /** Other anchors under which a target may already know this identity (lower-precedence records). */
  aliases: string[];
  status: IdentityStatus;
  attributes: Record<string, AttributeValue>;
  provenance: Record<string, Provenance>;
  breakGlass: boolean;
  /** NHIs only. */
  owner?: string;
  /**
   * A discovered NHI whose owner its system names (no file gives it one): every owner the system
   * names, as planning found them, sorted by name. `owner` is the one the rules speak of (an
   * active person among them when there is one). Absent when a file names the owner, or the
   * system names none.
   */
  systemOwners?: SystemOwner[];
  expiresAt?: string;
  credentials?: CredentialDoc[];
  /**
   * NHIs an aws-iam discovery source reports with a console password: each account's, by the
   * source that reported it (model/console-password.ts). Absent when none.
   */
  consolePasswords?: ReportedConsolePassword[];
  /** NHIs an entra-apps source reports with federated identity credentials (model/federated-credential.ts). Absent when none. */
  federatedCredentials?: ReportedFederatedCredential[];
  /**
   * NHIs: the discovery sources that reported it, sorted. Absent or empty: it exists only as
   * YAML. A discovered NHI no file declares has no `definedAt`.
   */
  discoveredBy?: string[];
  /**
   * A discovered NHI no file declares, and what its source's `options.undeclared` says:
   * `report` plans nothing for it (no account is created, an existing one is left alone) unless it
   * is offboarded (its owner left); `quarantine` makes it disabled, so its accounts are offboarded.
   */
  undeclared?: "report" | "quarantine";
  /**
   * Declared NHIs: the `discoveredBy` entries ("source:id") whose source was read, passed its
   * quality gates and did not report this NHI (`nhi-not-found`). Never a reason to remove it.
   */
  notFoundIn?: string[];
  /**
   * Declared NHIs: the `discoveredBy` entries ("source:id") whose source was read but failed its
   * quality gates or cannot be proven complete, and did not report this NHI. Its absence there
   * decides nothing (no `nhi-not-found`); whether it still works there is unknown, which the
   * leavers report says (plan/leaver-nhis.ts) rather than reading the NHI as switched off.
   */
  unconfirmedIn?: string[];
  /**
   * People renamed in the sources: earlier logins that files or apps may still name, sorted. From
   * a Person overlay whose `anchor` this person holds but whose `id` is another login
   * (overlay-login-stale), and from the last accepted snapshot (the login it gave this person's
   * anchor). Explicit group memberships and NHI owners naming one count for this person, and apps
   * that link by login find its account by one (src/resolve/renames.ts). Absent for nearly everyone.
   */
  formerIds?: string[];
  /**
   * People whose overlay now gives an app login (githubLogin) other than the one the last accepted
   * snapshot gave them, or none while they are active: attribute → that earlier login. The
   * account under it is no longer theirs (GitHub cannot rename another user's account: a new
   * login is a new account), so it is offboarded instead of being left, with its teams, as
   * unmanaged. Absent for nearly everyone.
   */
  earlierLogins?: Record<string, string>;
  /**
   * With a base revision (`plan --base`; apply of a merged commit, against its parent): the app
   * logins the base's files gave this identity, person or NHI, where they differ from today's
   * (or today's files give none: an NHI, or an active person), attribute → login. As with
   * earlierLogins, the account under such a login is no longer theirs:
   * a bot's login changed in a pull request, or a person's changed again before the snapshot with
   * the first change was accepted (no snapshot knows either). Absent for nearly everyone.
   */
  loginsAtBase?: { ref: string; logins: Record<string, string> };
  /**
   * People whose source gave them a new record (a rehire under a new worker id): the anchors they
   * had before, sorted. From the last accepted snapshot, when another record of theirs still merges
   * with the new one, or from a reviewed `links` entry naming the gone record (finding
   * anchor-changed). An account a target marked with one is theirs, and is re-marked with today's
   * anchor. Absent for nearly everyone.
   */
  formerAnchors?: string[];
  /**
   * People only: records merged into this active person that their own source exports as not
   * active (a disabled directory account, a deactivated IdP user) and that do not carry the
   * employee id of the person's anchor record, sorted: to all appearances a leaver's record that a
   * recycled e-mail or login joined to them. Such a record is no evidence that this is the person
   * an earlier anchor was (src/resolve/leaver-records.ts). Absent for nearly everyone.
   */
  leaverRecords?: string[];
  /**
   * People only: records that no correlation key joins to this person's any more (an e-mail
   * changed in one source only), kept with them because the last accepted snapshot had them as
   * one person (finding split-record-kept, src/resolve/split-off.ts), sorted. Absent for nearly everyone.
   */
  keptRecords?: string[];
  /**
   * People only: group names that a group this person is in has and that mean no one group today
   * (src/resolve/group-names.ts): two or more groups of one source share it and the last accepted
   * snapshot does not settle it, or the snapshot binds it to a group that no longer carries it.
   * Whether `where: { groups: name }` means them is unknown: the planner gives nothing new through
   * such a name and takes away nothing it would give (src/policy/groups-unknown.ts). Absent for
   * nearly everyone.
   */
  groupsUnknown?: readonly string[];
  /**
   * People only: who they are today while the record that decides their attributes is of an
   * employment still to come (a contractor converted to employee, HR entering the conversion ahead
   * as a future hire under a new worker id) and another source exports them active today
   * (src/resolve/before-start.ts). Until that employment's access begins in an app, the planner
   * takes away nothing today's attributes still justify and gives nothing only the new ones do
   * (src/policy/before-start.ts). Absent for nearly everyone.
   */
  beforeStart?: BeforeStart;
  /** Where the identity's file (overlay or NHI definition) is, as file:line. */
  definedAt?: string;
  /**
   * Its record matched records of other people on correlation keys and no reviewed link decides
   * (a `disputed` finding), or whose records the last accepted snapshot had as part of someone
   * else (split-record-unclear): nothing is planned for it, and its accounts are left as they are.
   */
  disputed?: true;
  /**
   * People only: the sources that failed their quality gates and no longer export this person,
   * whom another source still does. The identity is the one the last accepted snapshot gave, and
   * nothing is planned for it until those sources pass (src/resolve/held.ts).
   */
  held?: string[];
  /**
   * People only: the lower-precedence sources that failed their quality gates and lost this
   * person's record; the attributes they gave in the last accepted snapshot are kept (held.ts).
   */
  keptFrom?: string[];
  /**
   * People of the last accepted snapshot only: the day a snapshot first kept them as a leaver gone
   * from every source (their records' `departed`, src/cli/snapshot-gone.ts): when they left, as far
   * as scopesync can tell, so that an app's delete grace period counts from then.
   */
  departed?: string;
  /**
   * People of the last accepted snapshot only: the day a snapshot first had them terminated after
   * having them active or on leave (their records' `terminatedSeen`).
   */
  terminatedSeen?: string;
}

/** A person's attributes of today, beside a record of an employment still to come (Identity.beforeStart). */
export interface BeforeStart {
  /** The record of the employment to come, as its provenance gives it (source and position). */
  source: string;
  at: string;
  /** Its hire date, as that record gives it. */
  hireDate: string;
  /** The records that export the person active today, "source position", in precedence order. */
  activeIn: string[];
  /** Their status today, as those records merge. */
  status: IdentityStatus;
  /**
   * Each attribute the record to come decided, as today's records give it (null: none of them
   * does). An attribute an overlay decides since is the overlay's, in both.
   */
  attributes: Record<string, AttributeValue | null>;
}

/** The identity's login under one attribute (an app's `accounts.login`): its first value, undefined when absent or empty. */
export function loginOf(identity: Pick<Identity, "attributes">, attribute: string): string | undefined {
  const v = identity.attributes[attribute];
  const text = Array.isArray(v) ? v[0] : v === undefined ? undefined : String(v);
  return text === "" ? undefined : text;
}

/**
 * Identities by id. Set one by one: `new Map(identities.map((i) => [i.id, i]))` makes a pair array
 * per identity first, a million of them in the largest organisations planned.
 */
export function identitiesById(identities: readonly Identity[]): Map<string, Identity> {
  const byId = new Map<string, Identity>();
  for (const identity of identities) byId.set(identity.id, identity);
  return byId;
}

/**
 * One owner a discovery source names for an NHI, as planning found them (src/resolve/system-owners.ts).
 * `person`: `id` is a person the sources export (whatever their status). `former`: `id` is a person
 * only the last accepted snapshot knew: in no source any more. `unknown`: no person the sources
 * export or the last accepted snapshot knew goes by that name, so whether they are still here is
 * unknown. `not-person`: the system says the owner is no person (an Entra service principal).
 */
export interface SystemOwner {
  /** The owner as the system names them (the first of its names). */
  name: string;
  match: "person" | "former" | "unknown" | "not-person";
  /**
   * `person` and `former`: the person's id. `unknown` with `droppedBy`: the id the owner had when
   * the system dropped them (no source nor snapshot knows them any more), kept for the snapshot.
   */
  id?: string;
  /** `not-person`: what the system says it is (`servicePrincipal`). */
  type?: string;
  /**
   * The source that listed this owner in the last accepted snapshot and lists it no more, with no
   * active person left among the owners it lists now (Graph drops a deleted user from an
   * application's owners: the usual end of a leaver, not a hand-over). The owner still counts.
   */
  droppedBy?: string;
  /** With `droppedBy`: the time of the first export of that source that no longer listed them. */
  droppedAt?: string;
}
