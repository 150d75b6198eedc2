/** The stand-in's hosted pages (Checkout, 3-D Secure): plain HTML forms marked as test mode, like Stripe's. */
import { escapeHtml } from '../escape-html';

export { escapeHtml };

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f6f9fc;color:#1a1f36}
main{max-width:28rem;margin:0 auto;padding:1.5rem}
.test{background:#ffde92;color:#5d3b00;font-weight:600;text-align:center;padding:.35rem;font-size:.85rem}
h1{font-size:1.35rem}label{display:block;margin:.9rem 0 .3rem;font-weight:600}
input{font-size:1.1rem;padding:.6rem;width:100%;box-sizing:border-box;border:1px solid #8792a2;border-radius:6px}
button{margin-top:1.2rem;font-size:1.1rem;padding:.7rem 1rem;width:100%;border:0;border-radius:6px;background:#635bff;color:#fff}
button.secondary{background:#e3e8ee;color:#1a1f36}.row{display:flex;gap:.8rem}.row>div{flex:1}
.error{background:#fde2dd;color:#9c2400;padding:.7rem;border-radius:6px}
table{font-size:.85rem;border-collapse:collapse;margin-top:1.5rem}td{padding:.2rem .5rem .2rem 0}
a{color:#635bff}`;

export function stripePage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><div class="test" role="note">TEST MODE: Stripe stand-in on this machine</div><main>${body}</main></body></html>`;
}
