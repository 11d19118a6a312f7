// What the diff says about two roles of one key its mappings want for one account
// (exclusive-roles.ts): the role kept names the mapping it outranked in its grant's reason, a held
// role outranked is revoked naming the role kept, and each pair of mappings that met is said once
// for the target (role-conflict-resolved, warning: the policy gives more than the target can hold,
// and a reviewer should know which mapping does nothing for whom). Roles that do not compare (a
// custom repository role whose base is not known, two custom roles of one base) are an error about
// the identity (role-conflict): nothing is granted or taken away on that key until the policy says
// which. A custom role ranked by its base (the org's list read) is named with it wherever it is said.
import type { AppPolicyDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Located } from "../model/located.js";
import type { EntitlementTable } from "./entitlement-table.js";
import { CUSTOM_RANKED, roleNamed, roleOrder, type Exclusivity, type RoleContest } from "./exclusive-roles.js";
import { noOrderWhy } from "./role-order-words.js";

/** Identities named in a role-conflict-resolved message; the rest are counted. */
const NAMED = 5;

interface Meeting {
  kept: { entitlement: string; group: string; at: string };
  dropped: { entitlement: string; group: string; at: string };
  key: string;
  identities: string[];
  /** Either role is a custom one ranked by its base role (the org's list read): the finding says how it ranks. */
  based: boolean;
}

export class RoleContests {
  /** By slot, for the identity decided now: the roles the kept one outranked, in words. */
  private readonly outranks = new Map<number, string>();
  /** By slot, for the identity decided now: the role that outranked it, in words. */
  private readonly outrankedBy = new Map<number, string>();
  /** Each pair of mappings that met, by their positions in the policy, in the order first met. */
  private readonly meetings = new Map<string, Meeting>();

  /** `traits`: the table's, with the read's custom roles (a custom role ranks as its base where they are known). */
  constructor(
    private readonly policy: Located<AppPolicyDoc>,
    private readonly table: EntitlementTable,
    private readonly traits: Exclusivity = {},
  ) {}

  /** Forgets the identity decided before: called before each identity is decided. */
  clear(): void {
    // Called for every identity on every target, and nearly always with nothing to forget.
    if (this.outranks.size > 0) this.outranks.clear();
    if (this.outrankedBy.size > 0) this.outrankedBy.clear();
  }

  /**
   * Records the identity's contests; marks in `keep` the slots of keys whose roles do not compare
   * (held or not, they stay so) and returns the error finding for each such key.
   */
  settle(identity: string, contests: readonly RoleContest[], keep: Uint8Array): Finding[] {
    const errors: Finding[] = [];
    const { names } = this.table;
    for (const c of contests) {
      const side = (w: RoleContest["wanted"][number]) => ({ entitlement: roleNamed(names[w.slot]!, this.traits), group: w.membership.group, at: this.mappingAt(w.slot, w.membership.group) });
      if (c.kept === undefined) {
        for (const slot of c.keySlots) keep[slot] = 1;
        const sides = c.wanted.map(side);
        const app = this.policy.value;
        errors.push({
          rule: "role-conflict",
          severity: "error",
          identity,
          message: `${identity} is in groups that give two roles of ${c.key} in ${app.id}: ${sides.map((s) => `${s.entitlement} (${s.group}, ${s.at})`).join(" and ")}; target "${app.target}" holds one role per account there, and ${sides.length > 2 ? "these roles" : "the two"} have no order (${noOrderWhy(c.wanted.map((w) => names[w.slot]!), this.traits)}), so neither is granted or taken away`,
          remediation: `say which role ${identity} gets on ${c.key}: map only one of them, or narrow one of the groups so that no one is in both (a higher built-in role would win on its own: read < triage < write < maintain < admin)`,
          location: sides[0]!.at,
        });
        continue;
      }
      const kept = side(c.wanted.find((w) => w.slot === c.kept)!);
      const lost: string[] = [];
      for (const w of c.wanted) {
        if (w.slot === c.kept) continue;
        const dropped = side(w);
        lost.push(`${dropped.entitlement} (${dropped.group}, ${dropped.at})`);
        this.outrankedBy.set(w.slot, `${kept.entitlement} (${kept.group}, ${kept.at}): the target holds one role of ${c.key} per account, the highest is kept`);
        this.meet(identity, c.key, kept, dropped, roleOrder(names[c.kept]!, this.traits)?.custom === true || roleOrder(names[w.slot]!, this.traits)?.custom === true);
      }
      this.outranks.set(c.kept, `${lost.join(", ")}: the target holds one role of ${c.key} per account, the highest is kept`);
    }
    return errors;
  }

  /** For the kept role's grant: what it outranked, or undefined. */
  beats(slot: number): string | undefined {
    const lost = this.outranks.get(slot);
    return lost === undefined ? undefined : `outranks ${lost}`;
  }

  /** For an outranked role's revoke: the role kept instead, or undefined. */
  beatenBy(slot: number): string | undefined {
    const by = this.outrankedBy.get(slot);
    return by === undefined ? undefined : `${this.table.names[slot]} is outranked by ${by}`;
  }

  /** One warning per pair of mappings that met, in the order first met. */
  findings(): Finding[] {
    const app = this.policy.value;
    return [...this.meetings.values()].map((m) => {
      const shown = m.identities.slice(0, NAMED).join(", ");
      const more = m.identities.length > NAMED ? `, and ${m.identities.length - NAMED} more` : "";
      return {
        rule: "role-conflict-resolved",
        severity: "warning",
        message: `${m.identities.length} identit${m.identities.length === 1 ? "y is" : "ies are"} in both ${m.kept.group} and ${m.dropped.group} (${shown}${more}), which give two roles of ${m.key} in ${app.id}: ${m.kept.entitlement} (${m.kept.at}) and ${m.dropped.entitlement} (${m.dropped.at}); target "${app.target}" holds one role per account there, so each gets the higher, ${m.kept.entitlement}, and ${m.dropped.group}'s ${m.dropped.entitlement} is not granted to them (from whoever holds it, it is revoked as a role change in place)${m.based ? CUSTOM_RANKED : ""}`,
        remediation: `nothing, if ${m.kept.entitlement} is meant for them; otherwise narrow ${m.kept.group} or ${m.dropped.group} so that no one is in both, or map one role of ${m.key} only`,
        location: m.dropped.at,
      };
    });
  }

  private meet(identity: string, key: string, kept: Meeting["kept"], dropped: Meeting["dropped"], based: boolean): void {
    const id = `${kept.at}\u0000${kept.group}\u0000${dropped.at}\u0000${dropped.group}`;
    const meeting = this.meetings.get(id) ?? this.meetings.set(id, { kept, dropped, key, identities: [], based }).get(id)!;
    meeting.identities.push(identity);
  }

  /** The `file:line` of the group's mapping to the slot (the table's), or the policy's file where the table has no positions. */
  private mappingAt(slot: number, group: string): string {
    return this.table.mappedAt(slot, group)[0] ?? this.policy.file;
  }
}
