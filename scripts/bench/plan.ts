/**
 * npm run bench:plan — the plan job at scale: 50 audiences across weekly, monthly and quarterly cadences and seven
 * time zones, planned by the bundled action (dist/index.js) as the runner starts it. Prints wall time and peak RSS.
 */
import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ZONES = ["UTC", "America/Los_Angeles", "America/Denver", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "Pacific/Auckland"];
const ROLES = ["ceo", "cto", "cfo", "cmo", "accounting"];
const CADENCES = ["weekly", "monthly", "quarterly"] as const;
const RUNS = 5;

const tmp = await mkdtemp(path.join(os.tmpdir(), "exec-bench-plan-"));
try {
  const data = path.join(tmp, "data");
  await cp(path.join(ROOT, "data"), data, { recursive: true });
  const audiences = Array.from({ length: 50 }, (_, i) => {
    const cadence = CADENCES[i % 3]!;
    return {
      id: `audience-${String(i).padStart(2, "0")}`,
      role: ROLES[i % ROLES.length],
      recipients: { to: [`reader-${i}@example.com`] },
      cadence,
      timeZone: ZONES[i % ZONES.length],
      send: cadence === "weekly" ? { weekday: "monday", hour: 7 } : { day: 1, hour: 8 },
    };
  });
  await writeFile(path.join(data, "audiences.yaml"), stringify({ audiences }));
  const times: number[] = [];
  let rss = 0;
  let planned = 0;
  for (let i = 0; i < RUNS; i++) {
    const output = path.join(tmp, `output-${i}.txt`);
    await writeFile(output, "");
    const t0 = performance.now();
    const run = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, path.join(ROOT, "dist/index.js")], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: tmp,
        GITHUB_OUTPUT: output,
        INPUT_COMMAND: "plan",
        "INPUT_DATA-DIR": data,
        "INPUT_OUT-DIR": path.join(tmp, "out"),
        INPUT_NOW: "2027-01-05T12:00:00Z",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    if (run.status !== 0) throw new Error(`the plan failed: ${run.stderr.toString()}`);
    const stderr = run.stderr.toString();
    times.push(performance.now() - t0);
    rss = Math.max(rss, Number(stderr.trim().split("\n").at(-1)) * 1024);
    const text = await readFile(output, "utf8");
    planned = (JSON.parse(/^matrix<<(\S+)\n([\s\S]*?)\n\1$/m.exec(text)![2]!) as { include: unknown[] }).include.length;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(
    JSON.stringify({
      bench: "plan",
      node: process.version,
      audiences: 50,
      planned,
      runs: RUNS,
      medianMs: Math.round(median),
      maxMs: Math.round(times.at(-1)!),
      peakRssMb: Math.round(rss / 1024 / 1024),
    }),
  );
} finally {
  await rm(tmp, { recursive: true, force: true });
}
