// The pinned OpenAPI subset (scripts/cut-github-openapi.mjs) turned into a router and validators.
// Requests are checked with type coercion (query strings are text); responses strictly.
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

interface Parameter { name: string; in: "path" | "query" | "header" | "cookie"; required?: boolean; schema?: object }
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: { "application/json": { schema: object } } };
  responses: Record<string, { content?: { "application/json": { schema: object } } }>;
}
interface Subset { info: { version: string }; paths: Record<string, Record<string, Operation>> }

export interface MatchedOperation {
  operationId: string;
  template: string;
  params: Record<string, string>;
}

/** Any GitHub error body: what an error status the subset does not list for the operation must look like. */
const BASIC_ERROR = {
  type: "object",
  required: ["message"],
  properties: { message: { type: "string" }, documentation_url: { type: "string" }, status: { type: "string" }, errors: { type: "array" } },
};

function newAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: coerce ? "array" : false, useDefaults: false });
  addFormats(ajv);
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
  // GitHub's own format for "owner/name" (pulls/create's head_repo).
  ajv.addFormat("repo.nwo", /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/);
  return ajv;
}

function errorsText(ajv: Ajv, v: ValidateFunction, where: string): string {
  return ajv.errorsText(v.errors, { dataVar: where });
}

export class GithubSpec {
  private readonly routes: Array<{ method: string; template: string; regex: RegExp; names: string[]; op: Operation }> = [];
  private readonly requestAjv = newAjv(true);
  private readonly responseAjv = newAjv(false);
  private readonly cache = new Map<string, ValidateFunction>();
  readonly version: string;

  constructor(file = new URL("./openapi-subset.json", import.meta.url)) {
    const subset = JSON.parse(readFileSync(file, "utf8")) as Subset;
    this.version = subset.info.version;
    for (const [template, item] of Object.entries(subset.paths)) {
      const names: string[] = [];
      const regex = new RegExp(`^${template.replace(/\{([^}]+)\}/g, (_, name: string) => (names.push(name), "([^/]+)"))}$`);
      for (const [method, op] of Object.entries(item)) this.routes.push({ method: method.toUpperCase(), template, regex, names, op });
    }
  }

  /** The operation a request maps to, or undefined (the fake answers 404 and records a violation). */
  match(method: string, pathname: string): MatchedOperation | undefined {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.regex.exec(pathname);
      if (!m) continue;
      const params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? "")]));
      return { operationId: r.op.operationId, template: r.template, params };
    }
    return undefined;
  }

  private op(operationId: string): Operation {
    const r = this.routes.find((x) => x.op.operationId === operationId);
    if (!r) throw new Error(`github-fake: no operation ${operationId} in the subset`);
    return r.op;
  }

  private compiled(key: string, ajv: Ajv, schema: object): ValidateFunction {
    let v = this.cache.get(key);
    if (!v) {
      v = ajv.compile(schema);
      this.cache.set(key, v);
    }
    return v;
  }

  /**
   * Validates path and query parameters and the JSON body. Returns the coerced query and a list of
   * problems (empty when valid). Unknown query parameters are problems too: Octokit never sends them.
   */
  validateRequest(operationId: string, path: Record<string, string>, query: Record<string, string>, body: unknown, hasBody: boolean): { query: Record<string, unknown>; problems: string[] } {
    const op = this.op(operationId);
    const problems: string[] = [];
    const coerced: Record<string, unknown> = {};
    for (const where of ["path", "query"] as const) {
      const params = (op.parameters ?? []).filter((p) => p.in === where);
      const schema = {
        type: "object",
        properties: Object.fromEntries(params.map((p) => [p.name, p.schema ?? {}])),
        required: params.filter((p) => p.required || where === "path").map((p) => p.name),
        additionalProperties: false,
      };
      const data: Record<string, unknown> = { ...(where === "path" ? path : query) };
      const v = this.compiled(`${operationId}:${where}`, this.requestAjv, schema);
      if (!v(data)) problems.push(errorsText(this.requestAjv, v, where));
      if (where === "query") Object.assign(coerced, data);
    }
    const rb = op.requestBody;
    if (rb) {
      if (!hasBody) {
        if (rb.required) problems.push("body is required");
      } else {
        const v = this.compiled(`${operationId}:body`, this.requestAjv, rb.content["application/json"].schema);
        // Bodies are JSON: validate a copy without coercion semantics mattering for our callers.
        if (!v(structuredClone(body))) problems.push(errorsText(this.requestAjv, v, "body"));
      }
    } else if (hasBody) {
      problems.push(`${operationId} takes no request body`);
    }
    return { query: coerced, problems };
  }

  /** The description documents this status for the operation, without a body (GitHub's 404s often are). */
  documentsNoBody(operationId: string, status: number): boolean {
    const declared = this.op(operationId).responses[String(status)];
    return declared !== undefined && !declared.content;
  }

  /** Problems with a response the fake is about to send (empty when it matches the description). */
  validateResponse(operationId: string, status: number, body: unknown): string[] {
    const op = this.op(operationId);
    const declared = op.responses[String(status)];
    if (!declared) {
      if (status < 400) return [`${operationId}: status ${status} is not a documented response`];
      const v = this.compiled("basic-error", this.responseAjv, BASIC_ERROR);
      return v(body) ? [] : [`${operationId} ${status}: ${errorsText(this.responseAjv, v, "response")}`];
    }
    const schema = declared.content?.["application/json"]?.schema;
    if (!schema) return body === undefined ? [] : [`${operationId} ${status}: documented without a body, but the fake sent one`];
    const v = this.compiled(`${operationId}:${status}`, this.responseAjv, schema);
    return v(body) ? [] : [`${operationId} ${status}: ${errorsText(this.responseAjv, v, "response")}`];
  }
}
