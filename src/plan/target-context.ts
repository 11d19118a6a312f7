import type { AppPolicyDoc, SourceConfig } from "../model/documents.js";
import type { Located } from "../model/located.js";
import type { Identity } from "../model/identity.js";
import type { GroupIndex } from "../policy/memberships.js";
import type { TargetState } from "../model/target-state.js";
import type { TargetCapabilities } from "../model/target-types.js";
import type { LoginSyntax } from "../model/login-syntax.js";
import type { DepartedAtBase } from "../resolve/base-logins.js";
import type { RememberedLogins } from "../model/remembered-logins.js";
import type { JournalOffboardings } from "../model/journal-offboarding.js";

/** Everything the diff of one target needs; all plain data, nothing that can write. */
export interface TargetContext {
  target: string;
  policy: Located<AppPolicyDoc>;
  state: TargetState;
  /** What the target can hold and do: changes it cannot make are not planned. */
  traits: TargetCapabilities;
  /** The logins the target can have at all (model/login-syntax.ts: GitHub's); absent where any usable login may be one. */
  loginSyntax?: LoginSyntax;
  identities: Identity[];
  byId: ReadonlyMap<string, Identity>;
  memberships: GroupIndex;
  /** The same identities resolved from the last accepted source snapshots: who moved, who is new. */
  prior: ReadonlyMap<string, Identity> | undefined;
  /** Sources that were read for this plan: an account anchored in one of them but matching no record is gone. */
  sourcesRead: ReadonlySet<string>;
  /**
   * Sources that failed a quality gate: an account anchored in one of them but matching no record
   * is unknown, not gone. Nothing is planned for it; the gate finding lists it.
   */
  sourcesFailingGates: ReadonlySet<string>;
  /**
   * Sources whose export cannot be proven complete (source-unproven-export): like those, what they
   * do not export is unknown, not gone; their source-unproven-export finding lists it.
   */
  sourcesUnproven: ReadonlySet<string>;
  /** The configured sources: a leaver's reason says what their source's export passed (model/export-checks.ts). */
  sources: Readonly<Record<string, SourceConfig>>;
  /** Record → the records a reviewed `separate` decision (identities/links.yaml) says are other people. */
  separate?: ReadonlyMap<string, ReadonlySet<string>>;
  /** The login scopesync itself runs as in this target: never disabled or removed. */
  runAs?: string;
  now: number;
  /** Names (identity ids, `account:<login>`, gone anchors) whose decisions `explain` wants recorded. */
  explain?: ReadonlySet<string>;
  /** Login attribute → normalised login → the NHI a base revision's files defined with it and none does now (two where the base had both). */
  departedAtBase?: ReadonlyMap<string, ReadonlyMap<string, readonly DepartedAtBase[]>>;
  /**
   * A live read of a target linked by login, or with accounts the IdP deprovisioned: the login the
   * committed state file (or the apply journal) gave each account id (targets/remembered-logins.ts),
   * whose a renamed account is (plan/renamed-links.ts, plan/deprovisioned-accounts.ts).
   */
  remembered?: RememberedLogins;
  /** What the apply journal says earlier offboardings took, on every target (plan/returns.ts). */
  offboardings?: JournalOffboardings;
  /**
   * The state is the target as it is now: read live, or a `file` target, whose file is the app.
   * Else it is a saved state file, which shows what the journal's later lines did only when its
   * `readAt` is later than them (plan/undone-offboardings.ts).
   */
  stateIsCurrent?: true;
}
