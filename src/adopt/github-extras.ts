// What GitHub import needs beyond the connector's read: the org's SAML identities (GraphQL; the
// REST API has none) and the dates of deploy keys and token grants, which become the issuedAt of
// the imported ServiceAccounts' credentials.
import { GithubApi } from "../targets/github/api.js";
import { parseCredential } from "../targets/github/credential-id.js";
import { TargetError } from "../targets/target-error.js";
import type { TargetState } from "../model/target-state.js";
import type { CredentialNhi } from "./desired-state.js";
import type { AccountEvidence } from "./link-accounts.js";

const SAML_QUERY = `query($org: String!, $after: String) {
  organization(login: $org) {
    samlIdentityProvider {
      externalIdentities(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { samlIdentity { nameId username emails { value } } user { login } }
      }
    }
  }
}`;

interface SamlPage {
  organization: {
    samlIdentityProvider: {
      externalIdentities: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: Array<{ samlIdentity: { nameId?: string | null; username?: string | null; emails?: Array<{ value?: string | null }> | null } | null; user: { login: string } | null }>;
      };
    } | null;
  } | null;
}

/**
 * SAML identities by lower-case login, read page by page. An org without a SAML identity provider
 * is an error here: the caller asked for SAML links (options.saml), and linking without them would
 * silently fall back to weaker evidence.
 */
export async function samlIdentities(api: GithubApi): Promise<Map<string, NonNullable<AccountEvidence["saml"]>>> {
  const out = new Map<string, NonNullable<AccountEvidence["saml"]>>();
  let after: string | null = null;
  for (;;) {
    const page: SamlPage = await api.call(`read the SAML identities of ${api.org} (GraphQL)`, () => api.octokit.graphql<SamlPage>(SAML_QUERY, { org: api.org, after }));
    const idp = page.organization?.samlIdentityProvider;
    if (!idp) throw new TargetError(api.settings.name, `${api.org} has no SAML identity provider, so accounts cannot be linked by SAML identity`, { hint: `remove targets.${api.settings.name}.options.saml from scopesync.yaml; import then links by login and the link proposals` });
    for (const n of idp.externalIdentities.nodes) {
      if (!n.user || !n.samlIdentity) continue; // an identity not linked to a GitHub user yet
      const s = n.samlIdentity;
      out.set(n.user.login.toLowerCase(), { ...(s.nameId ? { nameId: s.nameId } : {}), ...(s.username ? { userName: s.username } : {}), emails: (s.emails ?? []).flatMap((e) => (e.value ? [e.value] : [])) });
    }
    if (!idp.externalIdentities.pageInfo.hasNextPage) return out;
    after = idp.externalIdentities.pageInfo.endCursor;
  }
}

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
        credential: { id: `deploy-key-${parsed.keyId}`, type: "ssh-key", issuedAt: day(k.created)! },
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
