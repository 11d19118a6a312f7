// A federated identity credential on an Entra application, as Graph lists it
// (https://learn.microsoft.com/en-us/graph/api/resources/federatedidentitycredential): a trust, not
// a secret. A token an outside issuer signs for `subject` (a GitHub Actions workflow, a Kubernetes
// service account) is exchanged for one of the application's, with no secret at all, for as long as
// the credential is on the application: offboarding the NHI's owner or revoking its secrets leaves
// it working. Kept with the source and export position that reported it, as console passwords are.
export interface ReportedFederatedCredential {
  /** Graph's id of the credential (what DELETE …/federatedIdentityCredentials/{id} takes). */
  id: string;
  /** Its name, unique on the application. */
  name: string;
  /** The issuer trusted: "https://token.actions.githubusercontent.com" for GitHub Actions. */
  issuer: string;
  /** Which of the issuer's workloads: "repo:acme/deploy:environment:prod". */
  subject: string;
  /** Name (in scopesync.yaml `sources:`) of the source that reported it. */
  source: string;
  /** Where in its export: the application's entry, as findings point at it. */
  at: string;
}

/** The identity's federated credentials once one source's record joins them: that source's are replaced, any other kept. */
export function withFederatedCredentials(have: readonly ReportedFederatedCredential[] | undefined, reported: readonly ReportedFederatedCredential[]): ReportedFederatedCredential[] {
  const sources = new Set(reported.map((f) => f.source));
  return [...(have ?? []).filter((f) => !sources.has(f.source)), ...reported].sort((a, b) => cmp(a.source, b.source) || cmp(a.name, b.name) || cmp(a.id, b.id));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
