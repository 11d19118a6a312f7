// What a GraphQL query costs, as "Rate limits and query limits for the GraphQL API"
// (docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api) predicts it:
// "Add up the number of requests needed to fulfill each unique connection in the call. Assume every
// request will reach the `first` or `last` argument limits", then "Divide the number by 100 and
// round the result to the nearest whole number"; "The minimum point value of a call to the GraphQL
// API is 1". A connection is a field with `first` or `last`; it needs one request per node of the
// connections around it (its example: 100 repositories × 50 issues × 60 labels is 1 + 100 + 5,000
// = 5,101 requests, 51 points). The node count (rateLimit.nodeCount) is the nodes those
// connections may answer: each one's `first` times the nodes around it.
// Secondary-limit points are another count ("Calculating points for the secondary rate limit"):
// 1 for a request without a mutation, 5 for one with.
// Parsed with graphql-js, the reference implementation, not by pattern: a connection is found at
// any depth, in inline and named fragments alike.
import { Kind, parse, type ArgumentNode, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";

export interface QueryCost {
  /** Primary-limit points (the documented prediction, at least 1). */
  points: number;
  /** The nodes the query may answer (rateLimit.nodeCount). */
  nodes: number;
  /** Secondary-limit points: 5 with a mutation, else 1. */
  secondaryPoints: number;
  /** The document, parsed (undefined when it does not parse: GitHub charges it 1 point). */
  document?: DocumentNode;
}

/** `first`/`last` of a field: a literal, a variable's value (or its default), else 100 (the most a connection pages: conservative). */
function pageSize(args: readonly ArgumentNode[] | undefined, variables: Record<string, unknown>, defaults: Map<string, unknown>): number | undefined {
  const arg = args?.find((a) => a.name.value === "first" || a.name.value === "last");
  if (!arg) return undefined;
  const v = arg.value;
  const value = v.kind === Kind.INT ? Number(v.value) : v.kind === Kind.VARIABLE ? (variables[v.name.value] ?? defaults.get(v.name.value)) : undefined;
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : 100;
}

export function queryCost(query: string, variables: Record<string, unknown> = {}): QueryCost {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return { points: 1, nodes: 0, secondaryPoints: 1 };
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  const defaults = new Map<string, unknown>();
  let mutation = false;
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    if (d.operation === "mutation") mutation = true;
    for (const v of d.variableDefinitions ?? []) if (v.defaultValue?.kind === Kind.INT) defaults.set(v.variable.name.value, Number(v.defaultValue.value));
  }
  let requests = 0;
  let nodes = 0;
  // `around`: the nodes of the connections enclosing this selection (1 at the top).
  const walk = (set: SelectionSetNode | undefined, around: number): void => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FRAGMENT_SPREAD) walk(fragments.get(s.name.value)?.selectionSet, around);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet, around);
      else {
        const size = pageSize(s.arguments, variables, defaults);
        if (size === undefined) walk(s.selectionSet, around);
        else {
          requests += around;
          nodes += around * size;
          walk(s.selectionSet, around * size);
        }
      }
    }
  };
  for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION) walk(d.selectionSet, 1);
  return { points: Math.max(1, Math.round(requests / 100)), nodes, secondaryPoints: mutation ? 5 : 1, document };
}

/** The cost of a POST /graphql body as sent (`{ query, variables }`); a body that is not one costs 1 point. */
export function requestCost(raw: string): QueryCost {
  try {
    const request = JSON.parse(raw) as { query?: unknown; variables?: unknown };
    const variables = typeof request.variables === "object" && request.variables !== null ? (request.variables as Record<string, unknown>) : {};
    return typeof request.query === "string" ? queryCost(request.query, variables) : { points: 1, nodes: 0, secondaryPoints: 1 };
  } catch {
    return { points: 1, nodes: 0, secondaryPoints: 1 };
  }
}
