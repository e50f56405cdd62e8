// One fresh process, as just after a start: opens the database and times the first sector
// overview (nothing read yet, nothing compiled yet). scripts/bench/run.ts runs this several
// times and reports the spread. Usage: tsx scripts/bench/first-overview.ts FILE YEAR
import { createDb } from "~/database/connection.server";
import { computeSectorThemeGrid } from "~/models/aggregates.server";

const [file, year] = process.argv.slice(2);
const db = createDb(file!);
const t0 = performance.now();
await computeSectorThemeGrid(db, { year: Number(year), basis: "geaccepteerd" });
console.log(JSON.stringify({ ms: performance.now() - t0 }));
await db.destroy();
