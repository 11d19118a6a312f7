// The case corrections a plan does not send. A target that compares an attribute without case (a
// SCIM app's `caseExact: false`, declared in its /Schemas or RFC 7643's own) takes a value it holds
// in another case as the value: it "MAY alter case" (RFC 7643 §7), so sending ours again would be
// an update planned on every run. A source that corrects only the case (`Mcdonald` → `McDonald`)
// is then not sent either; this says so once per target, counting the accounts, so that the
// reviewer knows which corrections to make in the app by hand and why the plan has none.
import { differsOnlyInCase } from "../model/attribute-values.js";
import type { Finding } from "../model/finding.js";

/** Accounts named in the finding; the rest are counted. */
const NAMED = 5;

export class CaseOnlyDifferences {
  private accounts = 0;
  private readonly named: string[] = [];
  private readonly byAttribute = new Map<string, number>();

  /**
   * Notes the account `login` when `held` and `wanted` of a mapping compared without case differ
   * in case alone; `noted` is what the account's earlier attributes gave (true: counted already).
   */
  note(login: string, attribute: string, held: string, wanted: string, noted: boolean): boolean {
    if (!differsOnlyInCase(held, wanted)) return noted;
    this.byAttribute.set(attribute, (this.byAttribute.get(attribute) ?? 0) + 1);
    if (noted) return true;
    this.accounts++;
    if (this.named.length < NAMED) this.named.push(login);
    return true;
  }

  /**
   * The info finding, or none. `declared`: what the app's schema says (TargetState.attributeCaseExact),
   * to tell the reviewer whether the app or RFC 7643's default makes each attribute compared so.
   */
  finding(app: string, target: string, declared: Readonly<Record<string, boolean>> | undefined, policyAt: string): Finding | undefined {
    if (this.accounts === 0) return undefined;
    const attributes = [...this.byAttribute].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, n]) => `${name} of ${n}`);
    const which = this.named.join(", ") + (this.accounts > this.named.length ? ", …" : "");
    const why = declared === undefined ? "RFC 7643's default, `caseExact: false`: the app declares none in a /Schemas" : "`caseExact: false` as the app's /Schemas declares, or RFC 7643's default where it declares none";
    return {
      rule: "attribute-case-differs",
      severity: "info",
      target,
      message: `${app}: ${this.accounts} account(s) hold a value that differs from the source's only in case (${attributes.join(", ")}; ${which}): target "${target}" compares these attributes without case (${why}), so the case correction is not sent`,
      remediation: "correct the case in the app by hand where it matters; an app that keeps the case it is sent for an attribute and declares it `caseExact: true` in its /Schemas is sent the correction",
      location: policyAt,
    };
  }
}
