// What of an offboarded NHI keeps working that no plan revokes: a key a discovery source reports in
// a system no target is of, a credential a target can only name (`manualRevocation`, a SCIM app),
// a trust with no secret (a GitHub App installation, an IAM role an OIDC issuer may assume, an
// Entra federated credential). The findings that say so in words carry it as data too, so that the
// leavers report counts each one as outstanding for the owner who left without reading their text.

export interface StillWorking {
  /** The identity it belongs to (the NHI's id). */
  nhi: string;
  /** What keeps working, named as its system names it: "access-key AKIA… (iam)", "GitHub App installation 42 (ci-bot)". */
  credential: string;
  /** Where it works and a person switches it off: the system's type and the source or target that shows it. */
  system: string;
  /** The manual step, as the finding's remediation gives it for this one. */
  step: string;
}
