// `rateLimit(dryRun: true)`: GitHub's schema documents the argument as "If true, calculate the cost
// for the query without evaluating it" (Query.rateLimit, `dryRun: Boolean = false`). So the fake
// answers such a query with its `rateLimit` only, `cost` the points the query would be charged, and
// every other top-level field null (not evaluated), and charges no primary points for it; it is
// still a request to POST /graphql, counted for the secondary limit (1 point) as any query is.
// GitHub documents neither the null fields nor the charge: the fake's choice, said here.
import { Kind, type ValueNode } from "graphql";
import type { QueryCost } from "./graphql-cost.js";

/** The operation's top-level fields, by the key an answer gives them (alias or name). */
function topLevel(cost: QueryCost) {
  const operation = cost.document?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operation?.kind === Kind.OPERATION_DEFINITION ? operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s] : [])) : [];
}

const isTrue = (v: ValueNode | undefined, variables: Record<string, unknown>): boolean => (v?.kind === Kind.BOOLEAN ? v.value : v?.kind === Kind.VARIABLE ? variables[v.name.value] === true : false);

/** Does the query select `rateLimit(dryRun: true)` (a literal, or a variable that is true)? */
export function isDryRun(cost: QueryCost, raw: string): boolean {
  let variables: Record<string, unknown> = {};
  try {
    const v = (JSON.parse(raw) as { variables?: unknown }).variables;
    if (typeof v === "object" && v !== null) variables = v as Record<string, unknown>;
  } catch {
    return false;
  }
  return topLevel(cost).some((f) => f.name.value === "rateLimit" && isTrue(f.arguments?.find((a) => a.name.value === "dryRun")?.value, variables));
}

/** A dry run's `data`: `rateLimit` as selected, every other top-level field null. */
export function dryRunData(cost: QueryCost, rateLimit: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(topLevel(cost).map((f) => [f.alias?.value ?? f.name.value, f.name.value === "rateLimit" ? (rateLimit ?? null) : null]));
}
