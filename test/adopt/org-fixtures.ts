// A synthetic organisation for the adoption tests: an HR export and the same people as a SCIM
// app and a GitHub org would hold them, in the shapes those systems produce. Fictional names from
// fixed lists, a seeded PRNG: the same seed gives the same organisation.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { prng } from "../helpers/prng.js";

const GIVEN = ["Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jon", "Kai", "Lea", "Max", "Noa", "Oli", "Pia", "Quin", "Rey", "Sol", "Tea"];
const FAMILY = ["Arden", "Brook", "Castell", "Dale", "Ember", "Frost", "Grove", "Hale", "Irving", "Jade", "Keane", "Lowe", "Marsh", "North", "Oakes", "Pike", "Quill", "Reed", "Stone", "Thorne", "Underwood", "Vale", "West", "Yates"];
const DEPARTMENTS = ["Engineering", "Platform", "Security", "Sales", "Finance", "Support", "Design", "Data"];

export interface Worker {
  workerId: string;
  login: string;
  given: string;
  family: string;
  email: string;
  department: string;
  status: "Active" | "Terminated" | "Leave";
}

export function workers(count: number, seed = 7): Worker[] {
  const random = prng(seed);
  const out: Worker[] = [];
  for (let i = 0; i < count; i++) {
    const given = GIVEN[i % GIVEN.length]!;
    const family = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]!;
    const n = Math.floor(i / (GIVEN.length * FAMILY.length));
    const login = `${given}.${family}${n ? n + 1 : ""}`.toLowerCase();
    out.push({ workerId: `W${10000 + i}`, login, given, family, email: `${login}@example.com`, department: DEPARTMENTS[Math.floor(random() * DEPARTMENTS.length)]!, status: "Active" });
  }
  return out;
}

export function hrCsv(list: readonly Worker[]): string {
  const rows = list.map((w) => [w.workerId, w.login, w.given, w.family, w.email, w.status, "Employee", "Specialist", w.department, "", "2024-01-15", w.status === "Terminated" ? "2026-11-30" : ""].join(","));
  return `WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate\n${rows.join("\n")}\n`;
}

export function writeFile(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** Every file under dir with its text: "changes no byte" and "writes nothing" compare two of these. */
export function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out.set(relative(dir, abs), readFileSync(abs, "utf8"));
    }
  };
  walk(dir);
  return out;
}

/** scopesync.yaml of a repository with one HR source and the given targets (YAML text). */
export function configYaml(targets: string): string {
  return `version: 1
organisation: adopt-test
sources:
  hr:
    type: csv
    path: exports/hr.csv
    options:
      exportedAt: "2026-12-01T06:00:00Z"
targets:
${targets}`;
}

export interface ScimSeedPlan {
  users: Array<Record<string, unknown> & { userName: string }>;
  groups: Array<{ displayName: string; members: string[] }>;
  /** userName of each kind of user, for the assertions. */
  linkedByExternalId: string[];
  linkedByLogin: string[];
  linkedByEmail: string[];
  unlinkable: string[];
  inactive: string[];
}

/**
 * A SCIM app an identity provider provisioned over the years: most users carry the HR worker id
 * as externalId and their email as userName, older ones only a login, some were renamed in the
 * app (only the email still matches), a few are vendors HR does not know, a few are deactivated.
 */
export function scimSeed(list: readonly Worker[], groupCount: number, seed = 11): ScimSeedPlan {
  const random = prng(seed);
  const plan: ScimSeedPlan = { users: [], groups: [], linkedByExternalId: [], linkedByLogin: [], linkedByEmail: [], unlinkable: [], inactive: [] };
  const enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  list.forEach((w, i) => {
    const base = { name: { givenName: w.given, familyName: w.family }, displayName: `${w.given} ${w.family}`, emails: [{ value: w.email, type: "work", primary: true }], [enterprise]: { department: w.department } };
    if (i % 10 < 6) {
      plan.users.push({ ...base, userName: w.email, externalId: w.workerId });
      plan.linkedByExternalId.push(w.email);
    } else if (i % 10 < 9) {
      plan.users.push({ ...base, userName: w.login });
      plan.linkedByLogin.push(w.login);
    } else if (i % 20 === 9) {
      const userName = `${w.given[0]}${w.family}${i}`.toLowerCase();
      plan.users.push({ ...base, userName });
      plan.linkedByEmail.push(userName);
    } else {
      plan.users.push({ ...base, userName: `${w.login}.old`, externalId: w.workerId, active: false });
      plan.inactive.push(`${w.login}.old`);
    }
  });
  for (let v = 0; v < 6; v++) {
    const userName = `vendor${v + 1}@partner.example`;
    plan.users.push({ userName, displayName: `Vendor ${v + 1}`, emails: [{ value: userName, primary: true }] });
    plan.unlinkable.push(userName);
  }
  const names = plan.users.map((u) => u.userName);
  for (let g = 0; g < groupCount; g++) {
    const members = names.filter(() => random() < 0.08);
    plan.groups.push({ displayName: g === 0 ? "Everyone" : `Team ${String(g).padStart(2, "0")}${g % 7 === 0 ? " (Admins)" : ""}`, members: g === 0 ? names : members });
  }
  return plan;
}
