// The GraphQL queries scopesync sends: an organization's SAML external identities
// (organization.samlIdentityProvider.externalIdentities, paged by cursor), and a repository's direct
// collaborators with their permission sources, alone or on each of the org's repositories
// (handlers-graphql-collaborators.ts). GitHub answers
// samlIdentityProvider: null for an org without SAML single sign-on; an identity whose person has
// not signed in through the IdP yet has user: null. Any other query is a violation of this fake.
import type { FakeOrg } from "./state.js";
import type { HandlerResult } from "./handlers.js";
import { collaboratorsAnswer, isCollaboratorsQuery, isOrgCollaboratorsQuery, orgCollaboratorsAnswer } from "./handlers-graphql-collaborators.js";

export interface FakeSamlIdentity { nameId: string; username?: string; emails: string[] }

/** SAML single sign-on of an org: off until a test turns it on; identities by GitHub login (null: not linked). */
export interface FakeSaml { enabled: boolean; identities: Array<{ login: string | null; saml: FakeSamlIdentity }> }

const saml = new WeakMap<FakeOrg, FakeSaml>();

export function samlOf(org: FakeOrg): FakeSaml {
  let s = saml.get(org);
  if (!s) saml.set(org, (s = { enabled: false, identities: [] }));
  return s;
}

export function isGraphql(method: string, path: string): boolean {
  return method === "POST" && path === "/graphql";
}

/**
 * The page a GraphQL request asks for, 1 for the first: the fake's cursors are "cursor:<offset>"
 * (base64), a page the `first` of the connection that takes $after (100 when not said so).
 */
export function graphqlPage(raw: string): number {
  try {
    const request = JSON.parse(raw) as { query?: unknown; variables?: { after?: unknown } };
    const after = request.variables?.after;
    const size = Number(/\bfirst: (\d+), after: \$after\b/.exec(typeof request.query === "string" ? request.query : "")?.[1] ?? 100);
    return typeof after === "string" ? Math.floor(Number(Buffer.from(after, "base64").toString("utf8").replace("cursor:", "")) / size) + 1 : 1;
  } catch {
    return 1;
  }
}

/** Answers POST /graphql; `violations` gets anything the fake does not know how to answer. */
export function graphqlRoute(org: FakeOrg, authorised: boolean, raw: string, violations: string[]): HandlerResult {
  if (!authorised) return { status: 401, body: { message: "Bad credentials", documentation_url: "https://docs.github.com/graphql" } };
  let request: { query?: unknown; variables?: Record<string, unknown> };
  try {
    request = JSON.parse(raw) as typeof request;
  } catch {
    return { status: 400, body: { message: "Problems parsing JSON" } };
  }
  const query = typeof request.query === "string" ? request.query : "";
  if (isCollaboratorsQuery(query)) return collaboratorsAnswer(org, request.variables ?? {});
  if (isOrgCollaboratorsQuery(query)) return orgCollaboratorsAnswer(org, query, request.variables ?? {}, violations);
  if (!/samlIdentityProvider/.test(query) || !/externalIdentities\(first: 100, after: \$after\)/.test(query)) {
    violations.push(`POST /graphql: a query the fake does not serve: ${query.slice(0, 120)}`);
    return { status: 200, body: { errors: [{ message: "the fake serves only organization.samlIdentityProvider.externalIdentities, repository.collaborators and organization.repositories' collaborators" }] } };
  }
  const vars = request.variables ?? {};
  if (vars.org !== org.org) return { status: 200, body: { data: { organization: null }, errors: [{ type: "NOT_FOUND", path: ["organization"], message: `Could not resolve to an Organization with the login of '${String(vars.org)}'.` }] } };
  const s = samlOf(org);
  if (!s.enabled) return { status: 200, body: { data: { organization: { samlIdentityProvider: null } } } };
  const start = typeof vars.after === "string" ? Number(Buffer.from(vars.after, "base64").toString("utf8").replace("cursor:", "")) : 0;
  const page = s.identities.slice(start, start + 100);
  const end = start + page.length;
  return {
    status: 200,
    body: {
      data: {
        organization: {
          samlIdentityProvider: {
            externalIdentities: {
              pageInfo: { hasNextPage: end < s.identities.length, endCursor: page.length ? Buffer.from(`cursor:${end}`).toString("base64") : null },
              nodes: page.map((i) => ({ samlIdentity: { nameId: i.saml.nameId, username: i.saml.username ?? null, emails: i.saml.emails.map((value) => ({ value })) }, user: i.login ? { login: i.login } : null })),
            },
          },
        },
      },
    },
  };
}
