// `npm run bench`: runs every benchmark in bench/ in turn and prints their tables.
const benches = ["./ingest.mjs", "./nhi-discovery.mjs", "./plan.mjs", "./apply.mjs", "./import.mjs", "./journal.mjs"];
for (const file of benches) {
  const { run } = await import(file);
  console.log(`\n## ${file}\n`);
  await run();
}
