/**
 * What one GitHub write costs the client itself: sequential POSTs to a loopback server that answers at once, through
 * bare Octokit and through the production client (createGitHubClient: the request rules of src/github/pacing.ts,
 * write spacing 0). The difference sits on every request of the bench's serial write chain.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Octokit } from "@octokit/rest";
import { createGitHubClient } from "../../src/github/client.js";
import { memoryLogger } from "../../src/shared/logger.js";

export interface ClientOverhead {
  /** Median milliseconds a POST, request to answer, with no injected latency. */
  bareOctokitMs: number;
  productionClientMs: number;
  requests: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export async function measureClientOverhead(requests = 60, warmUp = 10): Promise<ClientOverhead> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(201, { "content-type": "application/json" });
      res.end('{"id":1,"name":"x"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const time = async (post: () => Promise<unknown>) => {
    const ms: number[] = [];
    for (let i = 0; i < warmUp + requests; i++) {
      const t = performance.now();
      await post();
      if (i >= warmUp) ms.push(performance.now() - t);
    }
    return Math.round(median(ms) * 10) / 10;
  };
  try {
    const bare = new Octokit({ baseUrl, auth: "bench" });
    const client = createGitHubClient({ token: "bench", baseUrl, log: memoryLogger(), writeSpacingMs: 0 });
    const route = "POST /repos/{owner}/{repo}/labels" as const;
    const args = { owner: "bench-org", repo: "ops", name: "x" };
    return {
      bareOctokitMs: await time(() => bare.request(route, args)),
      productionClientMs: await time(() => client.request(route, args)),
      requests,
    };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}
