// What the SCIM test server holds, read over plain SCIM (faults switched off first), in a shape
// the apply tests compare against: users by userName, group members by userName.
import type { ScimServer } from "../../servers/scim-server.js";

export interface ScimUserView { id: string; userName: string; externalId?: string; active: boolean; displayName?: string; title?: string }
export interface ScimView {
  users: ScimUserView[];
  /** displayName → sorted userNames of its members (an unknown member id shows as "?<id>"). */
  groups: Record<string, string[]>;
  /** Raw member ids per group, duplicates kept: a double add would show twice here. */
  memberIds: Record<string, string[]>;
}

async function listAll(server: ScimServer, path: string): Promise<Array<Record<string, any>>> {
  const out: Array<Record<string, any>> = [];
  for (let start = 1; ; ) {
    const response = await fetch(`${server.url}${path}?startIndex=${start}&count=200`, { headers: { authorization: `Bearer ${server.token}` }, signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { totalResults: number; Resources?: Array<Record<string, any>> };
    const resources = page.Resources ?? [];
    out.push(...resources);
    start += resources.length;
    if (resources.length === 0 || out.length >= page.totalResults) return out;
  }
}

/** Turns faults off (the admin API is never faulted) and reads every user and group. */
export async function scimView(server: ScimServer): Promise<ScimView> {
  await server.inject({});
  const users = (await listAll(server, "/Users")).map((u) => ({
    id: u.id as string,
    userName: u.userName as string,
    ...(u.externalId ? { externalId: u.externalId as string } : {}),
    active: u.active !== false,
    ...(u.displayName ? { displayName: u.displayName as string } : {}),
    ...(u.title ? { title: u.title as string } : {}),
  }));
  users.sort((a, b) => (a.userName < b.userName ? -1 : 1));
  const byId = new Map(users.map((u) => [u.id, u.userName]));
  const groups: Record<string, string[]> = {};
  const memberIds: Record<string, string[]> = {};
  for (const g of await listAll(server, "/Groups")) {
    const ids = ((g.members ?? []) as Array<{ value: string }>).map((m) => m.value);
    memberIds[g.displayName] = ids;
    groups[g.displayName] = ids.map((id) => byId.get(id) ?? `?${id}`).sort();
  }
  return { users, groups, memberIds };
}

export function user(view: ScimView, userName: string): ScimUserView | undefined {
  return view.users.find((u) => u.userName.toLowerCase() === userName.toLowerCase());
}
