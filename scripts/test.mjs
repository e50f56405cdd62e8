// npm test: the type check beside the build (each on one of the two cores), then every test
// project (vitest.config.ts), then how long each test file took and the total.
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

console.log(`== node ${process.version}: type check and build`);
const [typecheck, build] = await Promise.all([run("npm", ["run", "--silent", "typecheck"]), run("npm", ["run", "--silent", "build"])]);
if (typecheck !== 0 || build !== 0) {
  console.error(typecheck !== 0 ? "The type check failed." : "The build failed.");
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
console.log(
  `== npm test took ${seconds(Date.now() - started)} (type check and build ${seconds(prepared - started)}, tests ${seconds(Date.now() - prepared)})`,
);
process.exit(code);
