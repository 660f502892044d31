/** The file the runner starts (bundled into dist/index.js): it only calls the action. */
import { runAction } from "./main.js";

await runAction();
