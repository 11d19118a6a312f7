// A discovered NHI's id is made from its name, and a name is not always Latin: Entra takes any
// text as an application's displayName. No letter of it may be lost silently: a clean fold is kept
// ("Zoë" → "zoe"), a letter that only looks Latin (a Cyrillic "Е") is folded and said, and a name
// with letters that do not fold gets a hash of itself, so that two names never meet in one id and
// a look-alike is never the id of the NHI it reads like. AWS IAM names are ASCII ([\w+=,.@-]+,
// IAM API reference, CreateUser and CreateRole): theirs stay as they were.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import { slugId } from "../../src/sources/common/discovery/ids.js";
import { entraAppsSource } from "../../src/sources/entra-apps/index.js";
import type { SourceContext } from "../../src/sources/source.js";
import { planWith } from "../helpers/plan-with.js";
import { SCENARIOS } from "../helpers/scenario.js";
import { FIXTURES, sourceContext } from "./helpers.js";

const at = { exportedAt: "2026-11-26T06:00:00Z" };
const APP = (n: string): string => `4d5e6f70-0000-4000-8000-0000000c0e0${n}`;

async function read(): Promise<{ ids: Record<string, string>; warnings: Finding[] }> {
  const warnings: Finding[] = [];
  const context: SourceContext = { ...sourceContext("entra", "entra-apps", "entra-apps/non-latin/applications.json", at), warn: (f) => warnings.push(f) };
  const records = await entraAppsSource.read(context);
  return { ids: Object.fromEntries(records.map((r) => [r.name.display!, r.userName])), warnings };
}

describe("discovered NHI ids from names that are not ASCII", () => {
  it("keeps every letter: a clean fold as it reads, others with a hash of the name; no two ids meet", async () => {
    const { ids } = await read();
    expect(ids["Zoë Sync"]).toBe("zoe-sync");
    expect(ids["Expense Connector"]).toBe("expense-connector");
    expect(ids["Еxpense Connector"]).toMatch(/^expense-connector-[0-9a-f]{8}$/);
    expect(ids["会計システム連携"]).toMatch(/^nhi-[0-9a-f]{8}$/);
    expect(ids["人事システム連携"]).toMatch(/^nhi-[0-9a-f]{8}$/);
    expect(ids["مزامنة الرواتب"]).toMatch(/^nhi-[0-9a-f]{8}$/);
    expect(ids["Straße Export"]).toMatch(/^stra-e-export-[0-9a-f]{8}$/);
    expect(ids["Strae Export"]).toBe("strae-export");
    expect(new Set(Object.values(ids)).size).toBe(Object.keys(ids).length);
    // The same export gives the same ids.
    expect((await read()).ids).toEqual(ids);
  });

  it("says which name only looks Latin, with its code points; a name wholly in another script is not a look-alike", async () => {
    const { ids, warnings } = await read();
    const said = warnings.filter((f) => f.rule === "nhi-name-look-alike");
    expect(said).toHaveLength(1);
    expect(said[0]!.severity).toBe("warning");
    expect(said[0]!.message).toContain(`entra:${APP("1")} (written \\u0415xpense Connector) mixes Latin and Cyrillic letters`);
    expect(said[0]!.message).toContain(`(\\u0415 as "E"), so it reads as "Expense Connector"; its discovered id is "${ids["Еxpense Connector"]}"`);
    expect(said[0]!.location).toBe("entra-apps/non-latin/applications.json entry 1");
  });

  it("a name's hash is of the name in NFC, and AWS IAM's ASCII names keep their ids", () => {
    expect(slugId("Zoe\u0308 Sync")).toBe("zoe-sync");
    // Cyrillic Ѕ (U+0405) and е: look-alikes, so the name reads as "Service" and is not its id.
    expect(slugId("\u0405\u0435rvice")).toMatch(/^service-[0-9a-f]{8}$/);
    expect(slugId("\u0405\u0435rvice")).not.toBe(slugId("\u0405ervice"));
    // Hangul written decomposed (NFD: conjoining jamo) is the same name, and the same id.
    expect(slugId("인사 연동".normalize("NFD"))).toBe(slugId("인사 연동"));
    expect(slugId("인사 연동")).not.toBe(slugId("급여 연동"));
    for (const [name, id] of [["svc+deploy@corp", "svc-deploy-corp"], ["ci=runner,prod", "ci-runner-prod"], ["etl_loader.v2", "etl_loader.v2"]]) expect(slugId(name!)).toBe(id);
  });
});

describe("a look-alike name does not take a declared NHI's id", () => {
  it("an Entra app named with a Cyrillic Е is undeclared beside the file that declares expense-connector by name, not merged into it", async () => {
    const base = readFileSync(join(SCENARIOS, "_base", "scopesync.yaml"), "utf8");
    const config = base.replace("targets:\n", '  entra:\n    type: entra-apps\n    path: entra/applications.json\n    options: { exportedAt: "2026-11-26T06:00:00Z" }\ntargets:\n');
    const spoof = JSON.parse(readFileSync(join(FIXTURES, "entra-apps/non-latin/applications.json"), "utf8")) as { value: unknown[] };
    const { plan } = await planWith({
      "scopesync.yaml": config,
      "entra/applications.json": JSON.stringify({ ...spoof, value: spoof.value.slice(0, 1) }),
      "identities/expense-connector.yaml": "kind: ServiceAccount\nid: expense-connector\nowner: ada\npurpose: Posts expense reports to the ledger\n",
    });
    const undeclared = plan.findings.filter((f) => f.rule === "nhi-undeclared").map((f) => f.identity);
    expect(undeclared).toHaveLength(1);
    expect(undeclared[0]).toMatch(/^expense-connector-[0-9a-f]{8}$/);
    expect(plan.findings.filter((f) => f.rule === "nhi-name-look-alike").map((f) => f.location)).toEqual(["entra/applications.json entry 1"]);
  });
});
