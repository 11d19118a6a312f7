// What GitHub import needs beyond the connector's read: the org's SAML identities (read by the
// connector's saml.ts, GraphQL; the REST API has none) and the dates of deploy keys and token grants, which become the issuedAt of
// the imported ServiceAccounts' credentials.
import { GithubApi } from "../targets/github/api.js";
import { parseCredential } from "../targets/github/credential-id.js";
import type { TargetState } from "../model/target-state.js";
import type { CredentialNhi } from "./desired-state.js";

export { samlIdentities } from "../targets/github/saml.js";

const day = (iso: string | null | undefined): string | undefined => (iso ? iso.slice(0, 10) : undefined);

/** One CredentialNhi per deploy key and token grant the connector read, with GitHub's dates. */
export async function credentialNhis(api: GithubApi, state: TargetState): Promise<CredentialNhi[]> {
  const { octokit, org } = api;
  const out: CredentialNhi[] = [];
  const repos = new Set<string>();
  for (const c of state.credentials) {
    const parsed = parseCredential(c.id);
    if (parsed?.kind === "deploy-key") repos.add(parsed.repo);
  }
  const keyDates = new Map<string, { created: string; title: string; readOnly: boolean }>();
  for (const repo of [...repos].sort()) {
    const keys = await api.call(`list the deploy keys of ${org}/${repo}`, () => octokit.paginate(octokit.rest.repos.listDeployKeys, { owner: org, repo, per_page: 100 }));
    for (const k of keys) keyDates.set(`deploy-key:${repo}:${k.id}`, { created: k.created_at, title: k.title, readOnly: k.read_only });
  }
  const grants = state.credentials.some((c) => parseCredential(c.id)?.kind === "pat-grant")
    ? await api.call(`list the fine-grained token grants of ${org}`, () => octokit.paginate(octokit.rest.orgs.listPatGrants, { org, per_page: 100 }))
    : [];
  const grantById = new Map(grants.map((g) => [`pat-grant:${g.id}`, g]));
  for (const c of state.credentials) {
    const parsed = parseCredential(c.id);
    if (parsed?.kind === "deploy-key") {
      const k = keyDates.get(c.id);
      if (!k) continue; // removed between the two reads: nothing to import
      out.push({
        name: `deploy-key-${parsed.repo}-${parsed.keyId}`,
        displayName: `Deploy key ${JSON.stringify(k.title)} on ${parsed.repo}`,
        purpose: `A ${k.readOnly ? "read-only" : "read-write"} deploy key on ${org}/${parsed.repo}.`,
        // GitHub gives a deploy key no expiry ("Create a deploy key" takes only title, key and
        // read_only, https://docs.github.com/en/rest/deploy-keys/deploy-keys#create-a-deploy-key):
        // written down, so that the YAML credential is asked for the alternative, not an expiresAt.
        credential: { id: `deploy-key-${parsed.keyId}`, type: "ssh-key", issuedAt: day(k.created)!, cannotExpire: "github-deploy-key" },
      });
    } else if (parsed?.kind === "pat-grant") {
      const g = grantById.get(c.id);
      if (!g) continue;
      const expires = day(g.token_expires_at);
      out.push({
        name: `token-grant-${parsed.grantId}`,
        displayName: `Fine-grained token ${JSON.stringify(g.token_name ?? "")} of ${g.owner.login}`,
        purpose: `A fine-grained personal access token of ${g.owner.login} granted access to ${org}.`,
        credential: { id: `token-grant-${parsed.grantId}`, type: "token", issuedAt: day(g.access_granted_at)!, ...(expires ? { expiresAt: expires } : {}) },
      });
    }
  }
  return out;
}
