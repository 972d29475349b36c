/**
 * The report's stylesheet, served as `/assets/report.css` (an external file, so the page's CSP needs no
 * `unsafe-inline`). Laptop and phone: cards and charts wrap into one column under 720 px, wide tables
 * scroll inside their box instead of widening the page.
 */
export const REPORT_CSS = `:root{color-scheme:light;--ink:#1b1f24;--muted:#5b6470;--line:#d9dee4;--bg:#f6f7f9;--card:#fff;--accent:#1d4ed8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.8rem clamp(.8rem,3vw,2rem);background:var(--card);border-bottom:1px solid var(--line)}
h1{font-size:1.25rem;margin:0}
h2{font-size:1.15rem;margin:0 0 .6rem}
h3{font-size:1rem;margin:1.2rem 0 .3rem}
main{max-width:1200px;margin:0 auto;padding:1rem clamp(.8rem,3vw,2rem) 2rem}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem;margin:0 0 1rem}
.actions{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center}
.actions a,.buttons a{color:var(--accent)}
.actions form{margin:0}
a:focus-visible,button:focus-visible,select:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:.6rem;align-items:end;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.8rem 1rem;margin:0 0 1rem}
.filters .field{display:flex;flex-direction:column;gap:.2rem;min-width:0}
.filters label{font-size:.8rem;color:var(--muted)}
input,select,button{font:inherit;min-height:2.25rem;border:1px solid #aeb6bf;border-radius:6px;padding:.25rem .5rem;background:#fff;color:var(--ink);max-width:100%}
button{background:var(--accent);border-color:var(--accent);color:#fff;font-weight:600;cursor:pointer;padding:.25rem .9rem}
button.quiet{background:#fff;color:var(--accent)}
.buttons{display:flex;gap:.8rem;align-items:center}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:.6rem}
.card{border:1px solid var(--line);border-radius:8px;padding:.6rem .7rem;display:flex;flex-direction:column;gap:.1rem;min-width:0}
.card .label{font-size:.8rem;color:var(--muted)}
.card .value{font-size:1.45rem;font-variant-numeric:tabular-nums}
.card .detail{font-size:.75rem;color:var(--muted)}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));gap:1rem}
figure{margin:.6rem 0;min-width:0}
figcaption{font-weight:600;font-size:.9rem;margin-bottom:.3rem}
.chart{position:relative;height:260px}
.table{overflow-x:auto;margin:.4rem 0 .8rem}
table{border-collapse:collapse;width:100%;font-size:.88rem}
caption{text-align:left;font-weight:600;padding:.2rem 0 .4rem}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
td{font-variant-numeric:tabular-nums;white-space:nowrap}
td.text{white-space:normal;min-width:14rem;overflow-wrap:anywhere}
thead th{vertical-align:bottom}
details{margin:.4rem 0}
.install pre{white-space:pre-wrap;word-break:break-all;background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:.5rem;font-size:.8rem}
#survey-problems ul{margin:.4rem 0 0;padding-left:1.2rem;font-weight:400}
summary{cursor:pointer;color:var(--accent);padding:.3rem 0}
tbody th{font-weight:500}
.note,.empty,footer{color:var(--muted);font-size:.85rem}
footer{max-width:1200px;margin:0 auto;padding:0 clamp(.8rem,3vw,2rem) 2rem}
.error{color:#a4161a;font-weight:600}
.verdict{font-size:1.15rem;font-weight:600;margin:.2rem 0 .6rem;padding:.6rem .8rem;border-radius:8px;border-left:6px solid}
.verdict.yes{background:#ecfdf3;border-color:#15803d;color:#14532d}
.verdict.no{background:#f4f4f5;border-color:#52525b;color:#27272a}
.verdict.wait{background:#fffbeb;border-color:#b45309;color:#78350f}
.facts{margin:0;padding-left:1.2rem}
.facts li{margin:.15rem 0}
.banner{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.8rem 1rem;margin:0 0 1rem;font-size:1rem}
.sign-in main{max-width:420px;margin:12vh auto}
.sign-in form{display:flex;flex-direction:column;gap:.8rem;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1.2rem}
.sign-in label{display:flex;flex-direction:column;gap:.3rem}
.sign-in form p{margin:0}
@media (max-width:720px){.chart{height:220px}.card .value{font-size:1.25rem}section{padding:.8rem}}
`;
