import { checkTimeZones } from "./time-zones.js";
import type { AppPolicyDoc, Doc, DocKind, NhiDoc, ProjectConfig } from "../model/documents.js";
import type { Located } from "../model/located.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import type { Diagnostic } from "./diagnostic.js";
import { sortDiagnostics } from "./diagnostic.js";
import { checkConfigPaths } from "./config-paths.js";
import { checkPlaintextUrls } from "./config-urls.js";
import { withAppPolicyDefaults } from "./defaults.js";
import { findInlineSecrets, findSecretsInComments } from "./inline-secrets.js";
import { normaliseIdentityIds } from "./identity-ids.js";
import { checkReferences } from "./references.js";
import type { RepoFiles } from "./repo-files.js";
import { pathKey, schemaDiagnostics } from "./schema-errors.js";
import { CONFIG_SCHEMA, KIND_SCHEMAS, validators } from "./schemas.js";
import { parseYamlFile, type ParsedDocument } from "./yaml-file.js";
import { showValue } from "../model/display.js";
import { append } from "../model/append.js";

export const CONFIG_FILE = "scopesync.yaml";
/** Folders whose YAML files hold desired state and policies. */
export const POLICY_DIRS = ["identities", "policies"] as const;
/** Policy files end in .yaml or .yml, lower case; any other file there is an error, never skipped. */
export const POLICY_FILE = /\.ya?ml$/;

export interface LoadResult {
  /** Present only when there are no diagnostics: nothing downstream runs on invalid input. */
  repo?: PolicyRepo;
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  /** Identity ids known from sources (people), for reference checks; omit to skip those checks. */
  knownPeople?: ReadonlySet<string>;
}

export function loadRepo(files: RepoFiles, options: LoadOptions = {}): LoadResult {
  const diagnostics: Diagnostic[] = [];
  if (!files.exists(CONFIG_FILE)) {
    return { diagnostics: [{ file: CONFIG_FILE, line: 1, col: 1, message: "scopesync.yaml not found", hint: "run scopesync in a policy repository, or pass --repo DIR" }] };
  }
  const config = loadConfig(files, diagnostics);
  const docs: Located<Doc>[] = [];
  for (const dir of POLICY_DIRS) {
    for (const r of files.refused(dir)) diagnostics.push({ file: r.path, line: 1, col: 1, message: r.problem, hint: r.hint });
    for (const file of files.list(dir)) {
      if (!POLICY_FILE.test(file)) {
        diagnostics.push({ file, line: 1, col: 1, message: `not read: files under ${dir}/ must be YAML ending in .yaml or .yml (lower case)`, hint: "rename it to .yaml if it holds policy, or move it out of identities/ and policies/" });
        continue;
      }
      const bytes = files.read(file);
      // An empty file is more likely a write cut short than a choice: it is not read in silence.
      // (A file of comments alone is a choice, such as the commented example `init` writes.)
      if (bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
        diagnostics.push({ file, line: 1, col: 1, message: "the file is empty: nothing in it is read", hint: `write its document (kind: ${Object.keys(KIND_SCHEMAS).sort().join(", ")}), or delete the file` });
        continue;
      }
      for (const doc of parse(files, file, diagnostics, bytes)) {
        const located = validateDoc(doc, diagnostics);
        if (located) docs.push(located);
      }
    }
  }
  if (!config) return { diagnostics: sortDiagnostics(diagnostics) };
  // References are checked once every file is valid on its own: a group left out for a schema
  // error would otherwise be "not defined" in every policy that names it, one typo read as many.
  const individuallyValid = diagnostics.length === 0;
  append(diagnostics, checkConfigPaths(config, files));
  append(diagnostics, checkPlaintextUrls(config));
  append(diagnostics, checkTimeZones(config));
  const repo: PolicyRepo = {
    config,
    people: byKind(docs, "Person"),
    groups: byKind(docs, "Group"),
    nhis: [...byKind<NhiDoc>(docs, "ServiceAccount"), ...byKind<NhiDoc>(docs, "Agent")],
    links: byKind(docs, "Links"),
    apps: byKind<AppPolicyDoc>(docs, "AppPolicy").map((a) => ({ ...a, value: withAppPolicyDefaults(a.value) })),
    ruleSets: byKind(docs, "RuleSet"),
  };
  if (individuallyValid) append(diagnostics, checkReferences(repo, options.knownPeople));
  return diagnostics.length > 0 ? { diagnostics: sortDiagnostics(diagnostics) } : { repo, diagnostics: [] };
}

