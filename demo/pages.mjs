// The demo store's pages: a category page, a comparison page, product pages, a cart and a thank-you page.
// They carry the markup hooks (data-cp-product, data-cp-compare, data-cp-filter, data-cp-outcome) and load
// the BUILT script-tag file exactly as a marketer would paste it.

const PRODUCTS = [
  { id: 'trail-runner', name: 'Trail Runner 2', price: 129, note: 'Grippy, light, 8 mm drop' },
  { id: 'road-glide', name: 'Road Glide', price: 99, note: 'Cushioned daily trainer' },
  { id: 'summit-pro', name: 'Summit Pro', price: 179, note: 'Waterproof, stiff sole' },
  { id: 'city-walk', name: 'City Walk', price: 79, note: 'Soft knit upper' },
  { id: 'tempo-race', name: 'Tempo Race', price: 149, note: 'Carbon plate' },
  { id: 'easy-day', name: 'Easy Day', price: 89, note: 'Wide toe box' },
];

/** The store's pages, by path (the category page is also served at `/`); `confidence-pulse preview` lists them. */
export const DEMO_PAGES = [
  { path: '/c/shoes', title: 'category page' },
  { path: '/compare', title: 'comparison page' },
  { path: '/p/trail-runner', title: 'product page' },
  { path: '/checkout/cart', title: 'cart' },
  { path: '/checkout/thank-you', title: 'thank-you page' },
];

/** Escapes text for HTML content and attribute values. */
const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The snippet from the README, pointing at this demo's collector. */
const snippet = (endpoint, configUrl) => `
<script src="/stub.js"></script>
<script async src="/confidence-pulse.js" data-endpoint="${endpoint}" data-config="${configUrl}"></script>`;

const layout = ({ title, body, endpoint, configUrl, lang = 'en', pageType }) => `<!doctype html>
<html lang="${lang}"${pageType === undefined ? '' : ` data-cp-page="${escapeHtml(pageType)}"`}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Pulse Shoes (demo)</title>
<link rel="stylesheet" href="/store.css">${snippet(endpoint, configUrl)}
<script defer src="/store.js"></script>
</head>
<body>
<header class="top"><a href="/c/shoes" class="brand">Pulse Shoes</a>
<nav><a href="/c/shoes">Shoes</a> <a href="/compare">Compare</a> <a href="/checkout/cart">Cart</a></nav>
<button type="button" id="reset-visitor" title="Forget this browser's demo visitor, caps and queue">Reset demo visitor</button></header>
<main>${body}
<div data-cp-slot></div></main>
<footer><p>Demo store for Confidence Pulse. Nothing here is real; the survey and the events are.</p></footer>
</body>
</html>`;

const tile = (p) => `<article class="tile" data-cp-product="${p.id}">
  <div class="img" aria-hidden="true"></div>
  <h3><a href="/p/${p.id}">${p.name}</a></h3><p>${p.note}</p><p class="price">€${p.price}</p>
  <label class="cmp"><input type="checkbox" data-cp-compare value="${p.id}"> Compare</label>
  <button type="button" data-add-to-cart data-cp-outcome="add_to_cart">Add to cart</button>
</article>`;

/**
 * Returns the HTML for a path, or undefined for unknown paths. `lang` sets `<html lang>` (the survey's language
 * follows it); `/preview/<type>` is a generic page of any page type, declared with `data-cp-page`.
 */
export function renderPage(path, { endpoint, configUrl, lang }) {
  const language = typeof lang === 'string' && /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(lang) ? lang : 'en';
  const page = (title, body, pageType) => layout({ title, body, endpoint, configUrl, lang: language, pageType });
  if (path.startsWith('/preview/') && path.length > 9) {
    let type;
    try {
      type = decodeURIComponent(path.slice(9));
    } catch {
      return undefined;
    }
    const shown = escapeHtml(type);
    return page(`${shown} (preview)`, `<h1>A "${shown}" page</h1>
<p class="hint">This page declares its type with <code>data-cp-page="${shown}"</code> on <code>&lt;html&gt;</code>, which wins over the URL rules.
On your own site, put that attribute on the <code>&lt;html&gt;</code> or <code>&lt;body&gt;</code> of every "${shown}" page.</p>
<section class="grid">${PRODUCTS.map(tile).join('\n')}</section>
<section class="guide">${'<p>Scroll, wait or compare here to fire the survey\'s trigger as it is configured.</p>'.repeat(24)}</section>`, type);
  }
  if (path === '/' || path === '/c/shoes') {
    return page('Running shoes', `<h1>Running shoes</h1>
<form class="filters" aria-label="Filters">
  <label>Sort <select data-cp-filter name="sort"><option>Popular</option><option>Price, low to high</option><option>Price, high to low</option></select></label>
  <label><input type="checkbox" data-cp-filter name="waterproof"> Waterproof</label>
  <label><input type="checkbox" data-cp-filter name="wide"> Wide fit</label>
</form>
<p class="hint">Scroll half the page, stay 20 active seconds, or tick "Compare" on two shoes: the confidence question appears.</p>
<section class="grid">${[...PRODUCTS, ...PRODUCTS].map(tile).join('\n')}</section>
<section class="guide"><h2>How to choose</h2>${'<p>Cushioning, drop, grip and fit matter more than the brand. Try shoes late in the day, when feet are largest, and leave a thumb\'s width at the toe.</p>'.repeat(6)}</section>
<p><a class="button" href="/compare">Compare selected shoes</a></p>`);
  }
  if (path === '/compare') {
    const rows = PRODUCTS.slice(0, 3);
    return page('Compare', `<h1>Compare shoes</h1>
<table class="compare"><thead><tr><th scope="col">Model</th>${rows.map((p) => `<th scope="col">${p.name}</th>`).join('')}</tr></thead>
<tbody><tr><th scope="row">Price</th>${rows.map((p) => `<td>€${p.price}</td>`).join('')}</tr>
<tr><th scope="row">Notes</th>${rows.map((p) => `<td>${p.note}</td>`).join('')}</tr>
<tr><th scope="row"></th>${rows.map((p) => `<td data-cp-product="${p.id}"><button type="button" data-add-to-cart data-cp-outcome="add_to_cart">Add to cart</button></td>`).join('')}</tr></tbody></table>
<section class="guide">${'<p>Side by side, the differences that matter are easier to see. Grip for trails, cushioning for roads, a plate for racing.</p>'.repeat(14)}</section>`);
  }
  const product = PRODUCTS.find((p) => path === `/p/${p.id}`);
  if (product) {
    return page(product.name, `<h1>${product.name}</h1><div class="hero" data-cp-product="${product.id}"></div>
<p>${product.note}. €${product.price}.</p>
<button type="button" data-add-to-cart data-cp-outcome="add_to_cart">Add to cart</button>
<p><a class="button" href="/checkout/cart">Go to cart</a></p>`);
  }
  if (path === '/checkout/cart') {
    return page('Cart', `<h1>Your cart</h1><p>One pair of Trail Runner 2, €129.</p>
<p><a class="button" id="buy" href="/checkout/thank-you">Buy now</a></p>`);
  }
  if (path === '/checkout/thank-you') {
    return page('Thank you', `<h1>Thank you for your order</h1><p>This page's URL matches the "purchase" outcome rule, so the visit is recorded as converted.</p>`);
  }
  return undefined;
}
