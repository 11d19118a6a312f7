import type { SourceRecord } from "./source-record.js";
import { nfc } from "./nfc.js";

/**
 * In an accepted snapshot (its `groupNames`): a group name bound to the id of the group it was
 * first known by in that source. A later snapshot never changes a binding on its own (a rename, a
 * deletion, a look-alike made with the name): only a reviewer does, by editing the committed
 * snapshot (docs/formats.md, "Group names and ids"). `name` is spelt as the source spelt it then,
 * and compared as `where:` compares, without case.
 */
/**
 * How group names compare, as `where:` compares them: without case, in Unicode NFC (a binding
 * written by a snapshot before records were read in NFC still binds the name). Bindings,
 * look-alikes and their checks key by it.
 */
export const groupNameKey = (name: string): string => nfc(name).toLowerCase();

export interface GroupNameBinding {
  name: string;
  id: string;
}

/** What settling a source's group names reads of its last accepted snapshot. */
export interface GroupHistory {
  records: readonly SourceRecord[];
  /** The snapshot's bindings; absent in a snapshot written before bindings were kept. */
  groupNames?: readonly GroupNameBinding[];
}
