/**
 * Where an archived report lives: `archive/<period>/<audience>.{json,md,html}` under the run's output folder
 * offline (out/archive/) and at the root of the archive branch, and where its page lives on the static site.
 */
import { checkAudienceId, checkPeriodLabel } from "./model.js";

/** The folder that holds the archive, under OUT and on the archive branch. */
export const ARCHIVE_DIR = "archive";

export const ARCHIVE_FORMATS = ["json", "md", "html"] as const;
export type ArchiveFormat = (typeof ARCHIVE_FORMATS)[number];

/** Matches an archived file anywhere in a path: groups are period, audience id and format. */
export const ARCHIVE_FILE_RE = /(?:^|\/)archive\/(\d{4}-(?:W\d{2}|\d{2}|Q[1-4]))\/([a-z0-9][a-z0-9-]{0,63})\.(json|md|html)$/;

/** The archived files of one report, as POSIX paths relative to OUT (or to the archive branch's root). */
export function archiveRelPaths(period: string, audienceId: string): Record<ArchiveFormat, string> {
  const base = `${ARCHIVE_DIR}/${checkPeriodLabel(period)}/${checkAudienceId(audienceId)}`;
  return { json: `${base}.json`, md: `${base}.md`, html: `${base}.html` };
}

const trimSlash = (s: string) => s.replace(/\/+$/, "");

/** The static site's page of one report (what a link-only email links to): BASE/<period>/<audience>.html. */
export function reportPageUrl(siteBase: string, period: string, audienceId: string): string {
  return `${trimSlash(siteBase)}/${checkPeriodLabel(period)}/${checkAudienceId(audienceId)}.html`;
}

/** The static site's trend page of one audience: BASE/trends/<audience>.html. */
export function trendPageUrl(siteBase: string, audienceId: string): string {
  return `${trimSlash(siteBase)}/trends/${checkAudienceId(audienceId)}.html`;
}
