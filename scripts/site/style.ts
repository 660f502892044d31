/** Colours and the navigation bar: also added to an archived email's page, whose own styles stay untouched. */
export const NAV_CSS = `
:root{color-scheme:light dark;--bg:#f4f6f9;--fg:#1f2933;--muted:#4a5561;--card:#ffffff;--line:#d5dbe2;--accent:#1f5fbf;--link:#174ea6;--bad:#a61b1b;--good:#1b6e34;--target:#a61b1b}
@media (prefers-color-scheme:dark){:root{--bg:#0f1720;--fg:#e4e9ef;--muted:#b6c0ca;--card:#17212b;--line:#33414f;--accent:#8ab4f8;--link:#8ab4f8;--bad:#ff8a80;--good:#6fcf86;--target:#ff8a80}}
.xr-skip{position:absolute;left:-999px}
.xr-skip:focus{left:8px;top:8px;background:var(--card);padding:4px 8px;z-index:2}
.xr-nav{background:var(--card);border-bottom:1px solid var(--line);padding:10px 0;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--fg)}
.xr-nav ul{list-style:none;margin:0 auto;padding:0 16px;max-width:1100px;display:flex;flex-wrap:wrap;gap:4px 18px}
.xr-nav a{color:var(--link)}
.xr-nav a[aria-current]{color:var(--fg);text-decoration:none;font-weight:600}
`;

/** The site's one stylesheet, inlined in every page (no request): system fonts, light and dark, fluid down to 320 px. */
export const SITE_CSS = `${NAV_CSS}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
a{color:var(--link)}
a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
main.xr{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:1.6rem;line-height:1.25;margin:8px 0 4px}
h2{font-size:1.25rem;margin:0 0 6px}
.muted{color:var(--muted)}
.cards{display:grid;gap:16px;grid-template-columns:repeat(auto-fill,minmax(min(100%,20rem),1fr));margin-top:16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;min-width:0}
.card h2 a{text-decoration:none}
.kpis{list-style:none;padding:0;margin:8px 0}
.kpis li{display:flex;justify-content:space-between;gap:12px;border-top:1px solid var(--line);padding:5px 0}
.kpis .v{font-variant-numeric:tabular-nums;text-align:right;white-space:nowrap}
.bad{color:var(--bad)}
.good{color:var(--good)}
.periods{list-style:none;padding:0;margin:8px 0 0;display:flex;flex-wrap:wrap;gap:4px 12px}
figure{margin:0}
figcaption{font-weight:600}
figcaption .muted{font-weight:400}
svg.chart{display:block;width:100%;height:auto;max-width:560px;margin:8px 0;color:var(--fg);font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
svg .grid{stroke:var(--line);stroke-width:1}
svg .tick{fill:var(--muted)}
svg .series{fill:none;stroke:var(--accent);stroke-width:2.5;stroke-linejoin:round;stroke-linecap:round}
svg .point{fill:var(--accent);stroke:var(--card);stroke-width:1.5}
svg .target{stroke:var(--target);stroke-width:1.5;stroke-dasharray:5 4}
svg .target-label{fill:var(--target)}
details{margin-top:4px}
summary{cursor:pointer;color:var(--link)}
table.values{border-collapse:collapse;width:100%;margin-top:6px;font-variant-numeric:tabular-nums}
table.values th,table.values td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:left}
table.values td{text-align:right}
.badge{display:inline-block;font-size:.8rem;border:1px solid var(--line);border-radius:10px;padding:0 8px;margin-left:6px;color:var(--muted);font-weight:400}
.md{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 16px;overflow-wrap:anywhere}
.md table{border-collapse:collapse;width:100%;table-layout:fixed}
.md th,.md td{border:1px solid var(--line);padding:4px 8px}
`;
