// A GET /api/v1/users item as Okta returns it (Okta Management API, User object): the id, the
// lifecycle status (with transitioningToStatus only while a transition runs), the profile, and
// `_links.self.href`, https://{yourOktaDomain}/api/v1/users/{id}, which names the org it was read from.

export interface OktaUserOptions {
  transitioningToStatus?: string;
  /** The org's host the export was fetched from; default example.okta.com. */
  org?: string;
  /** False: saved by a tool that drops `_links`. */
  links?: boolean;
}

export function oktaUserId(n: number): string {
  return `00u${String(n).padStart(17, "0")}`;
}

export function oktaUser(n: number, login: string, status: string, { transitioningToStatus, org = "example.okta.com", links = true }: OktaUserOptions = {}): Record<string, unknown> {
  const id = oktaUserId(n);
  return {
    id,
    status,
    created: "2024-01-10T10:00:00.000Z",
    activated: "2024-01-10T10:00:00.000Z",
    statusChanged: "2026-11-26T05:58:00.000Z",
    lastLogin: "2026-11-25T08:00:00.000Z",
    lastUpdated: "2026-11-26T05:58:00.000Z",
    passwordChanged: "2025-01-10T10:00:00.000Z",
    ...(transitioningToStatus ? { transitioningToStatus } : {}),
    type: { id: "oty1a2b3c4d5e6f7g8h9" },
    profile: { firstName: login, lastName: "Example", login: `${login}@example.com`, email: `${login}@example.com` },
    credentials: { provider: { type: "OKTA", name: "OKTA" } },
    ...(links ? { _links: { self: { href: `https://${org}/api/v1/users/${id}` } } } : {}),
  };
}
