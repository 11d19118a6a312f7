/**
 * JSON as people write it in schema files: two-space indentation, with any object or array that
 * fits on its line (within `width` columns) kept on one line. Key order is kept.
 */
export function formatJson(value: unknown, width = 110): string {
  return `${format(value, "", 0, width)}\n`;
}

/** `used`: columns already taken on the value's first line (indentation and key). */
function format(value: unknown, indent: string, used: number, width: number): string {
  const flat = oneLine(value);
  if (used + flat.length <= width || value === null || typeof value !== "object") return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => inner + format(v, inner, inner.length, width)).join(",\n")}\n${indent}]`;
  }
  const lines = Object.entries(value).map(([k, v]) => {
    const key = `${inner}${JSON.stringify(k)}: `;
    return key + format(v, inner, key.length, width);
  });
  return `{\n${lines.join(",\n")}\n${indent}}`;
}

function oneLine(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(oneLine).join(", ")}]`;
  const entries = Object.entries(value);
  return entries.length === 0 ? "{}" : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(", ")} }`;
}
