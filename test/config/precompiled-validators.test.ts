// validators() serves the code `npm run schemas` generated (src/config/validators.generated.ts,
// ajv's standalone validation code) where every run used to compile schemas/ at start-up. For that
// to change nothing, two things must hold: the committed file is what schemas/ gives now, and each
// precompiled validator answers as a runtime-compiled Ajv with the same options does: the same
// result and the same error objects, schema and parentSchema included (the YAML diagnostics read
// them). The documents: the example organisation's YAML and plan, the minimal fixture, the
// bad-input corpus, each checked against every schema, and variants of the valid ones broken on purpose.
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { isDeepStrictEqual } from "node:util";
import type { ErrorObject } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { parseYamlFile } from "../../src/config/yaml-file.js";
import { CONFIG_SCHEMA, KIND_SCHEMAS, validators } from "../../src/config/schemas.js";
import { GENERATED_VALIDATORS, schemaAjv, validatedSchemaFiles, validatorsModuleText } from "../../src/config/validator-code.js";
import type { DocKind } from "../../src/model/documents.js";
import { FIXTURES, runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW } from "../helpers/scenario.js";
import { badInputs } from "./bad-input-corpus.js";

const ROOT = new URL("../../", import.meta.url).pathname;

interface Doc { name: string; value: unknown; schema?: string }

/** Every YAML document under `dir`'s scopesync.yaml, identities/ and policies/, read as `validate` reads it; links are not followed. */
function yamlDocuments(dir: string, label: string): Doc[] {
  const files: string[] = [];
  const walk = (path: string): void => {
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) for (const entry of readdirSync(path).sort()) walk(join(path, entry));
    else if (stat?.isFile()) files.push(path);
  };
  for (const top of ["scopesync.yaml", "identities", "policies"]) walk(join(dir, top));
  return files.flatMap((path) => {
    const file = relative(dir, path);
    return parseYamlFile(file, readFileSync(path)).documents.map((d, i) => ({
      name: `${label}/${file}#${i}`,
      value: d.value,
      schema: file === "scopesync.yaml" ? CONFIG_SCHEMA : KIND_SCHEMAS[(d.value as { kind?: DocKind } | null)?.kind as DocKind],
    }));
  });
}

