// A policy repository where main offboards a leaver on one target: Personio's export says milton
// left (inactive), and his erp account is still active. Tests of what a pull request that drops,
// renames or re-points erp does to that offboarding share it (one process, and sharded).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";

export const NOW = "2026-11-26T09:00:00Z";

// Status values as Personio documents an employee's status: "active", "onboarding", "leave",
// "inactive" (https://developer.personio.de/changelog/employee-api-added-status-and-supervisor_id-fields).
// milton left (inactive) and his erp account is still active.
export const EXPORT = `id,login,email,first_name,last_name,status,department,position
E2,bill.lumbergh,bill.lumbergh@initech.example,Bill,Lumbergh,active,Finance,CFO
E3,milton.waddams,milton.waddams@initech.example,Milton,Waddams,inactive,Finance,Accountant
`;

export const CONFIG = `version: 1
organisation: initech
sources:
  hr:
    type: csv
    path: exports/personio.csv
    authoritative: [name, department, title, status, employeeId]
    gates: { required: [externalId, userName, status], minRecords: 1 }
    options:
      exportedAt: "2026-11-26T06:00:00Z"
      columns: { externalId: id, employeeId: id, userName: login, email: email, givenName: first_name, familyName: last_name, status: status, department: department, title: position }
      statusValues: { active: active, onboarding: active, leave: suspended, inactive: terminated }
targets:
  erp:
    type: file
    path: state/erp.json
  wiki:
    type: file
    path: state/wiki.json
safety:
  default:
    disables: { count: 50, percent: 100 }
    removals: { count: 50, percent: 100 }
    changes: { count: 500, percent: 100 }
`;

export const state = (accounts: object[]) => JSON.stringify({ formatVersion: 1, accounts, credentials: [] });
export const policy = (id: string) => `kind: AppPolicy\nid: ${id}\ntarget: ${id}\nscope: { include: [ { kinds: [person], where: { department: Finance } } ] }\nentitlements:\n  - { group: finance, entitlement: "group:finance" }\nonLeaveScope: disable\n`;

export const FILES: Record<string, string> = {
  "scopesync.yaml": CONFIG,
  "exports/personio.csv": EXPORT,
  "state/erp.json": state([
    { id: "2", login: "bill.lumbergh", externalId: "hr:E2", active: true, attributes: {}, entitlements: ["group:finance"] },
    { id: "3", login: "milton.waddams", externalId: "hr:E3", active: true, attributes: {}, entitlements: ["group:finance"] },
  ]),
  "state/wiki.json": state([{ id: "w2", login: "bill.lumbergh", externalId: "hr:E2", active: true, attributes: {}, entitlements: ["group:finance"] }]),
  "identities/groups/finance.yaml": "kind: Group\nid: finance\nowners: [bill.lumbergh]\nbirthright: [ { kinds: [person], where: { department: Finance } } ]\n",
  "policies/apps/erp.yaml": policy("erp"),
  "policies/apps/wiki.yaml": policy("wiki"),
};

export const MILTON = "revoke milton.waddams group:finance (left the organisation (status terminated in hr)); disable-account milton.waddams (left the organisation (status terminated in hr))";

/** `file` with `from` (which it must hold) replaced by `to`. */
export function edit(dir: string, file: string, from: string, to: string): void {
  const text = readFileSync(join(dir, file), "utf8");
  expect(text).toContain(from);
  writeFileSync(join(dir, file), text.replace(from, to));
}
