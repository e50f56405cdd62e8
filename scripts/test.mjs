// npm test: the build, then every test project (vitest.config.ts), with the type check running
// beside both; then how long each test file took and the total.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const started = Date.now();
const run = (command, args) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
const seconds = (ms) => `${Math.round(ms / 1000)} s`;

console.log(`== node ${process.version}: the build, with the type check beside it and the tests`);
// The tests need the build, not the type check: it runs on while the first tests do, and its
// failure fails the run at the end (its output comes first, as soon as it is done).
const typechecked = run("npm", ["run", "--silent", "typecheck"]).then((code) => {
  const at = Date.now();
  console.log(code === 0 ? `== type check passed after ${seconds(at - started)}` : "== the type check failed");
  return code;
});
if ((await run("npm", ["run", "--silent", "build"])) !== 0) {
  console.error("The build failed.");
  await typechecked;
  process.exit(1);
}
const prepared = Date.now();

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mvoi-test-report-")), "vitest.json");
const code = await run(path.join("node_modules", ".bin", "vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);

if (fs.existsSync(report)) {
  const { testResults, numTotalTests, numPassedTests } = JSON.parse(fs.readFileSync(report, "utf8"));
  const files = testResults
    .map((f) => ({ file: path.relative(process.cwd(), f.name), ms: f.endTime - f.startTime }))
    .sort((a, b) => b.ms - a.ms);
  console.log("\n== time per test file (longest first)");
  for (const f of files) console.log(`${String(Math.round(f.ms / 100) / 10).padStart(7)} s  ${f.file}`);
  console.log(`\n== ${numPassedTests} of ${numTotalTests} tests passed in ${files.length} files`);
}
fs.rmSync(path.dirname(report), { recursive: true, force: true });
const typecheck = await typechecked;
console.log(
  `== npm test took ${seconds(Date.now() - started)} (build ${seconds(prepared - started)}, tests ${seconds(Date.now() - prepared)})`,
);
process.exit(code !== 0 ? code : typecheck);