/** The documents of every bad-input case, each set up in its own copy of the minimal repository. */
function corpusDocuments(): Doc[] {
  return badInputs().flatMap((c) => {
    const scratch = mkdtempSync(join(tmpdir(), "scopesync-validators-"));
    try {
      const repo = join(scratch, "repo");
      cpSync(join(FIXTURES, "minimal"), repo, { recursive: true });
      c.setup(repo, join(scratch, "outside"));
      return yamlDocuments(repo, `corpus ${c.name}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
}

type Path = (string | number)[];

/** Every path to a value in `value`, the root first. */
function paths(value: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
  return out;
}

function setAt(doc: unknown, path: Path, edit: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = structuredClone(doc);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  edit(parent, path.at(-1)!);
  return copy;
}

/** A wrong type, null, a missing key, an unknown key, an empty value: one of them at each path, in turn. */
function broken(doc: Doc): Doc[] {
  return paths(doc.value).slice(1).map((path, i) => {
    const name = `${doc.name} ${["retyped", "nulled", "removed", "extra key", "emptied"][i % 5]} at /${path.join("/")}`;
    const value = setAt(doc.value, path, (parent, key) => {
      const v = parent[key];
      switch (i % 5) {
        case 0:
          parent[key] = typeof v === "string" ? 7 : typeof v === "number" ? "7" : typeof v === "boolean" ? "true" : Array.isArray(v) ? {} : [];
          break;
        case 1:
          parent[key] = null;
          break;
        case 2:
          if (Array.isArray(parent)) parent[key] = {};
          else delete parent[key];
          break;
        case 3:
          parent[key] = v && typeof v === "object" && !Array.isArray(v) ? { ...v, "zz-unknown": 1 } : { "zz-unknown": 1 };
          break;
        default:
          parent[key] = typeof v === "string" ? "" : typeof v === "number" ? -1 : Array.isArray(v) ? [] : {};
      }
    });
    return { name, value, schema: doc.schema };
  });
}

interface Answer { valid: boolean; errors: ErrorObject[] | null | undefined }

describe("precompiled validators (src/config/validators.generated.ts)", () => {
  it("are what schemas/ gives now, byte for byte (run `npm run schemas`)", () => {
    const committed = readFileSync(join(ROOT, GENERATED_VALIDATORS), "utf8");
    const generated = validatorsModuleText();
    const a = committed.split("\n");
    const b = generated.split("\n");
    const line = a.findIndex((l, i) => l !== b[i]);
    expect(committed === generated, `${GENERATED_VALIDATORS} line ${line + 1} is not what schemas/ gives: run \`npm run schemas\``).toBe(true);
  });

  it("cover every schema file but the shared definitions, and nothing else", () => {
    expect([...validators().keys()].sort()).toEqual(validatedSchemaFiles());
    expect(validatedSchemaFiles()).toContain("plan.schema.json");
  });

  describe("answer as a runtime-compiled Ajv with the same options", () => {
    const runtime = schemaAjv();
    const docs: Doc[] = [];

    beforeAll(async () => {
      const example = yamlDocuments(ROOT, "example");
      const plan = await runCli(["plan", "--repo", ROOT, "--format", "json", "--now", SCENARIO_NOW]);
      expect(plan.stderr).toBe("");
      const planDoc: Doc = { name: "example plan", value: JSON.parse(plan.stdout), schema: "plan.schema.json" };
      const own = [...example, planDoc, ...yamlDocuments(join(FIXTURES, "minimal"), "minimal")];
      // The formats, broken on purpose: our date check, ajv-formats' date-time and uri.
      const pick = (pred: (d: Doc) => boolean): Doc => own.find(pred)!;
      const group = pick((d) => d.schema === "group.schema.json" && JSON.stringify(d.value).includes('"until"'));
      const memberWithUntil = (group.value as { members: { until?: string }[] }).members.findIndex((m) => m.until !== undefined);
      const ruleSet = pick((d) => d.schema === "rule-set.schema.json");
      const config = pick((d) => d.schema === CONFIG_SCHEMA && JSON.stringify(d.value).includes('"url"'));
      const scimTarget = Object.entries((config.value as { targets: Record<string, { url?: string }> }).targets).find(([, t]) => t.url)![0];
      const formats: Doc[] = [
        { ...group, name: "until: 2026-02-30", value: setAt(group.value, ["members", memberWithUntil, "until"], (p, k) => (p[k] = "2026-02-30")) },
        { ...group, name: "until: 26 November 2026", value: setAt(group.value, ["members", memberWithUntil, "until"], (p, k) => (p[k] = "26 November 2026")) },
        { ...planDoc, name: "generatedAt without a zone", value: setAt(planDoc.value, ["generatedAt"], (p, k) => (p[k] = "2026-11-26T09:00:00")) },
        { ...ruleSet, name: "a rule's help that is no URI", value: setAt(ruleSet.value, ["rules", 0, "help"], (p, k) => (p[k] = "see the wiki")) },
        { ...config, name: "a target url that is no URI", value: setAt(config.value, ["targets", scimTarget, "url"], (p, k) => (p[k] = "crm.example/scim")) },
      ];
      const corpus = [...corpusDocuments(), ...yamlDocuments(join(FIXTURES, "invalid-options"), "invalid-options")];
      docs.push(...own, ...formats, ...corpus, ...own.flatMap(broken));
    }, 60_000);

    const answer = (validate: (data: unknown) => boolean, data: unknown): Answer => {
      const valid = validate(data);
      return { valid, errors: (validate as { errors?: ErrorObject[] | null }).errors };
    };

    /** Each document against its own schema, or every schema when it names none of them; the mismatches. */
    function compare(list: Doc[], every: boolean): { mismatches: string[]; results: Map<string, Answer> } {
      const mismatches: string[] = [];
      const results = new Map<string, Answer>();
      for (const doc of list) {
        for (const schema of every || !doc.schema ? validatedSchemaFiles() : [doc.schema]) {
          const pre = answer(validators().get(schema)!, doc.value);
          const run = answer(runtime.getSchema(schema)!, doc.value);
          results.set(`${doc.name} @ ${schema}`, pre);
          if (!isDeepStrictEqual(pre, run)) mismatches.push(`${doc.name} @ ${schema}: precompiled ${JSON.stringify(pre).slice(0, 300)} … runtime ${JSON.stringify(run).slice(0, 300)}`);
        }
      }
      return { mismatches, results };
    }

    it("on the example, the minimal fixture and the bad-input corpus, each against every schema", () => {
      const whole = docs.filter((d) => !/ (retyped|nulled|removed|extra key|emptied) at \//.test(d.name));
      const { mismatches, results } = compare(whole, true);
      expect(mismatches.length, mismatches.slice(0, 3).join("\n")).toBe(0);
      // Both outcomes on every schema, and the corpus's own documents among them.
      for (const schema of validatedSchemaFiles()) {
        const own = [...results].filter(([k]) => k.endsWith(` @ ${schema}`)).map(([, a]) => a.valid);
        expect(own, schema).toContain(true);
        expect(own, schema).toContain(false);
      }
      expect(whole.filter((d) => d.name.startsWith("corpus ")).length).toBeGreaterThan(50);
      // The format failures were reported as such, by both.
      const formatErrors = [...results.values()].flatMap((a) => a.errors ?? []).filter((e) => e.keyword === "format").map((e) => (e.params as { format: string }).format);
      expect(new Set(formatErrors)).toEqual(new Set(["date-or-date-time", "date-time", "uri"]));
    });

    it("on the example's and the fixture's documents broken one value at a time", () => {
      const variants = docs.filter((d) => / (retyped|nulled|removed|extra key|emptied) at \//.test(d.name));
      expect(variants.length).toBeGreaterThan(1000);
      const { mismatches, results } = compare(variants, false);
      expect(mismatches.length, mismatches.slice(0, 3).join("\n")).toBe(0);
      const keywords = new Set([...results.values()].flatMap((a) => a.errors ?? []).map((e) => e.keyword));
      for (const k of ["type", "required", "additionalProperties", "enum", "pattern", "minLength", "if", "const"]) expect(keywords, k).toContain(k);
    });
  });
});
