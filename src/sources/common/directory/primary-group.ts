// Active Directory's primary group. Microsoft: "The user is a member of its primary group, although
// the group is not listed in the user's memberOf attribute. Likewise, a group object's member
// attribute will not list the user objects whose primaryGroupID is set to the group" (MS-ADA3
// primaryGroupID). So neither side of memberships.ts shows it: Domain Users (RID 513), every
// user's primary group unless an administrator changed it, would match no one, and a policy on it
// would offboard everyone. The group is the one whose objectSid is the user's domain SID followed
// by primaryGroupID (a relative identifier, RID): the user's objectSid without its last part.
import type { Finding } from "../../../model/finding.js";
import { showUnseen } from "../../../model/unseen-chars.js";
import type { EntryValues } from "./entry-values.js";

export type PrimaryGroup =
  /** The SID the primary group's objectSid must have. */
  | { rid: string; sid: string }
  /** primaryGroupID without the user's objectSid: the group cannot be found. */
  | { rid: string; sid?: undefined };

/** The user's primary group, when the entry has a primaryGroupID; undefined otherwise (not AD, or not exported). */
export function primaryGroupOf(values: EntryValues): PrimaryGroup | undefined {
  const rid = values.first("primaryGroupID");
  if (rid === undefined || !/^\d+$/.test(rid)) return undefined;
  const own = values.first("objectSid");
  const domain = own === undefined ? undefined : domainSid(own);
  return domain === undefined ? { rid } : { rid, sid: `${domain}-${rid}` };
}

/** "S-1-5-21-a-b-c-1104" → "S-1-5-21-a-b-c"; undefined for a value that is no SID with a RID. */
function domainSid(sid: string): string | undefined {
  const text = sid.trim().toUpperCase();
  if (!/^S-1-\d+(-\d+){2,}$/.test(text)) return undefined;
  return text.slice(0, text.lastIndexOf("-"));
}

/** A group's objectSid as primaryGroupOf() writes SIDs, to look it up by; undefined without one. */
export function groupSid(values: EntryValues): string | undefined {
  return values.first("objectSid")?.trim().toUpperCase();
}

/** The people whose primary group the read could not find, by RID, for one finding. */
export class UnresolvedPrimaryGroups {
  private readonly byRid = new Map<string, number>();
  private withoutSid = 0;
  private location: string | undefined;

  add(group: PrimaryGroup, position: string): void {
    this.location ??= position;
    if (group.sid === undefined) this.withoutSid += 1;
    else this.byRid.set(group.rid, (this.byRid.get(group.rid) ?? 0) + 1);
  }

  /** One info for the read, or none. */
  finding(source: string): Finding | undefined {
    if (this.location === undefined) return undefined;
    const people = (n: number) => (n === 1 ? "1 person" : `${n} people`);
    const parts = [...this.byRid].sort(([a], [b]) => Number(a) - Number(b)).map(([rid, n]) => `RID ${rid}${rid === DOMAIN_USERS ? " (Domain Users)" : ""}: ${people(n)}`);
    if (this.withoutSid > 0) parts.push(`${people(this.withoutSid)} without objectSid, so their domain is unknown`);
    const total = [...this.byRid.values()].reduce((sum, n) => sum + n, this.withoutSid);
    return {
      rule: "source-primary-group-unread",
      severity: "info",
      message: `source "${source}": the primary group (primaryGroupID) of ${people(total)} is not among the exported groups (${parts.join("; ")}): Active Directory lists no one in their primary group's member or memberOf, so no one is in it here, and a policy naming it matches none of them`,
      remediation: "Export the groups with objectSid, the primary groups among them (Domain Users is CN=Domain Users,CN=Users,<domain>), and the people with objectSid and primaryGroupID; nothing to do if no policy names a primary group.",
      location: showUnseen(this.location),
    };
  }
}

// The RID of Domain Users, every user's primary group unless changed (MS-DTYP 2.4.2.4 well-known SID structures: DOMAIN_GROUP_RID_USERS).
const DOMAIN_USERS = "513";
