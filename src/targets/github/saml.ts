// The org's SAML external identities (GraphQL: organization.samlIdentityProvider.externalIdentities;
// the REST API has none), read when options.saml is set. Import links accounts by them; read()
// reports each linked account's NameID as attributes.samlNameId, which a policy's
// accounts.samlNameId links identities by (the IdP's email or UPN, whatever the GitHub login is).
import { TargetError } from "../target-error.js";
import type { GithubApi } from "./api.js";

/** One GitHub user's SAML identity, as the IdP asserted it. */
export interface SamlIdentity { nameId?: string; userName?: string; emails: string[] }

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
export async function samlIdentities(api: GithubApi): Promise<Map<string, SamlIdentity>> {
  const out = new Map<string, SamlIdentity>();
  let after: string | null = null;
  for (;;) {
    const page: SamlPage = await api.call(`read the SAML identities of ${api.org} (GraphQL)`, () => api.octokit.graphql<SamlPage>(SAML_QUERY, { org: api.org, after }));
    const idp = page.organization?.samlIdentityProvider;
    if (!idp) throw new TargetError(api.settings.name, `${api.org} has no SAML identity provider, so accounts cannot be linked by SAML identity`, { hint: `remove targets.${api.settings.name}.options.saml from scopesync.yaml; accounts then link by login (and import by its link proposals)` });
    for (const n of idp.externalIdentities.nodes) {
      if (!n.user || !n.samlIdentity) continue; // an identity not linked to a GitHub user yet
      const s = n.samlIdentity;
      out.set(n.user.login.toLowerCase(), { ...(s.nameId ? { nameId: s.nameId } : {}), ...(s.username ? { userName: s.username } : {}), emails: (s.emails ?? []).flatMap((e) => (e.value ? [e.value] : [])) });
    }
    if (!idp.externalIdentities.pageInfo.hasNextPage) return out;
    after = idp.externalIdentities.pageInfo.endCursor;
  }
}

