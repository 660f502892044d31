/** Adapters from the three classic seams (git, metrics, business datasets) to the one Source the collector runs. */
import type { DatasetName } from "../snapshot.js";
import type { Contribution, DatasetSource, GitSource, MetricsSource, Source } from "./source.js";

/** Repository facts for the repos in data/repos.yaml (only the entities in scope when the run is scoped). */
export function gitSource(git: GitSource): Source {
  return {
    name: git.name,
    kind: git.name === "github" ? "github" : "git-local",
    provides: { repos: true },
    async read(ctx): Promise<Contribution> {
      const repos = (ctx.inventory.repos?.repos ?? []).filter((r) => !ctx.entities || ctx.entities.includes(r.entity));
      const facts = await git.repos(repos, ctx);
      const bad = Object.values(facts).filter((f) => "missing" in f).length;
      return {
        repos: facts,
        ok: bad === 0,
        detail: `${Object.keys(facts).length - bad} of ${Object.keys(facts).length} repositories read`,
      };
    },
  };
}

/** Metric series (CloudWatch or data/metrics.yaml). */
export function metricsSource(m: MetricsSource): Source {
  return {
    name: m.name,
    kind: m.name === "metrics-file" ? "metrics-file" : "cloudwatch",
    provides: { metrics: true },
    async read(ctx): Promise<Contribution> {
      const metrics = await m.metrics(ctx);
      return "missing" in metrics
        ? { metrics, ok: false, detail: metrics.missing }
        : { metrics, ok: true, detail: `${metrics.value.length} series` };
    },
  };
}

/** Business datasets that replace the hand-kept files (e.g. DynamoDB tables). */
export function datasetSource(d: DatasetSource, names: DatasetName[] = []): Source {
  return {
    name: d.name,
    kind: "datasets",
    provides: { datasets: names },
    async read(ctx): Promise<Contribution> {
      const datasets = (await d.datasets(ctx)) as Contribution["datasets"] & object;
      const bad = Object.entries(datasets).filter(([, f]) => f && "missing" in f);
      return {
        datasets,
        ok: bad.length === 0,
        detail: `${Object.keys(datasets).length - bad.length} datasets read${bad.length ? `; missing: ${bad.map(([k]) => k).join(", ")}` : ""}`,
      };
    },
  };
}
