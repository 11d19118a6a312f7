import type { CredentialDoc } from "./documents.js";
import type { ReportedConsolePassword } from "./console-password.js";
import type { ReportedFederatedCredential } from "./federated-credential.js";
import type { GroupRef } from "./group-ref.js";
import type { DroppedOwner } from "./dropped-owner.js";

/** Where a value came from: a source record (source name + record position) or a repo file position. */
export interface Provenance {
  /** Source name from scopesync.yaml, or "file" for values written in the policy repo. */
  source: string;
  /** Human-readable position: "hr.csv row 12", "globex.ldif entry 7 (line 88)", "identities/people/ada.yaml:4:3". */
  at: string;
  /** Rule that chose this value when several sources offered one (e.g. "authoritative: hr"). */
  rule?: string;
  /** A reference resolved to an identity (a manager): the source whose record it named, and by which id ("hr by anchor (worker id)"). */
  found?: string;
}

export type RecordStatus = "active" | "suspended" | "terminated";
export type RecordKind = "person" | "service-account" | "agent";

/**
 * One identity as one source exported it, normalised to a common shape by a source adapter.
 * Adapters never drop information silently: anything unmapped stays in `raw`.
 */
export interface SourceRecord {
  source: string;
  /** Immutable anchor in that source: HR worker id, LDAP entryUUID, AD objectGUID, Okta/Entra/Google id. */
  externalId: string;
  kind: RecordKind;
  userName: string;
  /**
   * Discovered NHIs whose `userName` was qualified because other records of the source share its
   * name (src/sources/common/discovery/ids.ts): that plain name. A file that claims the name alone
   * claims none of them (src/resolve/reconcile-nhis.ts, nhi-name-ambiguous). Absent otherwise.
   */
  sharedName?: string;
  emails: string[];
  /**
   * The addresses of `emails` the source marks as aliases and gives no primary address of the
   * user's (Google `aliases` and every address but `primaryEmail`; a lower-case `smtp:` of
   * `proxyAddresses`), lower-cased; absent when there are none. Mail to them reaches this user, but
   * an administrator also keeps a leaver's address on their manager that way: correlation lets an
   * alias join a record only when the user's own addresses and ids do not name another record of
   * that source (src/resolve/alias-matches.ts).
   */
  aliases?: string[];
  name: { given?: string; family?: string; display?: string };
  employeeId?: string;
  department?: string;
  title?: string;
  /** Manager as that source identifies them (worker id, DN, id); correlation resolves it. */
  manager?: string;
  employmentType?: string;
  status: RecordStatus;
  /** Group names (or DNs) this record is a member of in the source. */
  groups: string[];
  /**
   * The same groups by the id the source gives them, where it gives one (Entra, Okta, SCIM, LDAP),
   * sorted by id; absent for sources that name groups by name alone (CSV). Two groups of one
   * source can share a name: resolve/group-names.ts makes such a name mean the group the accepted
   * snapshot binds it to, else nobody, and policy can name the group by id (`where: { groupIds: … }`).
   */
  groupRefs?: GroupRef[];
  hireDate?: string;
  terminationDate?: string;
  /**
   * Only in an accepted snapshot: the record was no longer in the export when the snapshot was
   * written, while other sources still exported the person as active (src/resolve/departed.ts),
   * or the person was gone from every source (src/cli/snapshot-gone.ts, for 90 days). It is kept,
   * as terminated, so that later plans still know those records were a leaver's: they do not make
   * them a new person, and find their accounts in apps that link by login. The date it was first
   * kept. Not counted in churn.
   */
  departed?: string;
  /**
   * Only in an accepted snapshot, on a terminated record: the day a snapshot first had it
   * terminated after the snapshot before had it active or on leave (src/cli/snapshot-left.ts). An
   * app's delete grace period counts from the later of it and the termination date, so that a
   * termination backdated to the day a leave began does not delete the account the day it is
   * seen (src/plan/leaving-since.ts). Carried from snapshot to snapshot while the record stays
   * terminated.
   */
  terminatedSeen?: string;
  /**
   * Only in a snapshot, on a person's anchor record: the logins apps link by (`accounts.login`,
   * such as githubLogin) that a Person overlay gave them when the snapshot was accepted. Read back
   * where no overlay gives one now (src/resolve/snapshot-logins.ts): a leaver's account in GitHub
   * stays theirs after their overlay is removed.
   */
  logins?: Record<string, string>;
  /**
   * Only in a snapshot, on a renamed person's anchor record: their earlier logins that files in
   * the repository (a Person overlay's id, a group member, an NHI's owner) still named when the
   * snapshot was accepted. What those files name stays this person's (src/resolve/renames.ts)
   * until they are rewritten: accepting the rename no longer turns a stale overlay into nobody's.
   */
  formerIds?: string[];
  /**
   * Only in a snapshot, on a person's anchor record: records of other sources ("globex:<uuid>")
   * that no correlation key joined to it when the snapshot was accepted, kept with the person
   * because the snapshot before had them as one (src/resolve/split-off.ts, Identity.keptRecords).
   * Without it, accepting the snapshot would forget that, and the next plan would make the
   * record a new person. Written again at every snapshot until the keys agree again.
   */
  keptRecords?: string[];
  /**
   * Only in a snapshot, on a discovered NHI's record: owners the system stopped listing while no
   * active person was left among those it lists (model/dropped-owner.ts). They still own it.
   */
  droppedOwners?: DroppedOwner[];
  /**
   * Only in a snapshot: a value of this record was written hidden, as it looked like a secret
   * (src/sources/snapshot.ts). Read back, it is compared with the export as the export hides it.
   */
  hidden?: true;
  /**
   * More attributes `where:` selectors and rules can use, named as in docs/formats.md: source facts
   * with no field above (Entra `directoryRoles`, Google `isAdmin`, `orgUnitPath`), and every value
   * of a multi-valued field (`title: [Captain, Pilot]`; the field above then holds the first).
   */
  attributes?: Record<string, string | boolean | string[]>;
  /** Attributes as exported, for `explain` and custom rules; never holds secrets. */
  raw: Record<string, string | string[]>;
  exportedAt: string;
  /** Position of the record in its export, for error messages and provenance. */
  position: string;
  /**
   * Discovered NHIs (kind service-account or agent from a discovery source): the credentials the
   * system reports for it, with the system's ids and dates. Absent for people.
   */
  credentials?: CredentialDoc[];
  /** Discovered IAM users: the console password the credential report says is enabled (model/console-password.ts). */
  consolePassword?: ReportedConsolePassword;
  /** Discovered Entra applications: the federated identity credentials Graph lists on them (model/federated-credential.ts). */
  federatedCredentials?: ReportedFederatedCredential[];
  /**
   * Discovered NHIs: owners as the system names them (a tag's e-mail, a GitHub login; an Entra
   * user's UPN and mail, an Entra service principal), resolved to people by e-mail or login
   * (src/resolve/system-owners.ts). A string is one owner known by one name. Empty: the system
   * knows no owner.
   */
  owners?: Array<string | RecordOwner>;
}

/** One owner of a discovered NHI that a bare name does not describe. */
export interface RecordOwner {
  /**
   * Every name the system gives this one owner, lower case, any of which may find the person (an
   * Entra user's `userPrincipalName` and `mail`, which differ wherever the UPN suffix is not the
   * mail domain). The first names the owner in findings.
   */
  names: string[];
  /**
   * The owner is no person, and this is what the system says it is (an Entra `servicePrincipal`:
   * the application itself, or the automation that made it). Never looked up among people.
   */
  notPerson?: string;
}
