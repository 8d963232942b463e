// Usage (outside the test run): npm install citeproc, then
//   node scripts/cite_golden_citeproc.js tests/golden/styles/items.json > rendered.json
// Renders every CSL-JSON item alone (a one-item bibliography) in each official style.
const fs = require('fs');
const CSL = require('citeproc');
const dir = __dirname + '/../tests/golden/styles/csl/';
const locale = fs.readFileSync(dir + 'locales-en-US.xml', 'utf8');
const items = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const byId = Object.fromEntries(items.map((i) => [i.id, i]));
const styles = { apa: 'apa', mla: 'modern-language-association', chicago: 'chicago-author-date' };
const out = {};
for (const [name, file] of Object.entries(styles)) {
  const style = fs.readFileSync(dir + file + '.csl', 'utf8');
  const sys = { retrieveLocale: () => locale, retrieveItem: (id) => byId[id] };
  const engine = new CSL.Engine(sys, style, 'en-US');
  engine.setOutputFormat('text');
  out[name] = {};
  for (const item of items) {
    engine.updateItems([item.id]);
    const [, entries] = engine.makeBibliography();
    out[name][item.id] = entries.join('').trim();
  }
}
console.log(JSON.stringify(out, null, 1));
