// The pinned Smithy subset of AWS IAM (scripts/cut-iam-smithy.mjs) as validators and the awsQuery
// wire format: a request's form parameters are checked against the operation's input shape
// (members, required, pattern, length, range, enum), a response value against its output shape,
// and then written as the XML IAM answers with. Error codes and HTTP statuses come from the
// model's awsQueryError traits.
import { readFileSync } from "node:fs";

type Traits = Record<string, unknown>;
interface Member { target: string; traits?: Traits }
interface Shape { type: string; traits?: Traits; members?: Record<string, Member>; member?: { target: string }; input?: { target: string }; output?: { target: string }; errors?: Array<{ target: string }> }
interface Subset { service: { version: string; traits: Traits }; shapes: Record<string, Shape>; operations: Record<string, string> }

const NS = "com.amazonaws.iam#";

export class IamSpec {
  readonly subset: Subset;
  readonly namespace: string;

  constructor(file = new URL("./iam-subset.json", import.meta.url)) {
    this.subset = JSON.parse(readFileSync(file, "utf8")) as Subset;
    this.namespace = (this.subset.service.traits["smithy.api#xmlNamespace"] as { uri: string }).uri;
  }

  get version(): string {
    return this.subset.service.version;
  }

  has(operation: string): boolean {
    return operation in this.subset.operations;
  }

  private shape(id: string): Shape {
    const s = this.subset.shapes[id];
    if (!s) throw new Error(`iam-fake: no shape ${id} in the subset`);
    return s;
  }

  /** The operation's input as typed values, and what is wrong with the request's parameters. */
  checkInput(operation: string, params: Record<string, string>): { input: Record<string, unknown>; problems: string[] } {
    const shape = this.shape(this.shape(NS + operation).input!.target);
    const problems: string[] = [];
    const input: Record<string, unknown> = {};
    for (const [name, text] of Object.entries(params)) {
      const member = shape.members?.[name];
      if (!member) {
        problems.push(`${operation}: ${name} is not a member of its input`);
        continue;
      }
      const target = this.shape(member.target);
      if (target.type === "integer") {
        const n = Number(text);
        if (!Number.isInteger(n)) problems.push(`${operation}.${name}: not an integer`);
        input[name] = n;
      } else if (target.type === "boolean") {
        input[name] = text === "true";
      } else input[name] = text;
      problems.push(...this.checkScalar(member.target, input[name], `${operation}.${name}`));
    }
    for (const [name, m] of Object.entries(shape.members ?? {})) if (m.traits?.["smithy.api#required"] !== undefined && !(name in params)) problems.push(`${operation}: ${name} is required`);
    return { input, problems };
  }

  private checkScalar(id: string, value: unknown, where: string): string[] {
    const s = this.shape(id);
    const t = s.traits ?? {};
    const problems: string[] = [];
    if (s.type === "string") {
      if (typeof value !== "string") return [`${where}: not a string`];
      const length = t["smithy.api#length"] as { min?: number; max?: number } | undefined;
      if (length && ((length.min !== undefined && value.length < length.min) || (length.max !== undefined && value.length > length.max))) problems.push(`${where}: length ${value.length} outside ${length.min ?? 0}..${length.max ?? "∞"}`);
      const pattern = t["smithy.api#pattern"] as string | undefined;
      if (pattern && !new RegExp(pattern, "u").test(value)) problems.push(`${where}: does not match ${pattern}`);
    } else if (s.type === "enum") {
      const values = Object.values(s.members ?? {}).map((m) => m.traits?.["smithy.api#enumValue"]);
      if (!values.includes(value)) problems.push(`${where}: ${JSON.stringify(value)} is not one of ${values.join(", ")}`);
    } else if (s.type === "integer") {
      const range = t["smithy.api#range"] as { min?: number; max?: number } | undefined;
      if (typeof value !== "number") return [`${where}: not a number`];
      if (range && ((range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max))) problems.push(`${where}: ${value} outside ${range.min}..${range.max}`);
    } else if (s.type === "boolean") {
      if (typeof value !== "boolean") problems.push(`${where}: not a boolean`);
    } else if (s.type === "timestamp") {
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) problems.push(`${where}: not a timestamp`);
    }
    return problems;
  }

  /** What is wrong with a response value of the operation's output shape (empty: it matches). */
  checkOutput(operation: string, value: Record<string, unknown> | undefined): string[] {
    const output = this.shape(NS + operation).output!.target;
    if (output === "smithy.api#Unit") return value === undefined ? [] : [`${operation}: the output is Unit, but the fake answered a value`];
    return this.checkValue(output, value, `${operation}Result`);
  }

  private checkValue(id: string, value: unknown, where: string): string[] {
    const s = this.shape(id);
    if (s.type === "structure") {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${where}: not a structure`];
      const problems: string[] = [];
      for (const [k, v] of Object.entries(value)) {
        const m = s.members?.[k];
        if (!m) problems.push(`${where}.${k}: not a member of ${id}`);
        else if (v !== undefined) problems.push(...this.checkValue(m.target, v, `${where}.${k}`));
      }
      for (const [k, m] of Object.entries(s.members ?? {})) if (m.traits?.["smithy.api#required"] !== undefined && (value as Record<string, unknown>)[k] === undefined) problems.push(`${where}.${k}: required`);
      return problems;
    }
    if (s.type === "list") {
      if (!Array.isArray(value)) return [`${where}: not a list`];
      return value.flatMap((item, i) => this.checkValue(s.member!.target, item, `${where}[${i}]`));
    }
    return this.checkScalar(id, value, where);
  }

  /** The operation's modelled errors' codes, and the HTTP status each is sent with. */
  errorStatus(code: string): number | undefined {
    for (const s of Object.values(this.subset.shapes)) {
      const q = s.traits?.["aws.protocols#awsQueryError"] as { code: string; httpResponseCode: number } | undefined;
      if (q?.code === code) return q.httpResponseCode;
    }
    return undefined;
  }

  declaresError(operation: string, code: string): boolean {
    return (this.shape(NS + operation).errors ?? []).some((e) => (this.shape(e.target).traits?.["aws.protocols#awsQueryError"] as { code?: string } | undefined)?.code === code);
  }

  /** The awsQuery answer: <OpResponse xmlns><OpResult>…</OpResult><ResponseMetadata/></OpResponse>. */
  serialize(operation: string, value: Record<string, unknown> | undefined, requestId: string): string {
    const output = this.shape(NS + operation).output!.target;
    const result = output === "smithy.api#Unit" || value === undefined ? "" : `<${operation}Result>${this.xml(output, value)}</${operation}Result>`;
    return `<${operation}Response xmlns="${this.namespace}">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
  }

  private xml(id: string, value: unknown): string {
    const s = this.shape(id);
    if (s.type === "structure") {
      return Object.entries(s.members ?? {})
        .filter(([k]) => (value as Record<string, unknown>)[k] !== undefined)
        .map(([k, m]) => `<${k}>${this.xml(m.target, (value as Record<string, unknown>)[k])}</${k}>`)
        .join("");
    }
    if (s.type === "list") return (value as unknown[]).map((item) => `<member>${this.xml(s.member!.target, item)}</member>`).join("");
    // awsQuery timestamps are ISO 8601 date-times.
    if (s.type === "timestamp") return (value as Date).toISOString();
    return escapeXml(String(value));
  }
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
