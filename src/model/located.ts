// Where a value was written, so that every later stage can cite file:line:col without knowing YAML.

/** A key or an index on the way from a document's root to one of its values. */
export type PathSegment = string | number;
export interface Position { line: number; col: number }

/** A validated document and where it was written, so every later message can cite file:line. */
export interface Located<T> {
  value: T;
  file: string;
  line: number;
  col: number;
  locate(path: readonly PathSegment[]): Position;
  /** Position of the key at `path` (where an unknown key is reported). */
  locateKey(path: readonly PathSegment[]): Position;
}
