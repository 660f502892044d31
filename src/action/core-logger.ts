/** The pipeline's Logger on @actions/core: warnings and errors become annotations, secrets are masked by the runner. */
import * as core from "@actions/core";
import type { Logger } from "../shared/logger.js";

/** Logger that writes through @actions/core. */
export function coreLogger(): Logger {
  return {
    info: (m) => core.info(m),
    warn: (m) => core.warning(m),
    error: (m) => core.error(m),
    debug: (m) => core.debug(m),
    secret: (v) => {
      if (v) core.setSecret(v);
    },
  };
}
