/** The one stylesheet (served at /static/site.css): readable on a phone (the Alexa app opens these pages), large targets, visible focus. */
export const SITE_CSS = `
:root{--green:#1d6b45;--ink:#16221b;--muted:#55645b;--line:#cfd8d2;--bg:#f5f8f6;--error:#a0261b}
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
header{background:var(--green);color:#fff}
header .bar{max-width:40rem;margin:0 auto;padding:.75rem 1rem;display:flex;align-items:center;justify-content:space-between;gap:1rem}
header a{color:#fff;font-weight:700;text-decoration:none}
header form{margin:0}header button{background:transparent;color:#fff;border:1px solid #fff;padding:.35rem .8rem;min-height:auto;width:auto;margin:0}
main{max-width:40rem;margin:0 auto;padding:1rem 1rem 3rem;overflow-wrap:anywhere}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:0 0 .5rem}
section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:1rem;margin:0 0 1rem}
label{display:block;font-weight:600;margin:.9rem 0 .3rem}
.hint{color:var(--muted);font-size:.95rem;margin:.2rem 0}
input[type=email],input[type=password],input[type=text],input[inputmode=numeric],textarea{width:100%;font:inherit;padding:.65rem;border:1px solid #7d8c83;border-radius:6px;background:#fff}
textarea{min-height:4.5rem}
button,.button{display:inline-block;font:inherit;font-weight:600;min-height:2.9rem;padding:.6rem 1.1rem;margin:.9rem .5rem 0 0;border-radius:6px;border:2px solid var(--green);background:var(--green);color:#fff;text-decoration:none;cursor:pointer}
button.secondary,.button.secondary{background:#fff;color:var(--green)}
button.danger{background:var(--error);border-color:var(--error)}
:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
.notice{background:#e4f2ea;border-left:4px solid var(--green);padding:.7rem 1rem;margin:0 0 1rem}
.error{background:#fbe9e7;border-left:4px solid var(--error);padding:.7rem 1rem;margin:0 0 1rem}
.field-error{color:var(--error);font-weight:600;margin:.25rem 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:.5rem 0}dt{color:var(--muted)}dd{margin:0}
ul.orders{list-style:none;padding:0;margin:0}ul.orders>li{border-top:1px solid var(--line);padding:.75rem 0}
.status{font-weight:700}.inline{display:inline}
footer{max-width:40rem;margin:0 auto;padding:0 1rem 2rem;color:var(--muted);font-size:.9rem}
`;
