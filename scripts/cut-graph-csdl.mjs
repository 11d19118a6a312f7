#!/usr/bin/env node
// Cuts the pinned subset of Microsoft Graph's v1.0 API description that the Graph fake
// (test/servers/graph-fake/) validates every request and response against. Source: the CSDL
// metadata Microsoft publishes for Graph v1.0 (the document `GET /v1.0/$metadata` serves, kept as
// schemas/v1.0-Prod.csdl in the microsoftgraph/msgraph-metadata repository; the OpenAPI files there
// are generated from it). Re-run with a newer copy and review the diff:
//
//   node scripts/cut-graph-csdl.mjs PATH/TO/v1.0-Prod.csdl [commit]
//
// Kept: the entity types of the entity set `applications` (application, directoryObject, entity:
// every structural property with its type) and of the application's federatedIdentityCredentials
// (federatedIdentityCredential, which the connector expands and deletes), the complex types the connector reads in full
// (passwordCredential, keyCredential), and the actions bound to an application that touch its
// credentials (parameters and return types). Descriptions and everything else go.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { XMLParser } from "fast-xml-parser";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "test/servers/graph-fake/graph-subset.json");
const [input, commit] = process.argv.slice(2);
if (!input) {
  process.stderr.write("usage: node scripts/cut-graph-csdl.mjs PATH/TO/v1.0-Prod.csdl [msgraph-metadata commit]\n");
  process.exit(1);
}

const ENTITY_TYPES = ["entity", "directoryObject", "application", "federatedIdentityCredential"];
const COMPLEX_TYPES = ["passwordCredential", "keyCredential"];
const ACTIONS = ["addPassword", "removePassword", "removeKey"];

const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => ["Schema", "EntityType", "ComplexType", "Action", "Property", "Parameter", "NavigationProperty"].includes(name) });
const csdl = parser.parse(readFileSync(input, "utf8"));
const schema = list(csdl["edmx:Edmx"]["edmx:DataServices"].Schema).find((s) => s.Namespace === "microsoft.graph");
if (!schema) throw new Error("no microsoft.graph schema in the CSDL");

const property = (p) => ({ type: p.Type, ...(p.Nullable === "false" ? { nullable: false } : {}) });
const typeOf = (kind, name) => {
  const t = list(schema[kind]).find((x) => x.Name === name);
  if (!t) throw new Error(`no ${kind} ${name} in the CSDL`);
  return {
    ...(t.BaseType ? { baseType: t.BaseType } : {}),
    ...(t.OpenType === "true" ? { openType: true } : {}),
    properties: Object.fromEntries(list(t.Property).map((p) => [p.Name, property(p)])),
    ...(t.NavigationProperty ? { navigationProperties: list(t.NavigationProperty).map((n) => n.Name).sort() } : {}),
  };
};

const actions = {};
for (const name of ACTIONS) {
  const bound = list(schema.Action).find((a) => a.Name === name && list(a.Parameter)[0]?.Type === "graph.application");
  if (!bound) throw new Error(`no action ${name} bound to graph.application in the CSDL`);
  const [, ...params] = list(bound.Parameter);
  actions[name] = {
    parameters: Object.fromEntries(params.map((p) => [p.Name, property(p)])),
    ...(bound.ReturnType ? { returnType: property(bound.ReturnType) } : {}),
  };
}

const subset = {
  source: { repository: "microsoftgraph/msgraph-metadata", path: "schemas/v1.0-Prod.csdl", ...(commit ? { commit } : {}) },
  namespace: "microsoft.graph",
  entitySets: { applications: "microsoft.graph.application" },
  entityTypes: Object.fromEntries(ENTITY_TYPES.map((n) => [n, typeOf("EntityType", n)])),
  complexTypes: Object.fromEntries(COMPLEX_TYPES.map((n) => [n, typeOf("ComplexType", n)])),
  actions,
};
writeFileSync(out, `${JSON.stringify(subset, null, 2)}\n`);
process.stdout.write(`wrote ${out}\n`);
