// The pinned CSDL subset of Microsoft Graph v1.0 (scripts/cut-graph-csdl.mjs) as validators: an
// entity or complex value may carry only the properties its type (and base types) declare, each
// of its declared EDM type; a bound action's body exactly its parameters. The fake checks every
// request it takes and every response it sends against these.
import { readFileSync } from "node:fs";

interface PropertyDecl { type: string; nullable?: boolean }
interface TypeDecl { baseType?: string; openType?: boolean; properties: Record<string, PropertyDecl>; navigationProperties?: string[] }
interface Subset {
  source: { repository: string; path: string; commit?: string };
  entityTypes: Record<string, TypeDecl>;
  complexTypes: Record<string, TypeDecl>;
  actions: Record<string, { parameters: Record<string, PropertyDecl>; returnType?: PropertyDecl }>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Edm.DateTimeOffset as Graph writes it (ISO 8601 with Z or an offset).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export class GraphSpec {
  readonly subset: Subset;

  constructor(file = new URL("./graph-subset.json", import.meta.url)) {
    this.subset = JSON.parse(readFileSync(file, "utf8")) as Subset;
  }

  /** Every structural property of an entity type, its base types' included. */
  properties(entityType: string): Record<string, PropertyDecl> {
    const t = this.subset.entityTypes[entityType];
    if (!t) throw new Error(`graph-fake: no entity type ${entityType} in the subset`);
    const base = t.baseType ? this.properties(t.baseType.replace(/^graph\./, "")) : {};
    return { ...base, ...t.properties };
  }

  /**
   * Problems with an entity value (a response's application), at `where`. `expanded`: the
   * navigation properties the request expanded, each with its entity type (OData puts an expanded
   * relationship in the entity, as a list of that type's entities).
   */
  checkEntity(entityType: string, value: unknown, where: string, expanded: Readonly<Record<string, string>> = {}): string[] {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${where}: not an object`];
    const props = this.properties(entityType);
    const navigation = this.subset.entityTypes[entityType]?.navigationProperties ?? [];
    const problems: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith("@odata.")) continue;
      const decl = props[k];
      const target = expanded[k];
      if (target !== undefined) {
        if (!navigation.includes(k)) problems.push(`${where}.${k}: not a navigation property of microsoft.graph.${entityType}`);
        else if (!Array.isArray(v)) problems.push(`${where}.${k}: an expanded collection must be a list`);
        else v.forEach((item, i) => problems.push(...this.checkEntity(target, item, `${where}.${k}[${i}]`)));
      } else if (!decl) problems.push(`${where}.${k}: not a property of microsoft.graph.${entityType}`);
      else problems.push(...this.checkValue(decl, v, `${where}.${k}`));
    }
    return problems;
  }

  /** Problems with a bound action's request body: exactly its parameters, each of its type. */
  checkActionBody(action: string, body: unknown): string[] {
    const decl = this.subset.actions[action];
    if (!decl) return [`no action ${action} bound to microsoft.graph.application`];
    if (typeof body !== "object" || body === null || Array.isArray(body)) return [`${action}: body is not a JSON object`];
    const problems: string[] = [];
    for (const [k, v] of Object.entries(body)) {
      const p = decl.parameters[k];
      if (!p) problems.push(`${action}: ${k} is not a parameter`);
      else problems.push(...this.checkValue(p, v, `${action}.${k}`));
    }
    for (const [k, p] of Object.entries(decl.parameters)) if (p.nullable === false && !(k in body)) problems.push(`${action}: ${k} is required`);
    return problems;
  }

  checkValue(decl: PropertyDecl, value: unknown, where: string): string[] {
    const collection = /^Collection\((.+)\)$/.exec(decl.type);
    if (collection) {
      if (!Array.isArray(value)) return [`${where}: a collection must be a list (collections are never null)`];
      return value.flatMap((item, i) => this.checkValue({ type: collection[1]!, nullable: false }, item, `${where}[${i}]`));
    }
    if (value === null) return decl.nullable === false ? [`${where}: may not be null`] : [];
    switch (decl.type) {
      case "Edm.String": return typeof value === "string" ? [] : [`${where}: not a string`];
      case "Edm.Boolean": return typeof value === "boolean" ? [] : [`${where}: not a boolean`];
      case "Edm.Guid": return typeof value === "string" && GUID.test(value) ? [] : [`${where}: not an Edm.Guid`];
      case "Edm.DateTimeOffset": return typeof value === "string" && DATE_TIME.test(value) ? [] : [`${where}: not an Edm.DateTimeOffset`];
      case "Edm.Binary": return typeof value === "string" && BASE64.test(value) ? [] : [`${where}: not base64 (Edm.Binary)`];
    }
    const complex = this.subset.complexTypes[decl.type.replace(/^graph\./, "")];
    // A type outside the subset: the connector never selects it, so only its JSON kind is checked.
    if (!complex) return typeof value === "object" ? [] : [`${where}: not an object (${decl.type})`];
    if (typeof value !== "object" || Array.isArray(value)) return [`${where}: not an object (${decl.type})`];
    const problems: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const p = complex.properties[k];
      if (!p) problems.push(`${where}.${k}: not a property of ${decl.type}`);
      else problems.push(...this.checkValue(p, v, `${where}.${k}`));
    }
    return problems;
  }
}
