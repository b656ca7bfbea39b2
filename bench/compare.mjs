// compare.mjs URL_A URL_B BODY...: posts each request body to both servers
// and checks that they answer the same, after normalising what may
// legitimately differ: cursors (opaque, each server its own) and the order
// of lists that are not pages (a page's edges keep their order). Exits 1 on
// any difference or error.
import { readFileSync } from "node:fs";

const [a, b, ...bodies] = process.argv.slice(2);

function normalise(v, key) {
  if (Array.isArray(v)) {
    const items = v.map((x) => normalise(x));
    if (key === "edges") return items;
    return items.map((x) => JSON.stringify(x)).sort().map((x) => JSON.parse(x));
  }
  if (v && typeof v === "object") {
    const out = {};
    for (const k of Object.keys(v).sort()) {
      if (k === "cursor" || k === "endCursor") continue;
      out[k] = normalise(v[k], k);
    }
    return out;
  }
  return v;
}

async function post(url, body) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  const json = await res.json();
  if (res.status !== 200 || json.errors) throw new Error(`${url}: HTTP ${res.status} ${JSON.stringify(json.errors ?? json).slice(0, 300)}`);
  return json.data;
}

let failed = false;
for (const file of bodies) {
  const body = readFileSync(file, "utf8");
  try {
    const [x, y] = await Promise.all([post(a, body), post(b, body)]);
    const nx = JSON.stringify(normalise(x)), ny = JSON.stringify(normalise(y));
    if (nx !== ny) {
      failed = true;
      let i = 0;
      while (i < nx.length && nx[i] === ny[i]) i++;
      console.log(`DIFFER ${file} at ${i}:\n  A …${nx.slice(Math.max(0, i - 80), i + 120)}\n  B …${ny.slice(Math.max(0, i - 80), i + 120)}`);
    } else {
      console.log(`same   ${file} (${nx.length} bytes normalised)`);
    }
  } catch (e) {
    failed = true;
    console.log(`ERROR  ${file}: ${e.message}`);
  }
}
process.exit(failed ? 1 : 0);
