/**
 * Only in an accepted snapshot, on a discovered NHI's record: an owner the system listed and lists
 * no more while no active person is left among those it lists (Graph drops a deleted user from an
 * application's owners: the usual end of a leaver, not a hand-over). Written by `scopesync
 * snapshot` (src/cli/snapshot-owners.ts) so that accepting a snapshot taken after the deletion
 * does not end the NHI's quarantine: the owner still counts (SystemOwner.droppedBy) until the
 * system names an active owner, and then the next snapshot forgets them.
 */
export interface DroppedOwner {
  /** The owner as the system named them (the first of its names). */
  name: string;
  /** The person's id when they were dropped, absent when no person went by the name even then. */
  id?: string;
  /** The source whose export no longer listed them. */
  source: string;
  /** The time of the first export of that source that no longer listed them (its exportedAt). */
  droppedAt: string;
}
