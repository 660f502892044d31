/**
 * Dev tooling: opens rendered email HTML in Debian's Chromium (playwright-core) to screenshot it,
 * measure overflow and run axe-core. Not imported by the pipeline, so it never reaches dist/.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Where a Chromium is looked for: CHROMIUM_PATH, Debian's package, then Google Chrome (GitHub's Ubuntu runners have it). */
export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return [
    ...(env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : []),
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
  ];
}

/** The first Chromium found, or undefined. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return chromiumCandidates(env).find((p) => existsSync(p));
}

export const CHROMIUM_PATH = findChromium() ?? "/usr/bin/chromium";

// Quiet, offline, reproducible: no GPU, no QUIC, no first-run UI, no background fetches.
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** True when a Chromium is installed where the preview and the browser tests look for it. */
export function chromiumAvailable(): boolean {
  return findChromium() !== undefined;
}

export interface PageMetrics {
  width: number;
  /** document.documentElement.scrollWidth: above `width` means the reader scrolls sideways. */
  scrollWidth: number;
  bodyScrollWidth: number;
  height: number;
  /** Requests the page tried to make (an email must load nothing). */
  requests: string[];
}

/** Where elements sit on the first screen: their top and bottom in CSS px from the top of the page. */
export interface FirstScreen {
  width: number;
  height: number;
  boxes: Record<string, { top: number; bottom: number } | null>;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

export interface EmailBrowser {
  /** Loads the HTML at a viewport width, optionally screenshots the full page, and reports overflow. */
  measure(html: string, opts: { width: number; dark?: boolean; screenshot?: string }): Promise<PageMetrics>;
  /**
   * Loads the HTML in a phone-sized viewport and reports where the elements with the given ids sit (to check
   * what a reader sees without scrolling); optionally screenshots just that first screen.
   */
  firstScreen(
    html: string,
    opts: { width: number; height: number; dark?: boolean; ids: string[]; screenshot?: string },
  ): Promise<FirstScreen>;
  /** Runs axe-core on the HTML (tags: WCAG 2.x A/AA and best practices) and returns its violations. */
  axe(html: string, opts?: { width?: number; dark?: boolean; disableRules?: string[]; onlyRules?: string[] }): Promise<AxeViolation[]>;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** Starts Chromium with a fresh user-data dir; every request from a page is blocked and recorded. */
export async function openEmailBrowser(executablePath = CHROMIUM_PATH): Promise<EmailBrowser> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), "exec-reports-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 600, height: 800 },
      offline: true,
    });
  } catch (e) {
    await rm(userDataDir, { recursive: true, force: true });
    throw e;
  }
  const axeSource = (require("axe-core") as { source: string }).source;

  async function load(html: string, width: number, dark = false, height = 800): Promise<{ page: Page; requests: string[] }> {
    const page = await context.newPage();
    const requests: string[] = [];
    await page.route("**/*", (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: dark ? "dark" : "light" });
    await page.setContent(html, { waitUntil: "load" });
    return { page, requests };
  }

  return {
    async measure(html, opts) {
      const { page, requests } = await load(html, opts.width, opts.dark);
      try {
        // Strings, not functions: this package compiles without the DOM lib.
        const m = await page.evaluate<{ scrollWidth: number; bodyScrollWidth: number; height: number }>(
          "({ scrollWidth: document.documentElement.scrollWidth, bodyScrollWidth: document.body.scrollWidth, height: document.documentElement.scrollHeight })",
        );
        if (opts.screenshot) await page.screenshot({ path: opts.screenshot, fullPage: true });
        return { width: opts.width, ...m, requests };
      } finally {
        await page.close();
      }
    },
    async firstScreen(html, opts) {
      const { page } = await load(html, opts.width, opts.dark, opts.height);
      try {
        const ids = JSON.stringify(opts.ids);
        const boxes = await page.evaluate<FirstScreen["boxes"]>(
          `Object.fromEntries(${ids}.map((id) => { const el = document.getElementById(id); if (!el) return [id, null]; const r = el.getBoundingClientRect(); return [id, { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY }]; }))`,
        );
        if (opts.screenshot) await page.screenshot({ path: opts.screenshot, fullPage: false });
        return { width: opts.width, height: opts.height, boxes };
      } finally {
        await page.close();
      }
    },
    async axe(html, opts = {}) {
      const { page } = await load(html, opts.width ?? 600, opts.dark);
      try {
        await page.addScriptTag({ content: axeSource });
        const disable = Object.fromEntries((opts.disableRules ?? []).map((r) => [r, { enabled: false }]));
        const runOnly = opts.onlyRules
          ? { type: "rule", values: opts.onlyRules }
          : { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] };
        const options = { runOnly, rules: disable };
        type Raw = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };
        const violations = await page.evaluate<Raw[]>(`axe.run(document, ${JSON.stringify(options)}).then((r) => r.violations)`);
        return violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
      } finally {
        await page.close();
      }
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
