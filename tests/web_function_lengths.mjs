// Lines per function in the web client (house rule: none over ~80), without a JS parser:
// strings, templates, comments and regex literals are skipped; a `{` opens a function body after
// `=>`, or after `)` whose `(` follows `function` or a name that is not a keyword (a method).
// Usage: node tests/web_function_lengths.mjs [--max N] web/*.js  (run by test_web_function_lengths.py)
import { readFileSync } from 'node:fs';

const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'return', 'typeof', 'await', 'of', 'in']);
const REGEX_BEFORE = new Set([...'(,=:[!&|?{};+-*%<>~^']);

function functions(src) {
  const out = [];
  const braces = [];   // {isFn, line, name}
  const parens = [];   // open indexes
  const openOf = new Map(); // close index -> open index
  const templ = [];    // brace depth at each ${ in a template
  let line = 1;
  let lastSig = '';    // last significant char
  let lastSigIdx = -1;
  let lastWord = '';
  const code = [];     // significant chars with their source index
  let i = 0;
  const n = src.length;
  function readTemplate() { // at first char after ` or after } closing ${
    while (i < n) {
      const c = src[i];
      if (c === '\n') line++;
      if (c === '\\') { i += 2; continue; }
      if (c === '`') { i++; return; }
      if (c === '$' && src[i + 1] === '{') { i += 2; templ.push(braces.length); braces.push({ tmpl: true }); return; }
      i++;
    }
  }
  while (i < n) {
    const c = src[i];
    if (c === '\n') { line++; i++; continue; }
    if (/\s/.test(c)) { i++; continue; }
    if (c === '/' && src[i + 1] === '/') { while (i < n && src[i] !== '\n') i++; continue; }
    if (c === '/' && src[i + 1] === '*') { const e = src.indexOf('*/', i + 2); for (let k = i; k < e; k++) if (src[k] === '\n') line++; i = e + 2; continue; }
    if (c === '"' || c === "'") {
      i++;
      while (i < n && src[i] !== c) { if (src[i] === '\\') i++; i++; }
      i++; lastSig = 'x'; lastWord = ''; continue;
    }
    if (c === '`') { i++; readTemplate(); lastSig = 'x'; lastWord = ''; continue; }
    if (c === '/' && (REGEX_BEFORE.has(lastSig) || lastSig === '' || KEYWORDS.has(lastWord))) {
      i++;
      let cls = false;
      while (i < n) { const d = src[i]; if (d === '\\') { i += 2; continue; } if (d === '[') cls = true; else if (d === ']') cls = false; else if (d === '/' && !cls) break; i++; }
      i++; while (/[a-z]/i.test(src[i] || '')) i++;
      lastSig = 'x'; lastWord = ''; continue;
    }
    if (/[A-Za-z_$0-9]/.test(c)) {
      let j = i; while (j < n && /[A-Za-z_$0-9]/.test(src[j])) j++;
      lastWord = src.slice(i, j); code.push([lastWord, i]); lastSig = 'w'; i = j; continue;
    }
    if (c === '(') parens.push(code.length);
    if (c === ')') openOf.set(code.length, parens.pop());
    if (c === '{') {
      let fn = null;
      const prev = code[code.length - 1];
      const prev2 = code[code.length - 2];
      if (prev && prev[0] === '>' && prev2 && prev2[0] === '=') fn = 'arrow';
      else if (prev && prev[0] === ')') {
        const open = openOf.get(code.length - 1);
        const before = code[open - 1];
        const before2 = code[open - 2];
        if (before && before[0] === 'function') fn = 'function';
        else if (before && /^[A-Za-z_$]/.test(before[0]) && !KEYWORDS.has(before[0])) {
          fn = before2 && before2[0] === 'function' ? before[0] : before[0];
        }
      }
      if (fn === 'arrow' || fn === 'function') {
        // name: `name = (...) =>` / `name: function` / `const name = async (...) =>`
        let k = code.length - 1;
        while (k > 0 && code[k][0] !== '=' && code[k][0] !== ':' && code[k][0] !== ';' && code[k][0] !== '{' && code.length - k < 60) {
          if (code[k][0] === ')') { const o = openOf.get(k); if (o === undefined) break; k = o; }
          k--;
        }
        if (code[k] && code[k][0] === 'function') fn = 'function';
        else if (code[k] && (code[k][0] === '=' || code[k][0] === ':') && code[k - 1] && /^[A-Za-z_$]/.test(code[k - 1][0])) fn = code[k - 1][0];
        else fn = `<${fn}>`;
      }
      braces.push({ fn, line });
    } else if (c === '}') {
      const b = braces.pop();
      if (b && b.tmpl) { templ.pop(); i++; readTemplate(); lastSig = 'x'; lastWord = ''; continue; }
      if (b && b.fn) out.push({ name: b.fn, start: b.line, lines: line - b.line + 1 });
    }
    code.push([c, i]);
    lastSig = c; lastWord = '';
    i++;
  }
  return out;
}

const args = process.argv.slice(2);
let max = 0;
if (args[0] === '--max') { max = Number(args[1]); args.splice(0, 2); }
const rows = [];
for (const f of args) for (const fn of functions(readFileSync(f, 'utf8'))) rows.push({ file: f, ...fn });
rows.sort((a, b) => b.lines - a.lines);
for (const r of rows) if (r.lines > max) console.log(`${String(r.lines).padStart(4)}  ${r.file}:${r.start}  ${r.name}`);
