// The guard's name data, web/guard_names.json, and the questions web/guard_names.js and
// web/guard_cues.js ask of it: is this a first name, a surname, a common word, a word that is never a
// name, a shop or a place of more than one word. The twin of server/guard_lists.py.
//
// guard.js fetches the data while the modules load and hands it over with useNameData() before
// anyone can call detect().
const KEYS = ['first', 'surname', 'words', 'proper', 'not_names', 'kin', 'strong_before', 'weak_before',
  'kin_after', 'eponym_after', 'not_after', 'not_before', 'names_despite', 'person_before',
  'person_verbs', 'person_verbs_strong', 'not_lower', 'drug_before', 'brands', 'unknown_before', 'towns', 'places'];

const EMPTY = Object.fromEntries(KEYS.map((k) => [k, '']));

// The four long lists stay as they came, one front-coded string each (bench/make_guard_names.py:
// sorted buckets of words separated by spaces; in a bucket, the first word in full, then each
// word as a capital, how many letters it shares with the word before, A for none, and the rest),
// and are searched in place: a binary search for the bucket, then a walk through its few words.
// Building Sets of 95,000 strings took 110-180 ms here; unpacking them, 10 ms more to receive.
const A = 65;
const Z = 90;

// Where the bucket starting at `start` has its first word's end.
function headEnd(text, start) {
  let end = start;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === 32 || (c >= A && c <= Z)) break;
    end += 1;
  }
  return end;
}

function inBucket(text, start, key) {
  let at = headEnd(text, start);
  let word = text.slice(start, at);
  while (true) {
    if (word === key) return true;
    if (word > key || at >= text.length || text.charCodeAt(at) === 32) return false;
    const shared = text.charCodeAt(at) - A;
    const restEnd = headEnd(text, at + 1);
    word = word.slice(0, shared) + text.slice(at + 1, restEnd);
    at = restEnd;
  }
}

function packedList(text) {
  return {
    has(key) {
      // The last bucket whose first word is not after the key (code-unit order, as Python's
      // for the lists' plain ASCII).
      let found = -1;
      let lo = 0;
      let hi = text.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const start = text.lastIndexOf(' ', mid) + 1;
        let end = text.indexOf(' ', start);
        if (end < 0) end = text.length;
        const head = text.slice(start, headEnd(text, start));
        if (head === key) return true;
        if (head < key) {
          found = start;
          lo = end + 1;
        } else hi = start - 1;
      }
      return found >= 0 && inBucket(text, found, key);
    },
  };
}

function readLists(DATA) {
  const words = (key) => new Set(DATA[key].split(' ').filter(Boolean));
  return {
    first: packedList(DATA.first),
    surname: packedList(DATA.surname),
    words: packedList(DATA.words),
    proper: packedList(DATA.proper),
    notNames: words('not_names'),
    kin: words('kin'),
    strong: words('strong_before'),
    weak: words('weak_before'),
    kinAfter: words('kin_after'),
    eponymAfter: words('eponym_after'),
    notAfter: words('not_after'),
    notBefore: words('not_before'),
    namesDespite: words('names_despite'),
    personBefore: words('person_before'),
    personVerbs: words('person_verbs'),
    personVerbsStrong: words('person_verbs_strong'),
    notLower: words('not_lower'),
    drugBefore: words('drug_before'),
    unknownBefore: words('unknown_before'),
    towns: words('towns'),
    brands: DATA.brands.split('|').filter(Boolean),
    // "hong kong", "milton keynes": places of more than one word, matched token by token.
    places: new Set(DATA.places.split('|').filter(Boolean)),
  };
}

// Keep these byte-for-byte equal to server/guard_lists.py.
const L = String.raw`[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]`;
export const TOKEN = new RegExp(String.raw`(?<![0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff'\u2019])${L}+(?:['\u2019\-]${L}+)*`, 'g');
export const APOSTROPHES = /['\u2019]/g;

const escapeLiteral = (s) => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
// ASCII-only and case-insensitive (the `i` flag without `u`), as guard_names.py's re.ASCII.
const brandsPattern = (brands) => (brands.length
  ? new RegExp(`(?<![A-Za-z])(?:${brands.map(escapeLiteral).join('|')})(?![A-Za-z])`, 'gi')
  : null);

export let LISTS = readLists(EMPTY);
let BRANDS = null;
export let PLACE_WORDS = 0;

/** Take the parsed web/guard_names.json (or null when it could not be fetched). Without its data
 * the guard still finds every identifier but names without titles: a failed fetch must never stop
 * the app that imports it from starting. */
export function useNameData(data) {
  const usable = data !== null && typeof data === 'object' && KEYS.every((k) => typeof data[k] === 'string');
  if (!usable) console.warn('The confidentiality guard could not read its name lists.');
  LISTS = readLists(usable ? data : EMPTY);
  BRANDS = brandsPattern(LISTS.brands);
  PLACE_WORDS = Math.max(0, ...[...LISTS.places].map((p) => p.split(' ').length));
}

// Letters that have no accent to take off, as the lists (ASCII) spell them.
const PLAIN = { ł: 'l', ø: 'o', đ: 'd', ð: 'd', þ: 'th', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', ħ: 'h', ŧ: 't', ŋ: 'n' };
const COMBINING = /[\u0300-\u036f]/g;
const NOT_PLAIN = /[łøđðþßæœıħŧŋ]/g;
const IS_ASCII = /^[\x00-\x7f]*$/;

// "zoltán" -> "zoltan", "małgorzata" -> "malgorzata": the lists' spelling.
export function fold(key) {
  if (IS_ASCII.test(key)) return key;
  return key.normalize('NFD').replace(COMBINING, '').replace(NOT_PLAIN, (c) => PLAIN[c]);
}

const parts = (key) => key.split('-');
export const isFirst = (key) => LISTS.first.has(key) || (key.includes('-') && parts(key).every((p) => LISTS.first.has(p)));
export const isSurname = (key) => LISTS.surname.has(key) || (key.includes('-') && parts(key).some((p) => LISTS.surname.has(p)));
export const isWord = (key) => parts(key).every((p) => LISTS.words.has(p));
// "Parkinsons", "Aspergers", "Sainsburys": the possessive typed without its apostrophe.
export const isExcluded = (key) => parts(key).some((p) => LISTS.notNames.has(p) || (p.endsWith('s') && LISTS.notNames.has(p.slice(0, -1))));

/** "Dr YouTube": a title before one word that names a thing, no person ("Mrs English" stays). */
export function titledThing(span) {
  const words = span.match(TOKEN) || [];
  if (words.length !== 2 || words[0].toLowerCase() !== 'dr') return false; // "Mrs Crohn" is someone
  const key = fold(words[1].toLowerCase().replace(APOSTROPHES, ''));
  return LISTS.notNames.has(key) && !LISTS.surname.has(key) && !LISTS.namesDespite.has(key);
}

/** Where shops, charities and hospitals named after people are: [start, end] pairs. */
export function brandSpans(text) {
  return BRANDS ? [...text.matchAll(BRANDS)].map((m) => [m.index, m.index + m[0].length]) : [];
}

/** Whether one of the long lists ("first", "surname", "words", "proper") holds `key`, for the
 * test that holds the packed search to Python's sets (tests/browser/test_guard_parity.py). */
export const listed = (list, key) => LISTS[list].has(key);
