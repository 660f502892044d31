/**
 * The board repository's labels: listed once a run, each created once (422 already_exists is success), and the run's
 * likely labels created ahead of its cards, while the sources are still being read.
 */
import type { GitHubClient } from "../github/client.js";
import { httpStatus } from "../github/errors.js";

const COLORS: [RegExp, string, string][] = [
  [/^exec-report$/, "5319e7", "Action item from exec-reports"],
  [/^role:/, "1d76db", "Role that owns the report"],
  [/^entity:/, "0e8a16", "Business the finding is about"],
  [/^priority:(p0|critical|high)/i, "b60205", "Priority"],
  [/^priority:/, "fbca04", "Priority"],
  [/^scope:/, "c5def5", "Report scope (entities covered)"],
];

export class RepoLabels {
  /** Label name (lower case) → node id; undefined until listed. */
  private ids: Map<string, string> | undefined;
  /** Creations under way (lower-case name): a card needing one waits for it rather than create it twice. */
  private creating = new Map<string, Promise<void>>();

  constructor(private readonly o: { client: GitHubClient; owner: string; repo: string }) {}

  /** Lists the repository's labels (again, after a failed listing). */
  async list(): Promise<void> {
    const all = await this.o.client.paginate(this.o.client.rest.issues.listLabelsForRepo, {
      owner: this.o.owner,
      repo: this.o.repo,
      per_page: 100,
    });
    this.ids = new Map(all.map((l) => [l.name.toLowerCase(), l.node_id]));
  }

  /** The node id of a label this repository has (createIssue takes ids). */
  id(name: string): string | undefined {
    return this.ids?.get(name.toLowerCase());
  }

  /**
   * Creates the labels of `vocabulary` the repository lacks, one by one, until `stop()` (the first sync has begun).
   * A refusal (a token that may not create labels) ends it: the sync that needs a label meets the error itself.
   */
  async createAhead(vocabulary: readonly string[], stop: () => boolean): Promise<void> {
    for (const name of vocabulary) {
      if (stop()) return;
      if (this.id(name)) continue;
      if (
        !(await this.create(name).then(
          () => true,
          () => false,
        ))
      )
        return;
    }
  }

  /** Creates the labels the repository lacks; one being created ahead is waited for, and created here if that failed. */
  async ensure(names: readonly string[]): Promise<void> {
    for (const name of names) {
      await this.creating.get(name.toLowerCase())?.catch(() => undefined);
      if (!this.id(name)) await this.create(name);
    }
  }

  private create(name: string): Promise<void> {
    const key = name.toLowerCase();
    const known = this.creating.get(key);
    if (known) return known;
    const done = this.createNow(name).finally(() => this.creating.delete(key));
    this.creating.set(key, done);
    return done;
  }

  private async createNow(name: string): Promise<void> {
    const [, color = "ededed", description = ""] = COLORS.find(([re]) => re.test(name)) ?? [];
    const { owner, repo } = this.o;
    const rest = this.o.client.rest;
    let nodeId: string;
    try {
      // A retry after a lost answer meets 422 already_exists, handled below.
      ({
        data: { node_id: nodeId },
      } = await rest.issues.createLabel({ owner, repo, name, color, description, request: { idempotent: true } }));
    } catch (e) {
      // Another run (or a person) created it first: that is what we wanted.
      if (!(httpStatus(e) === 422 && /already_exists/.test(JSON.stringify((e as { response?: { data?: unknown } }).response?.data ?? ""))))
        throw e;
      ({
        data: { node_id: nodeId },
      } = await rest.issues.getLabel({ owner, repo, name }));
    }
    this.ids ??= new Map();
    this.ids.set(name.toLowerCase(), nodeId);
  }
}
