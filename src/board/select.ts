/** Board selection: GitHub Issues (+ Projects) when asked or configured, board.json under OUT otherwise. */
import path from "node:path";
import type { SelectContext } from "../edges.js";
import { UserError } from "../errors.js";
import type { Board } from "./board.js";
import { FileBoard } from "./file-board.js";

export async function selectBoard(choice: "github" | "file" | undefined, ctx: SelectContext): Promise<Board> {
  if (choice === "github") throw new UserError("--board github is not available in this build yet");
  return new FileBoard(path.join(ctx.outDir, "board.json"), ctx.now);
}
