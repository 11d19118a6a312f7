// Entra ID and Google Workspace users as their APIs return them, for tests whose source of people
// is one of those directories: one Graph `GET /users?$count=true&$select=…` page
// (learn.microsoft.com/graph/api/user-list; properties: learn.microsoft.com/graph/api/resources/user)
// or one Admin SDK `users.list?customer=my_customer&projection=full` response
// (developers.google.com/admin-sdk/directory/reference/rest/v1/users), written into a repository
// with one file target `wiki` whose accounts each hold group:finance-approvers.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * One person: `blocked` is Entra's accountEnabled: false, `hired` its employeeHireDate (default
 * 2023-01-09); for Google, `suspensionReason` (ADMIN, WEB_LOGIN_REQUIRED) makes them suspended.
 */
export interface CloudUser {
  id: string; local: string; given: string; family: string; blocked?: boolean; hired?: string; suspensionReason?: string;
  /** Google: the customer the user is of (default C03az79cb); null leaves it out, as a `fields=` mask without it does. */
  customerId?: string | null;
}

const SELECT = "id,userPrincipalName,mail,proxyAddresses,givenName,surname,displayName,accountEnabled,employeeId,employeeType,department,jobTitle,userType,onPremisesImmutableId,onPremisesSyncEnabled,employeeHireDate,employeeLeaveDateTime";

/** The Graph page: hybrid users (onPremisesSyncEnabled), no leave date (Lifecycle Workflows not in use). */
export function graphUsers(users: readonly CloudUser[], domain = "contoso.example"): string {
  const value = users.map((u) => ({
    id: u.id,
    userPrincipalName: `${u.local}@${domain}`,
    mail: `${u.local}@${domain}`,
    proxyAddresses: [`SMTP:${u.local}@${domain}`],
    givenName: u.given,
    surname: u.family,
    displayName: `${u.given} ${u.family}`,
    accountEnabled: !u.blocked,
    employeeId: null,
    employeeType: "Employee",
    department: "Finance",
    jobTitle: "Accountant",
    userType: "Member",
    onPremisesImmutableId: Buffer.from(u.id.replace(/-/g, ""), "hex").toString("base64"),
    onPremisesSyncEnabled: true,
    employeeHireDate: u.hired ?? "2023-01-09T00:00:00Z",
    employeeLeaveDateTime: null,
  }));
  return JSON.stringify({ "@odata.context": `https://graph.microsoft.com/v1.0/$metadata#users(${SELECT})`, "@odata.count": value.length, value }, null, 1);
}

/**
 * The Graph `GET /organization?$select=id,verifiedDomains` response
 * (learn.microsoft.com/graph/api/organization-list): the one organization, its id the tenant id.
 */
export function graphOrganization(tenantId: string, domains: readonly string[] = ["contoso.example"]): string {
  const verifiedDomains = domains.map((name, i) => ({ capabilities: "Email, OfficeCommunicationsOnline", isDefault: i === 0, isInitial: name.endsWith(".onmicrosoft.com"), name, type: "Managed" }));
  return JSON.stringify({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#organization(id,verifiedDomains)", value: [{ id: tenantId, verifiedDomains }] }, null, 1);
}

/** The users.list response: suspensionReason only while suspended, as the API returns it. */
export function adminSdkUsers(users: readonly CloudUser[], domain = "contoso.example"): string {
  const list = users.map((u) => ({
    kind: "admin#directory#user",
    id: u.id,
    primaryEmail: `${u.local}@${domain}`,
    name: { givenName: u.given, familyName: u.family, fullName: `${u.given} ${u.family}` },
    isAdmin: false,
    isDelegatedAdmin: false,
    suspended: u.suspensionReason !== undefined,
    ...(u.suspensionReason !== undefined ? { suspensionReason: u.suspensionReason } : {}),
    archived: false,
    emails: [{ address: `${u.local}@${domain}`, primary: true }],
    ...(u.customerId === null ? {} : { customerId: u.customerId ?? "C03az79cb" }),
    orgUnitPath: "/",
  }));
  return JSON.stringify({ kind: "admin#directory#users", users: list }, null, 1);
}

export interface CloudRepo { type: "entra" | "google"; users: CloudUser[]; options?: string; linked?: boolean }

/** The login a user has in the wiki: Entra's userName is the UPN, Google's the local part of primaryEmail. */
export function loginOf(type: CloudRepo["type"], u: CloudUser): string {
  return type === "entra" ? `${u.local}@contoso.example` : u.local;
}

/**
 * scopesync.yaml (the directory as the only source of people), exports/users.json and
 * state/wiki.json. With `linked`, each account carries the user's anchor (as apply marks them);
 * without, import links them by login.
 */
export function writeCloudRepo(dir: string, r: CloudRepo): void {
  for (const d of ["exports", "state"]) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, "scopesync.yaml"), `version: 1
organisation: contoso
sources:
  ${r.type}:
    type: ${r.type}
    path: exports/users.json
    options: { exportedAt: "2026-11-26T06:00:00Z"${r.options ?? ""} }
targets:
  wiki: { type: file, path: state/wiki.json }
`);
  writeFileSync(join(dir, "exports/users.json"), r.type === "entra" ? graphUsers(r.users) : adminSdkUsers(r.users));
  const accounts = r.users.map((u, i) => ({
    id: `w${i}`,
    login: loginOf(r.type, u),
    ...(r.linked ? { externalId: `${r.type}:${u.id}` } : {}),
    active: true,
    attributes: { displayName: `${u.given} ${u.family}` },
    entitlements: ["group:finance-approvers"],
  }));
  writeFileSync(join(dir, "state/wiki.json"), JSON.stringify({ formatVersion: 1, target: "wiki", readAt: "2026-11-26T06:00:00Z", accounts }, null, 1));
}
