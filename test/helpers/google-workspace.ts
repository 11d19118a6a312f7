// Google Workspace exports in the shapes the Admin SDK Directory API returns them (users.list with
// projection=full, groups.list, members.list), with invented people of one customer, written into a
// folder as files of a repository.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const CUSTOMER = "C01abcdef";

/** A users.list item (`n` makes the id unique). */
export const googleUser = (n: number, local: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: "admin#directory#user",
  id: `10000000000000000${String(n).padStart(4, "0")}`,
  primaryEmail: `${local}@acme.example`,
  customerId: CUSTOMER,
  name: { givenName: local, familyName: "Example", fullName: `${local} Example` },
  isAdmin: false,
  isDelegatedAdmin: false,
  suspended: false,
  archived: false,
  orgUnitPath: "/",
  ...extra,
});

export const usersList = (users: readonly Record<string, unknown>[]): Record<string, unknown> => ({ kind: "admin#directory#users", users });
export const groupsList = (groups: ReadonlyArray<{ id: string; email: string }>): Record<string, unknown> => ({
  kind: "admin#directory#groups",
  groups: groups.map((g) => ({ kind: "admin#directory#group", id: g.id, email: g.email, name: g.email.split("@")[0] })),
});
/** A members.list response; a member is `USER <id>`, `GROUP <email>` or `CUSTOMER <customer id>`. */
export const membersList = (...members: string[]): Record<string, unknown> => ({
  kind: "admin#directory#members",
  members: members.map((m) => {
    const [type, key] = m.split(" ") as [string, string];
    return { kind: "admin#directory#member", role: "MEMBER", type, status: "ACTIVE", ...(type === "GROUP" ? { id: `0${key.length}grp`, email: key } : { id: key }) };
  }),
});

/** Writes each file (path → text, or a value written as JSON) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string | object>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), typeof content === "string" ? content : JSON.stringify(content, null, 1));
  }
}

/** scopesync.yaml with one `google` source reading exports/google/users.json, and a `file` target `app`. */
export const googleConfig = (c: { options?: string; authoritative?: string; minRecords?: number } = {}): string =>
  [
    "version: 1",
    "organisation: test",
    "sources:",
    "  google:",
    "    type: google",
    "    path: exports/google/users.json",
    `    authoritative: [${c.authoritative ?? "name, status, department, title, manager, groups"}]`,
    `    gates: { required: [externalId, userName, status], minRecords: ${c.minRecords ?? 1} }`,
    `    options: { exportedAt: "2026-11-26T06:00:00Z"${c.options ?? ""} }`,
    "targets:",
    "  app: { type: file, path: state/app.json }",
    "",
  ].join("\n");
