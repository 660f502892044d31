/** A claim write that DynamoDB applied but whose answer was lost (the SDK retries it) is still this run's claim. */
import { PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLAIM_TIMEOUT_MS, type Claim } from "../../src/audit/audit-log.js";
import { DynamoDbAuditLog } from "../../src/audit/dynamodb.js";
import { startDynamo, type LocalDynamo } from "../helpers/aws-local.js";
import { AUDIT_TABLE } from "./fixture.js";

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynamo();
  await dynamo.createTable(AUDIT_TABLE);
});
afterAll(async () => {
  await dynamo?.stop();
});

const T0 = Date.parse("2026-11-25T12:00:00Z");
const claim = (reportId: string): Claim => ({ reportId, role: "cfo", period: "2026-W48", scope: "all", startedAt: new Date(T0).toISOString(), force: false });

/** The SDK's behaviour on a timeout / 5xx after DynamoDB applied the write: the same request is sent again. */
function replayOnce(match: (cmd: unknown) => boolean) {
  let armed = true;
  return {
    send: async (cmd: never, ...rest: never[]) => {
      if (armed && match(cmd)) {
        armed = false;
        await dynamo.client.send(cmd); // applied; the response never arrives
      }
      return dynamo.client.send(cmd, ...rest);
    },
  };
}

describe("DynamoDB claim with a lost response", () => {
  it("the first claim PutItem: the run must not skip its own claim", async () => {
    const log = new DynamoDbAuditLog(replayOnce((c) => c instanceof PutItemCommand && c.input.ConditionExpression === "attribute_not_exists(pk)") as never, AUDIT_TABLE, () => new Date(T0));

    // and the report id stays blocked by a claim nobody holds for 15 minutes (a weekly schedule sends nothing that week).
    expect(await log.claim(claim("r.lost-put"))).toMatchObject({ claimed: true });
  });

  it("the takeover UpdateItem: likewise", async () => {
    let now = T0;
    const first = new DynamoDbAuditLog(dynamo.client, AUDIT_TABLE, () => new Date(now));
    await first.claim(claim("r.lost-update")); // crashes
    now = T0 + CLAIM_TIMEOUT_MS + 1000;
    const next = new DynamoDbAuditLog(replayOnce((c) => c instanceof UpdateItemCommand && /attempt = :prev/.test(c.input.ConditionExpression ?? "")) as never, AUDIT_TABLE, () => new Date(now));
    expect(await next.claim(claim("r.lost-update"))).toMatchObject({ claimed: true });
  });
});