function parse(files: RepoFiles, file: string, diagnostics: Diagnostic[], bytes = files.read(file)): ParsedDocument[] {
  const parsed = parseYamlFile(file, bytes);
  append(diagnostics, parsed.diagnostics);
  for (const s of parsed.text === undefined ? [] : findSecretsInComments(parsed.text)) {
    diagnostics.push({ file, line: s.line, col: s.col, message: `inline secret in a comment (${s.what}); its value is not shown`, hint: SECRET_HINT });
  }
  return parsed.documents;
}

const SECRET_HINT = 'store the secret outside the repository and reference it as "${env:NAME}" or "vault:path#field"; rotate it if it was ever committed, pushed or shared';

/**
 * scopesync.yaml alone, parsed and checked; undefined when it is missing or invalid (loadRepo
 * then says why). Lets the size of the inputs it names be weighed before the rest is read.
 */
export function loadConfigOnly(files: RepoFiles): ProjectConfig | undefined {
  if (!files.exists(CONFIG_FILE)) return undefined;
  const diagnostics: Diagnostic[] = [];
  const config = loadConfig(files, diagnostics);
  return diagnostics.length === 0 ? config?.value : undefined;
}

function loadConfig(files: RepoFiles, diagnostics: Diagnostic[]): Located<ProjectConfig> | undefined {
  const before = diagnostics.length;
  const docs = parse(files, CONFIG_FILE, diagnostics);
  if (docs.length === 0 && diagnostics.length === before) {
    diagnostics.push({ file: CONFIG_FILE, line: 1, col: 1, message: "scopesync.yaml is empty", hint: "write the repository's settings into it (version: 1, organisation, sources, targets); docs/formats.md shows a complete example" });
  }
  if (docs.length > 1) {
    const second = docs[1]!.locate([]);
    diagnostics.push({ file: CONFIG_FILE, ...second, message: "scopesync.yaml must hold one YAML document", hint: "remove the extra `---` document" });
  }
  const doc = docs[0];
  if (!doc) return undefined;
  return check<ProjectConfig>(doc, CONFIG_SCHEMA, diagnostics);
}

function validateDoc(doc: ParsedDocument, diagnostics: Diagnostic[]): Located<Doc> | undefined {
  const value = doc.value as { kind?: unknown } | null;
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    diagnostics.push({ file: doc.file, ...doc.locate([]), message: "expected a mapping with a `kind:` key", hint: `start the document with one of: kind: ${Object.keys(KIND_SCHEMAS).sort().join(", ")}` });
    return undefined;
  }
  const kind = value.kind;
  if (typeof kind !== "string" || !(kind in KIND_SCHEMAS)) {
    const message = kind === undefined ? "missing required key \"kind\"" : `unknown kind ${showValue(kind)}`;
    diagnostics.push({ file: doc.file, ...doc.locate(kind === undefined ? [] : ["kind"]), message, hint: `valid kinds: ${Object.keys(KIND_SCHEMAS).sort().join(", ")}` });
    return undefined;
  }
  const located = check<Doc>(doc, KIND_SCHEMAS[kind as DocKind], diagnostics);
  // Before any reference is looked up: a name in YAML means the login the sources spell in NFC.
  if (located) normaliseIdentityIds(located.value);
  return located;
}

/** Schema validation plus the inline-secret scan; the secret's value is never echoed. */
function check<T>(doc: ParsedDocument, schema: string, diagnostics: Diagnostic[]): Located<T> | undefined {
  const before = diagnostics.length;
  const secrets = findInlineSecrets(doc.value);
  for (const s of secrets) {
    diagnostics.push({
      file: doc.file,
      ...doc.locate(s.path),
      message: `inline secret (${s.what}); its value is not shown`,
      hint: SECRET_HINT,
    });
  }
  const validate = validators().get(schema)!;
  if (!validate(doc.value)) {
    append(diagnostics, schemaDiagnostics(doc, validate.errors ?? [], new Set(secrets.map((s) => pathKey(s.path)))));
  }
  if (diagnostics.length > before) return undefined;
  const pos = doc.locate([]);
  return { value: doc.value as T, file: doc.file, ...pos, locate: doc.locate, locateKey: doc.locateKey };
}

function byKind<T extends Doc>(docs: Located<Doc>[], kind: DocKind): Located<T>[] {
  return docs.filter((d) => d.value.kind === kind) as Located<T>[];
}
