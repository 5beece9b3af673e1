// HTML report: the page's one inline stylesheet (no external fonts or resources; prints on paper too).

/**
 * Test sections and trace figures use `content-visibility: auto`: the browser lays out only what is on screen, which
 * takes the corpus report's open time in headless chromium from about 1.5 s to under 0.5 s (bench/report.ts).
 */
export const STYLE = `
:root{--fg:#1d2329;--mute:#5b6670;--line:#d5dbe1;--bg:#fff;--panel:#f6f8fa;
--viol:#b71c1c;--viol-bg:#fbe3e1;--bad:#a84300;--bad-bg:#fdebd0;--clean:#1b5e20;--clean-bg:#e2f2e3;
--err:#5e2b85;--err-bg:#efe3f6;--mono:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:var(--bg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
main{max-width:1480px;margin:0 auto;padding:20px 24px 80px}
h1{font-size:22px;margin:0 0 2px}h2{font-size:18px;margin:0}h3{font-size:15px;margin:0}
h2,h3{font-family:var(--mono);font-weight:600;word-break:break-word}
a{color:#1f5fa8}code,pre,.mono{font-family:var(--mono);font-size:12.5px}
pre{background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:8px 10px;overflow:auto;margin:6px 0;line-height:1.35}
.sub{color:var(--mute);margin:0 0 14px}
.toolbar{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:10px 0 18px}
button{font:inherit;font-size:12px;padding:2px 8px;border:1px solid var(--line);border-radius:4px;background:#fff;cursor:pointer}
button:hover{background:var(--panel)}
.legend{display:flex;gap:14px;flex-wrap:wrap;color:var(--mute);font-size:12px;align-items:center}
.legend svg{vertical-align:middle}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-2px;margin-right:4px;border:1px solid rgba(0,0,0,.15)}
.lk-mtx{background:#6a3fb5}.lk-flock{background:#e07b00}.lk-other{background:#90a4ae}.lk-viol{background:#fbe3e1;border-color:#e53935}
.vdocs dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:4px 0 0;font-size:12.5px}
.vdocs dt{font-family:var(--mono);font-weight:600}.vdocs dd{margin:0;color:var(--mute)}
.sumh{font-family:inherit;font-size:15px;margin:18px 0 4px}
table{border-collapse:collapse}
.matrix-wrap{max-width:100%;overflow-x:auto}
@media (max-width:900px){main{padding:12px}.matrix td{min-width:88px}.matrix tbody th{min-width:120px}}
.matrix{margin:8px 0 6px;font-size:13px}.herd7{max-width:980px;margin:2px 0 8px}
.matrix th,.matrix td{border:1px solid var(--line);padding:0}
.matrix thead th{background:var(--panel);padding:6px 10px;font-family:var(--mono);font-weight:600}
.matrix tbody th{text-align:left;padding:6px 10px;font-weight:500;max-width:360px}
.matrix tbody th a{color:var(--fg);text-decoration:none}.matrix tbody th a:hover{text-decoration:underline}
.matrix td{min-width:120px;max-width:200px;vertical-align:top}
.matrix tbody th{min-width:200px}
.matrix td a{display:block;padding:6px 10px;text-decoration:none;color:inherit;height:100%}
.matrix td a:hover{outline:2px solid var(--fg);outline-offset:-2px}
.matrix .n{display:block;font-size:11px;color:var(--mute)}
.matrix td.none{color:var(--mute);text-align:center;padding:6px 10px}
.sev-violation{background:var(--viol-bg);color:var(--viol)}
.sev-bad{background:var(--bad-bg);color:var(--bad)}
.sev-clean{background:var(--clean-bg);color:var(--clean)}
.sev-error{background:repeating-linear-gradient(135deg,var(--err-bg) 0 6px,#fff 6px 12px);color:var(--err)}
.v{font-weight:700}
.badge{display:inline-block;border-radius:3px;padding:0 6px;font-size:11.5px;font-family:var(--mono);border:1px solid transparent;white-space:nowrap;vertical-align:1px}
.badge.k{background:var(--viol-bg);color:var(--viol);border-color:#f2b8b3}
.badge.obs{background:#eceff1;color:#37474f;border-color:#b0bec5}
.viol.obs{border-color:#cfd8dc;background:#fafbfc}
.timeline .viol-mark.obs .viol-label{fill:#455a64}.viol-band.obs,.viol-mark.obs .viol-band{fill:#607d8b;stroke:#607d8b}
.badge.bad{background:var(--bad-bg);color:var(--bad);border-color:#f3c58f}
.badge.only{background:#e5eefb;color:#1f4f8a;border-color:#b9cdec}
.badge.info{background:var(--panel);color:var(--mute);border-color:var(--line)}
.badge.mono,.badge.only{white-space:normal;overflow-wrap:anywhere}.outcomes td code{overflow-wrap:anywhere}
.tok button{flex:none;white-space:nowrap}
.test{border-top:3px solid var(--fg);margin-top:36px;padding-top:10px}
.desc{margin:4px 0 8px;color:var(--mute);max-width:980px}
.diff{margin:8px 0;font-size:13px}
.diff td,.diff th{border:1px solid var(--line);padding:4px 8px;vertical-align:top;text-align:left}
.diff th{background:var(--panel);font-weight:600}
.diff ul{margin:0;padding-left:16px}
.cell{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:4px;margin:16px 0;padding:10px 14px}
.cell.sev-violation{border-left-color:var(--viol);background:#fff;color:inherit}
.cell.sev-bad{border-left-color:var(--bad);background:#fff;color:inherit}
.cell.sev-clean{border-left-color:#43a047;background:#fff;color:inherit}
.cell.sev-error{border-left-color:var(--err);background:#fff;color:inherit}
.cell>header{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.facts{color:var(--mute);font-size:12.5px}
.cond{margin:8px 0;padding:6px 10px;background:var(--panel);border-radius:4px;font-size:13px}
.expect{margin:6px 0;padding-left:18px;font-size:13px}.expect .ok{color:var(--clean);font-weight:600}
.expect .fail{color:var(--viol);font-weight:600}.expect .unk{color:var(--mute);font-weight:600}
.cond .ok{color:var(--clean);font-weight:600}.cond .fail{color:var(--viol);font-weight:600}
.outcomes{width:100%;margin:8px 0;font-size:13px}
.outcomes th,.outcomes td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
.outcomes th{font-size:12px;color:var(--mute);font-weight:600}
.outcomes td.num{text-align:right;font-family:var(--mono)}
.outcomes tr.is-viol td:first-child{box-shadow:inset 3px 0 var(--viol)}
.outcomes tr.is-bad td:first-child{box-shadow:inset 3px 0 var(--bad)}
.outcomes tr.is-match td:first-child{box-shadow:inset 3px 0 #78909c}
.badge.match{background:#eef2f5;color:#37474f;border-color:#b0bec5}
.tok{display:inline-flex;gap:6px;align-items:center;max-width:100%}
/* A token is one line: the rest is elided on screen, but select-all and the copy button take the whole token. */
.tok code{font-size:11px;color:var(--mute);user-select:all;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;min-width:0;max-width:46ch}
.outcomes .tok code{max-width:30ch}
.viol{border:1px solid #f2b8b3;border-radius:4px;margin:10px 0;padding:8px 12px;background:#fffafa}
.viol h4{margin:0 0 4px;font-size:14px;font-family:var(--mono)}
.viol pre{background:#fff}
.errors{color:var(--err);font-family:var(--mono);font-size:12.5px}
figure.trace{margin:14px 0;border:1px solid var(--line);border-radius:4px;padding:8px 10px;background:#fff}
.more{margin:-6px 0 14px;font-size:12.5px}.more ul{margin:4px 0;padding-left:18px}.more li{margin:3px 0}
.more li:target{outline:2px solid #f9a825}
.marks{margin:2px 0 8px;padding-left:18px;font-size:12.5px}
figure.trace figcaption{display:flex;gap:10px;flex-wrap:wrap;align-items:baseline;font-size:13px;margin-bottom:6px}
.scroll{overflow-x:auto;border:1px solid var(--line);border-radius:3px;background:#fff}
.scroll svg{display:block}.scroll{position:relative}
.guide{position:absolute;top:0;bottom:0;pointer-events:none;background:rgba(31,95,168,.09);border-left:1px solid rgba(31,95,168,.5)}
.guide::after{content:attr(data-step);position:absolute;top:2px;left:3px;font:10px var(--mono);color:#1f5fa8;white-space:nowrap}
summary{cursor:pointer;color:var(--mute);font-size:12.5px;margin:6px 0}
summary:hover{color:var(--fg)}
.stepbox{max-height:520px;overflow:auto;border:1px solid var(--line);border-radius:3px}
pre.steps{margin:0;border:0;font-size:11.5px;line-height:1.4;background:#fff}
pre.steps b{position:sticky;top:0;display:block;background:var(--panel);font-weight:600}
pre.steps mark{display:block;background:var(--viol-bg);color:var(--viol);font-weight:600}
pre.steps mark.obs{background:#eceff1;color:#37474f}
pre.steps mark:target,.flash{outline:2px solid #f9a825}
.timeline text,.refcounts text{font-family:var(--mono);font-size:10px;fill:#1d2329}
.timeline .lane-bg,.refcounts .rc-bg{fill:#fff}.timeline .lane-bg.odd{fill:#f7f9fb}
.timeline .lane-name,.refcounts .lane-name{font-size:11.5px;font-weight:700}
.timeline .lane-sub,.refcounts .lane-sub{fill:#5b6670;font-size:10px}
.timeline .grid{stroke:#e6eaee;fill:none}.timeline .tick-minor{stroke:#c7cfd6;fill:none}.timeline .tick{fill:#5b6670}
.timeline .lane-sep{stroke:#c7cfd6}
.timeline .span rect{stroke:rgba(0,0,0,.22);stroke-width:.6}
.timeline .span:hover rect{stroke:#000;stroke-width:1.2}
.timeline .span .gap{stroke:#8896a3;stroke-dasharray:1 3;fill:none}
.timeline .span .leader{stroke:#8896a3;stroke-width:.7;fill:none}.timeline .span text.under{fill:#37474f;paint-order:stroke;stroke:#fff;stroke-width:3px}
.timeline .ret path{stroke:#0d47a1;stroke-width:1.4;fill:none}.timeline .ret text{fill:#0d47a1;font-weight:700}
.refcounts .ret-line line{stroke:#0d47a1;stroke-width:1.2;stroke-dasharray:4 3}
.timeline .lock rect{fill:#90a4ae}.timeline .lock text{fill:#fff;font-size:8.5px}
.timeline .lock-mtx rect{fill:#6a3fb5}.timeline .lock-flock rect{fill:#e07b00}
.timeline .lock.open rect{stroke:#000;stroke-dasharray:3 2}
.mk-get{fill:#2e7d32}.mk-resurrect{fill:#d32f2f;stroke:#000;stroke-width:1}.mk-put{fill:#1f5fa8}
.mk-lastput{fill:#0d2f5c;stroke:#000;stroke-width:.8}.mk-fput{fill:#d84315}.mk-free{stroke:#000;stroke-width:2;fill:none}
.mk-wake{fill:#f9c02d;stroke:#8a6d00}.timeline .mk-sleep{fill:#5b6670;font-weight:700}
.timeline .run{opacity:.85}
.timeline .clock line{stroke:#00838f;stroke-dasharray:4 3}
.viol-band{fill:#e53935;fill-opacity:.13;stroke:#e53935;stroke-opacity:.55;stroke-width:.8}
.timeline .viol-label{fill:#b71c1c;font-weight:700}
.timeline .bad-step{fill:none;stroke:#b71c1c;stroke-width:2}.timeline .bad-step.obs{stroke:#607d8b}
.refcounts .rc-grid{stroke:#e6eaee}.refcounts .rc-zero{stroke:#8896a3}
.refcounts .rc-tick{fill:#5b6670;text-anchor:end}
.refcounts .rc-line{fill:none;stroke:#1d2329;stroke-width:1.6}
.refcounts .rc-pt{stroke-width:1.2}.refcounts .rc-pt.resurrect{stroke:#000}
.refcounts .rc-freed rect{fill:#eceff1;fill-opacity:.75}.refcounts .rc-freed text{fill:#5b6670}
.refcounts .rc-alert{fill:#b71c1c;font-weight:700}
.test{content-visibility:auto;contain-intrinsic-size:auto 2400px}
figure.trace{content-visibility:auto;contain-intrinsic-size:auto 640px}
@media print{.toolbar,button{display:none}.scroll{overflow:visible}.test,figure.trace{content-visibility:visible}}
`;
