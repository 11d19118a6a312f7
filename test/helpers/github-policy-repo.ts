// A policy repository with one github target (repositories: [infra]), one person in Platform and
// an app policy mapping the group platform to one entitlement: the smallest repository whose load
// checks of a GitHub app policy (config/references.ts, unmakeable-entitlements.ts) tests write.
import { expect } from "vitest";
import { PolicyRepo } from "../apply/helpers/policy-repo.js";

export function githubRepo(groupGrants: Record<string, string[]>, entitlement = "team:platform"): PolicyRepo {
  return new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: "acme-robotics", token: "${env:GH_TOKEN}", options: { repositories: ["infra"] } },
    people: [{ worker: "W1", login: "ada", department: "Platform" }],
    groups: [{ id: "platform", departments: ["Platform"] }],
    policy: { scope: { include: [{ kinds: ["person"], where: { department: ["Platform"] } }] }, accounts: { login: "userName" }, entitlements: [{ group: "platform", entitlement }], groupGrants },
  });
}

/** The position of the first line holding `text` in a file of the repository (the github app policy by default), as file:line:col. */
export function at(repo: PolicyRepo, text: string, file = "policies/apps/github.yaml"): string {
  const lines = repo.read(file).split("\n");
  const line = lines.findIndex((l) => l.includes(text)) + 1;
  expect(line).toBeGreaterThan(0);
  return `${file}:${line}:${lines[line - 1]!.indexOf(text) + 1}`;
}
