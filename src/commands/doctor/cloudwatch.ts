/** CloudWatch billing metrics: the CTO's AWS spend reads AWS/Billing EstimatedCharges, which exists only in us-east-1. */
import { type CloudWatchClient, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { awsFix, type CheckLine, fail, pass } from "./check.js";

/** ListMetrics AWS/Billing EstimatedCharges on a us-east-1 client. */
export async function billingMetricsCheck(usEast1: Pick<CloudWatchClient, "send">): Promise<CheckLine> {
  const what = "CloudWatch billing metrics (AWS/Billing EstimatedCharges, us-east-1)";
  try {
    let count = 0;
    let token: string | undefined;
    do {
      const out = await usEast1.send(
        new ListMetricsCommand({ Namespace: "AWS/Billing", MetricName: "EstimatedCharges", ...(token ? { NextToken: token } : {}) }),
      );
      count += out.Metrics?.length ?? 0;
      token = out.NextToken;
    } while (token && count < 500);
    if (count === 0)
      return fail(
        `${what}: none found`,
        "turn on billing metrics in the payer account (Billing and Cost Management → Billing preferences → Receive CloudWatch billing alerts); the first data points appear within a few hours",
      );
    return pass(`${what}: ${count} series`);
  } catch (e) {
    return fail(what, awsFix(e, "cloudwatch:ListMetrics (and cloudwatch:GetMetricData for the reports)"));
  }
}
