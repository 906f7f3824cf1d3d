// Names in running text, without a title: the twin of server/guard_names.py, which explains the
// steps. Both read web/guard_names.json (name lists from the US SSA and Census, common words
// from SCOWL; licences in its "about") and follow the same steps on the same tokens, so the two
// detectors agree finding for finding (tests/browser/test_guard_parity.py).
//
// The data loads once, as this module is imported (a top-level await): every importer of
// guard.js can call detect() synchronously afterwards.

const DATA = await (await fetch(new URL('./guard_names.json', import.meta.url))).json();

const words = (key) => new Set(DATA[key].split(' ').filter(Boolean));
const LISTS = {
  first: words('first'),
  surname: words('surname'),
  words: words('words'),
  notNames: words('not_names'),
  kin: words('kin'),
  strong: words('strong_before'),
  weak: words('weak_before'),
  kinAfter: words('kin_after'),
  eponymAfter: words('eponym_after'),
  notAfter: words('not_after'),
  notBefore: words('not_before'),
  namesDespite: words('names_despite'),
};

// Keep these byte-for-byte equal to server/guard_names.py.
const L = String.raw`[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f]`;
const TOKEN = new RegExp(String.raw`(?<![0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f'\u2019])${L}+(?:['\u2019\-]${L}+)*`, 'g');
const UP = String.raw`[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f]`;
const LO = String.raw`[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f]`;
const PART = String.raw`${UP}(?:${LO}+(?:${UP}${LO}+)?|['\u2019]${UP}${LO}+)`;
const CAPITALISED = new RegExp(String.raw`^(?:${PART}(?:-${PART})*(?:['\u2019]s)?)$`);
const POSSESSIVE = /['\u2019]s$/;
const APOSTROPHES = /['\u2019]/g;
const ADJACENT = /^(?:,?[ \t\u00a0]+)$/;
const CLOSE = /^(?:[ \t\u00a0]+)$/;
const OBJECTS = new Set(['him', 'her', 'me', 'them', 'as', 'himself', 'herself']);
const MAX_PARTS = 3;

function token(start, end, text) {
  const low = text.toLowerCase();
  const cap = CAPITALISED.test(text);
  const possessive = cap && POSSESSIVE.test(text);
  const bare = possessive ? low.slice(0, -2) : low;
  return { start, end, low, cap, possessive, key: bare.replace(APOSTROPHES, '') };
}

const parts = (key) => key.split('-');
const isFirst = (key) => LISTS.first.has(key) || (key.includes('-') && parts(key).every((p) => LISTS.first.has(p)));
const isSurname = (key) => LISTS.surname.has(key) || (key.includes('-') && parts(key).some((p) => LISTS.surname.has(p)));
const isWord = (key) => parts(key).every((p) => LISTS.words.has(p));
const isExcluded = (key) => parts(key).some((p) => LISTS.notNames.has(p));

class Text {
  constructor(text) {
    this.text = text;
    this.tokens = [...text.matchAll(TOKEN)].map((m) => token(m.index, m.index + m[0].length, m[0]));
  }

  joined(i, j, gap) {
    if (i < 0 || j >= this.tokens.length) return false;
    return gap.test(this.text.slice(this.tokens[i].end, this.tokens[j].start));
  }

  eponym(i) {
    const tok = this.tokens[i];
    if (!tok.possessive) return false;
    if (LISTS.notNames.has(tok.key)) return true;
    return i + 1 < this.tokens.length && this.joined(i, i + 1, CLOSE) && LISTS.eponymAfter.has(this.tokens[i + 1].key);
  }

  strongCue(i) {
    if (!this.joined(i - 1, i, ADJACENT)) return false;
    const prev = this.tokens[i - 1].low;
    if (LISTS.kin.has(prev) || LISTS.strong.has(prev)) return true;
    return OBJECTS.has(prev) && this.joined(i - 2, i - 1, CLOSE) && LISTS.strong.has(this.tokens[i - 2].low);
  }

  weakCue(i) {
    return this.joined(i - 1, i, CLOSE) && LISTS.weak.has(this.tokens[i - 1].low);
  }

  goodSurname(j, strict) {
    if (j >= this.tokens.length || !this.joined(j - 1, j, CLOSE)) return false;
    const tok = this.tokens[j];
    const prev = this.tokens[j - 1];
    if (prev.possessive || !tok.cap || isExcluded(tok.key) || this.eponym(j)) return false;
    if (strict) return (isSurname(tok.key) || isFirst(tok.key)) && !isWord(tok.key);
    return isSurname(tok.key) || isFirst(tok.key) || !isWord(tok.key);
  }

  startsName(i) {
    const tok = this.tokens[i];
    if (!tok.cap || this.eponym(i)) return false;
    if (this.joined(i - 1, i, CLOSE) && LISTS.notBefore.has(this.tokens[i - 1].key)) return false;
    if (LISTS.notBefore.has(tok.key)) return false;
    const known = isFirst(tok.key);
    const word = isWord(tok.key);
    const excluded = isExcluded(tok.key);
    if (this.strongCue(i)) {
      if (known && (!excluded || LISTS.namesDespite.has(tok.key))) return true;
      if (!(word || excluded)) return true;
    }
    if (excluded) return false;
    if (tok.possessive && i + 1 < this.tokens.length && this.joined(i, i + 1, CLOSE)) {
      if (LISTS.kinAfter.has(this.tokens[i + 1].low) && (known || !word)) return true;
    }
    if (known && !word) return true;
    if (known && (this.weakCue(i) || this.goodSurname(i + 1, true))) return true;
    return !word && this.goodSurname(i + 1, true) && isSurname(this.tokens[i + 1].key);
  }

  placeFollows(j) {
    if (!this.joined(j, j + 1, CLOSE)) return false;
    const next = this.tokens[j + 1];
    return next.cap && LISTS.notAfter.has(next.key);
  }

  names() {
    const found = [];
    let i = 0;
    while (i < this.tokens.length) {
      if (!this.startsName(i)) { i += 1; continue; }
      let j = i;
      while (j - i + 1 < MAX_PARTS && this.goodSurname(j + 1, false)) j += 1;
      if (!this.placeFollows(j)) found.push([this.tokens[i].start, this.tokens[j].end]);
      i = j + 1;
    }
    return found;
  }
}

/** Spans [start, end] of names in running text (guard.js's rules find those after titles). */
export function findNames(text) {
  return new Text(text).names();
}
