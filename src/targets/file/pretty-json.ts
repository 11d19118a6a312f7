// JSON.stringify(value, null, 2), a piece at a time: the file target writes its state out after
// every change, and makes again only the pieces that changed (account-store.ts). A nested value's
// text is its own pretty text with every line after the first indented once more (strings in JSON
// hold no raw line break, so each "\n" of the text is a line break of the layout).

/** A value's text as `JSON.stringify(value, null, 2)` writes it at the top. */
export function prettyValue(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** A member of the top-level object: its key, and its value's top-level text indented one level. */
export function prettyMember(key: string, valueText: string): string {
  return `  ${JSON.stringify(key)}: ${valueText.replaceAll("\n", "\n  ")}`;
}
