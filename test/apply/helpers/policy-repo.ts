// A small policy repository in a temp dir for the apply end-to-end tests: scopesync.yaml with one
// live target, an HR CSV generated from a list of people, groups with birthright rules, one app
// policy. Tests rewrite hr.csv (joiners, renames, leavers, rehires) and re-run plan / apply / drift.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import type { Plan } from "../../../src/plan/plan.js";
import { runCli, type CliResult } from "../../helpers/run-cli.js";

/** Every command of these tests runs at this instant (plans are reproducible; nothing expires). */
export const NOW = "2026-11-26T09:00:00Z";

export interface Person {
  worker: string;
  login: string;
  department: string;
  status?: "Active" | "Terminated";
  first?: string;
  last?: string;
  title?: string;
  /** HR's address for them; `${login}@corp.example` unless given (a name change gives another). */
  email?: string;
  /** HireDate; 2020-01-06 unless given (a rehire gives a later one). */
  hired?: string;
  /** TerminationDate of a Terminated person; 2026-11-20 unless given. */
  left?: string;
  /** ManagerID: the manager's worker id; none unless given. */
  manager?: string;
}

export function hrCsv(people: readonly Person[]): string {
  const lines = ["WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate"];
  for (const p of people) {
    const first = p.first ?? p.login;
    const last = p.last ?? "Tester";
    const status = p.status ?? "Active";
    lines.push([p.worker, p.login, first, last, p.email ?? `${p.login}@corp.example`, status, "Employee", p.title ?? "Engineer", p.department, p.manager ?? "", p.hired ?? "2020-01-06", status === "Terminated" ? (p.left ?? "2026-11-20") : ""].join(","));
  }
  return `${lines.join("\n")}\n`;
}

export interface GroupSpec {
  id: string;
  /** Birthright: people of these departments. */
  departments?: string[];
  /** Explicit members (identity ids). */
  members?: string[];
  privileged?: boolean;
}

export interface RepoSpec {
  organisation?: string;
  targetName: string;
  /** The target's entry in scopesync.yaml (type, url, token, options...). */
  target: Record<string, unknown>;
  people: Person[];
  groups: GroupSpec[];
  /** The app policy (kind, id and target are filled in). */
  policy: Record<string, unknown>;
  apply?: { unreviewed: "revocations-only" | "none" };
}

export class PolicyRepo {
  readonly dir: string;

  constructor(readonly spec: RepoSpec) {
    this.dir = mkdtempSync(join(tmpdir(), "scopesync-apply-"));
    this.writeConfig();
    this.setPeople(spec.people);
    for (const g of spec.groups) this.writeGroup(g);
    this.writePolicy(spec.policy);
  }

  write(path: string, text: string): void {
    const abs = join(this.dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), "utf8");
  }

  writeConfig(extra: Partial<RepoSpec> = {}): void {
    const spec = { ...this.spec, ...extra };
    const config = {
      version: 1,
      organisation: spec.organisation ?? "apply-e2e",
      sources: {
        hr: {
          type: "csv",
          path: "hr.csv",
          authoritative: ["name", "department", "title", "manager", "employmentType", "status", "employeeId"],
          gates: { required: ["externalId", "userName", "status"] },
          options: { exportedAt: "2026-11-26T06:00:00Z" },
        },
      },
      targets: { [spec.targetName]: spec.target },
      ...(spec.apply ? { apply: spec.apply } : {}),
    };
    this.write("scopesync.yaml", stringify(config));
  }

  setPeople(people: readonly Person[]): void {
    this.write("hr.csv", hrCsv(people));
  }

  writeGroup(g: GroupSpec): void {
    const doc: Record<string, unknown> = { kind: "Group", id: g.id };
    if (g.privileged) doc.privileged = true;
    if (g.departments) doc.birthright = [{ kinds: ["person"], where: { department: g.departments } }];
    if (g.members) doc.members = g.members.map((identity) => ({ identity, reason: "test" }));
    this.write(`identities/groups/${g.id}.yaml`, stringify(doc));
  }

  writePolicy(policy: Record<string, unknown>): void {
    this.write(`policies/apps/${this.spec.targetName}.yaml`, stringify({ kind: "AppPolicy", id: this.spec.targetName, target: this.spec.targetName, ...policy }));
  }

  /** Runs a command against this repo, at NOW, with the given environment. */
  cli(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
    return runCli([...args, "--repo", this.dir, "--now", NOW], { env, cwd: this.dir });
  }

  /** `plan --live --format json --out <file>`; returns the plan as written. */
  async plan(env: Record<string, string | undefined>, file = "reviewed.json"): Promise<{ result: CliResult; plan: Plan }> {
    const result = await this.cli(["plan", "--live", "--format", "json", "--out", file], env);
    if (result.code === 3) throw new Error(`plan blocked:\n${(JSON.parse(this.read(file)) as Plan).blockedReasons.join("\n")}`);
    if (result.code !== 0) throw new Error(`plan failed (${result.code}):\n${result.stderr}\n${result.stdout}`);
    return { result, plan: JSON.parse(this.read(file)) as Plan };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The plan's changes as short lines, sorted: "create-account ada", "grant ada group:Everyone". */
export function changeLines(plan: Plan): string[] {
  return plan.changes.map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}${c.credential ? ` ${c.credential}` : ""}`).sort();
}

/**
 * A repository whose one app ("app", a file target at state/app.json holding `accounts`) takes
 * the Engineering department, mapping `attributes` (identity attribute names) to the same names.
 */
export function engineeringFileRepo(people: Person[], attributes: string[], accounts: object[]): PolicyRepo {
  const repo = new PolicyRepo({
    targetName: "app",
    target: { type: "file", path: "state/app.json" },
    people,
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] },
      accounts: { attributes: Object.fromEntries(attributes.map((a) => [a, { from: a }])) },
      entitlements: [{ group: "engineering", entitlement: "group:Engineering" }],
      onLeaveScope: "disable",
    },
  });
  repo.write("state/app.json", JSON.stringify({ formatVersion: 1, accounts, credentials: [] }));
  return repo;
}
