import type { Finding } from "../model/finding.js";
import type { NhiSummary } from "../policy/nhi-inventory.js";
import type { AppliedException } from "../policy/rules/exceptions.js";
import type { Action, Change } from "../model/change.js";
import type { TargetStateFacts } from "../model/target-state-facts.js";

export const PLAN_FORMAT_VERSION = 1;

/**
 * A safety-limit override that was used, recorded so the plan shows who allowed what: with the
 * digest of the identities its limit counted (model/override-binding.ts), which apply's re-plan is
 * held to, and its expiry. Plans written before either lack them.
 */
export interface AppliedOverride { target: string; limit: string; allow: number; reason: string; identities?: string; expiresAt?: string }

/** The plan: data only. Text, Markdown, JSON and SARIF render it. */
export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  /** sha256 of the canonical changes: what a reviewer approved. */
  fingerprint: string;
  generatedAt: string;
  organisation: string;
  /** Base revision when the plan separates this PR's changes (plan --base). */
  base?: string;
  /** With --base: the desired-state files this PR changes, as unified diffs. */
  desiredStateDiff?: Array<{ file: string; patch: string }>;
  summary: Partial<Record<Action, number>>;
  changes: Change[];
  findings: Finding[];
  blocked: boolean;
  blockedReasons: string[];
  overrides: AppliedOverride[];
  /** Findings set aside by reviewed, unexpired exceptions: listed so the waiver stays visible. */
  exceptions: AppliedException[];
  /** Teams whose approval the plan's changes need (rules with `reviewers`). */
  approvals: Array<{ reviewer: string; changes: number }>;
  /** Per target: accounts it holds now, how it was read (live, or a state file) and how old that is. */
  targets: Record<string, TargetStateFacts>;
  /** With a discovery source configured: the NHI inventory's figures (scopesync nhi report). Not part of the fingerprint. */
  nhi?: NhiSummary;
}
