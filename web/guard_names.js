// Names in running text, without a title: the twin of server/guard_names.py, which explains the
// steps; the questions asked of the words around each token are in guard_cues.js, the name data's
// in guard_lists.js. All read web/guard_names.json (name lists from the US SSA and Census, common
// words from SCOWL; licences in its "about") and follow the same steps on the same tokens as
// Python, so the two detectors agree finding for finding (tests/browser/test_guard_parity.py).
//
// guard.js fetches the data while the modules load and hands it over with useNameData() before
// anyone can call detect().
import {
  CLOSE, COMMA, Context, DETERMINERS, DISEASE, AT_ON, HONORIFICS, PARTICLES, TITLES,
} from './guard_cues.js';
import {
  APOSTROPHES, LISTS, isExcluded, isFirst, isSurname, isWord,
} from './guard_lists.js';

export { brandSpans, listed, titledThing, useNameData } from './guard_lists.js';

// Keep these byte-for-byte equal to server/guard_names.py.
const HAS_APOSTROPHE = /['\u2019]/;
const TRAILING = /^(?:['\u2019]?[ \t\u00a0]+)$/;
const LIST_GOES_ON = /^(?:[ \t\u00a0]*(?:[,.;!?]|$)|[ \t\u00a0]+and[ \t\u00a0])/;
const ASCII = /^(?:[A-Za-z'\u2019\-]+)$/;
const DOTTED = /^(?:\.[ \t\u00a0]+)$/;
const INITIAL = /^[A-Z]$/;
const MAX_PARTS = 4;

class Text extends Context {
  afterParticles(j) {
    let k = j;
    while (k < j + 2 && PARTICLES.has(this.low(k)) && this.joined(k - 1, k, CLOSE)) k += 1;
    if (k === j || !this.joined(k - 1, k, CLOSE)) return -1;
    const tok = this.tokens[k];
    return tok.cap && !isExcluded(tok.key) ? k : -1;
  }

  initial(i) {
    const tok = this.tokens[i];
    if (tok.end - tok.start !== 1 || !INITIAL.test(this.text[tok.start])) return false;
    if (!this.joined(i, i + 1, DOTTED)) return false;
    const next = this.tokens[i + 1];
    if (!next.cap || isExcluded(next.key)) return false;
    return isSurname(next.key) || !isWord(next.key);
  }

  startsName(i) {
    const tok = this.tokens[i];
    if (this.blocked[i]) return false;
    if (!tok.cap) return this.initial(i) || this.lowerName(i);
    // "Hospice was full": a place word starts no name.
    if (this.eponym(i) || LISTS.notBefore.has(tok.key) || LISTS.notAfter.has(tok.key)) return false;
    // "calls him Mo", "Cushing is his surname": named, whatever else the word is; but "she called me
    // Doctor", "There was his name" name nobody.
    if ((isFirst(tok.key) || isSurname(tok.key) || !isWord(tok.key))
      && (isSurname(tok.key) || !isExcluded(tok.key)) // "Cushing", not "Covid"
      && !(TITLES.has(tok.low) || this.personNoun(i))
      && this.namingCue(i)) return true;
    // "reflect on Stuart, whom", "the one I keep coming back to is Florence": a known first name, or a
    // word no list knows, where only a person goes.
    if ((isFirst(tok.key) || !(this.wordlike(i) || LISTS.proper.has(tok.key)))
      && (isFirst(tok.key) || !isExcluded(tok.key))
      && this.personSlot(i)) return true;
    if (this.joined(i - 1, i, CLOSE)) {
      const prev = this.tokens[i - 1].key;
      if (prev === 'the' && (this.family(i) || this.familyNamed(i))) return true;
      // "Mother Teresa", "Father Ted" name nobody here; "his mother Hortense" does.
      if (LISTS.notBefore.has(prev) && !this.kinOwned(i - 1)) return false;
      // "in Preston", "on Yasmin"; but "into Gareth Pryce", "in Amy's room"; "angry at Brian".
      const atPerson = AT_ON.has(prev) && isFirst(tok.key) && !this.wordlike(i);
      if (LISTS.drugBefore.has(prev) && !tok.possessive && !atPerson && !this.goodSurname(i + 1, false)) return false;
    }
    const known = isFirst(tok.key);
    const word = this.wordlike(i);
    const excluded = isExcluded(tok.key);
    if (this.strongCue(i)) {
      if (known && (!excluded || LISTS.namesDespite.has(tok.key))) return true;
      if (!(word || excluded || LISTS.proper.has(tok.key))) return true;
      // "her granddaughter Sydney": a first name that is also a place, after kin someone has.
      if (known && this.kinOwned(i - 1) && this.joined(i - 1, i, CLOSE)) return true;
    }
    // "her boyfriend, Jordan, wouldn't", "the cleaner, Lourdes": named right after a noun for a
    // person, between commas or at the clause's end, whatever else the word is.
    if ((known || !(word || excluded || LISTS.proper.has(tok.key))) && this.namedAfter(i)) return true;
    // "thanks Fola", "I think you put it perfectly there, Mo": who a message thanks or speaks to.
    if ((known || !(word || excluded || LISTS.proper.has(tok.key))) && this.addressed(i)) return true;
    // "June said", "May Tsang" are people, "in June" stays a month.
    if (excluded) {
      // "Paris is a 19 year old", "Chelsea had been drinking".
      if (this.sentenceStart(i) && this.describedStrictly(i)) return true;
      return LISTS.namesDespite.has(tok.key) && (this.verbAfter(i, LISTS.personVerbsStrong) || this.goodSurname(i + 1, true));
    }
    if (tok.possessive && this.joined(i, i + 1, CLOSE)) {
      if (LISTS.kinAfter.has(this.low(i + 1)) && (known || !word)) return true;
    }
    if (known && !word) return true;
    if (known && (this.weakCue(i) || this.goodSurname(i + 1, true))) return true;
    if (known && this.verbAfter(i, LISTS.personVerbsStrong)) return true;
    // "Bill is a heartsink" opening a sentence or what was said or thought ("my trainer said Bill is").
    if (known && (this.sentenceStart(i) || this.reported(i)) && this.describedAsPerson(i)) return true;
    // "Mercy Owusu was": a first name and a surname that is no word before a verb ("Love Island was").
    if (known && this.surnameNoWord(i + 1) && this.verbAfter(i, LISTS.personVerbs)) return true;
    if (known && (this.appositive(i) || this.ageAfter(i))) return true; // "Daisy, 90, still gardens"
    if (known && !isWord(tok.key) && this.describes(i)) return true; // "Beverley from the church"
    if (known && LISTS.towns.has(tok.key) && this.verbAfter(i, LISTS.personVerbs)) return true; // "Kimberley has"
    // "Hargreaves is back on the list", "Pemberton's INR was 6": a listed surname that no first name,
    // word or place is, opening a sentence before a verb or owning something.
    if (this.sentenceStart(i) && this.surnameOpens(i)) return true;
    if (word || LISTS.proper.has(tok.key)) return false; // "Lagos", "Swansea": no person without a cue
    // "his Fitbit": a thing he has (a listed name passes: "our Kylie"); but "that Seun had" is a person.
    if (this.joined(i - 1, i, CLOSE) && DETERMINERS.has(this.low(i - 1))) {
      if (!(this.low(i - 1) === 'that' && this.verbAfter(i, LISTS.personVerbs))) return false;
    }
    // "the NHS App", "Bupa Cromwell": the second word of a thing's name.
    if (this.properCompound(i)) return false;
    // A capitalised word with a letter no English word has ("Siân", "Nguyễn"), in no list of words
    // or places once its accents are off.
    if (!ASCII.test(this.text.slice(tok.start, tok.end)) && !LISTS.kin.has(tok.key)) {
      // Opening a sentence, only before a verb ("Siân was"; "Déjà vu" is French).
      if (!this.sentenceStart(i) || this.verbAfter(i, LISTS.personVerbs)) return true;
    }
    if (this.personCue(i) || this.appositive(i)) return true;
    if (tok.possessive && this.owned(i)) return true; // "it was Hadiza's third miscarriage"
    if (this.verbAfter(i, LISTS.personVerbsStrong)) return true;
    // "Covid was", "Derriford is": at a sentence's start a plain "is" or "was" after a word no list
    // knows is evidence only as people are described ("X is the son"), or after a second name.
    if (this.sentenceStart(i)) {
      if (this.describedAsPerson(i) || (this.goodSurname(i + 1, false) && this.verbAfter(i, LISTS.personVerbs))) return true;
    } else if (this.verbAfter(i, LISTS.personVerbs)) return true;
    if (this.startOfDescription(i) || this.ageAfter(i)) return true;
    // Mid-sentence, a word no list knows after a preposition people follow, or before "and I".
    if (this.unknownCue(i) || this.givenTo(i)) return true;
    if (this.afterParticles(i + 1) >= 0) return true;
    if (this.goodSurname(i + 1, true) && isSurname(this.tokens[i + 1].key)) return true;
    // Two capitalised words no list knows, side by side, not opening a sentence: a first name
    // and a surname the lists lack.
    return !this.sentenceStart(i) && this.unknownPair(i);
  }

  unknownPair(i) {
    if (!this.joined(i, i + 1, CLOSE) || this.tokens[i].possessive) return false;
    const next = this.tokens[i + 1];
    if (!next.cap || this.blocked[i + 1] || this.eponym(i + 1)) return false;
    const key = next.key;
    return !(this.wordlike(i + 1) || LISTS.proper.has(key) || isExcluded(key)
      || LISTS.notAfter.has(key) || LISTS.notBefore.has(key));
  }

  extend(i) {
    let j = i;
    for (let parts = 1; parts < MAX_PARTS; parts += 1) {
      const k = this.afterParticles(j + 1);
      if (k >= 0) j = k;
      else if (j + 1 < this.tokens.length && this.goodSurname(j + 1, false)) j += 1;
      else break;
    }
    return j;
  }

  placeFollows(j) {
    if (!this.joined(j, j + 1, TRAILING)) return false;
    const next = this.tokens[j + 1];
    const gap = this.text.slice(this.tokens[j].end, next.start);
    if ((this.tokens[j].possessive || HAS_APOSTROPHE.test(gap)) && !next.cap) return false;
    // "Ramsay Hunt syndrome", "Stevens-Johnson syndrome": an eponym without its "'s".
    return LISTS.notAfter.has(next.key) || (!/^['\u2019]/.test(gap) && DISEASE.has(next.key));
  }

  lead(i) {
    if (!this.joined(i - 1, i, CLOSE)) return i;
    const low = this.low(i - 1);
    return TITLES.has(low) || (HONORIFICS.has(low) && this.tokens[i - 1].cap) ? i - 1 : i;
  }

  names() {
    const spans = [];
    let i = 0;
    while (i < this.tokens.length) {
      if (!this.startsName(i)) { i += 1; continue; }
      // "J. Whitworth": the name goes on past the initial's full stop.
      const j = this.extend(this.initial(i) ? i + 1 : i);
      if (!this.placeFollows(j)) spans.push([this.lead(i), j]);
      i = j + 1;
    }
    const taken = new Set(spans.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, k) => a + k)));
    const more = [];
    for (const [a, b] of spans) {
      const after = b + 2;
      const before = a - 2;
      if (this.low(b + 1) === 'and' && this.joined(b, b + 1, CLOSE)
          && after < this.tokens.length && this.joined(b + 1, after, CLOSE)
          && !taken.has(after) && this.joins(after)) {
        const last = this.extend(after);
        if (!this.placeFollows(last)) more.push([after, last]); // "Helen and Douglas House"
      }
      if (this.low(a - 1) === 'and' && this.joined(a - 1, a, CLOSE)
          && before >= 0 && this.joined(before, a - 1, CLOSE)
          && !taken.has(before) && this.joins(before)) more.push([before, before]);
    }
    // "Usman, Bilqis, Idris": a word between two names in a list is one too.
    const ordered = [...spans].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    for (let n = 0; n + 1 < ordered.length; n += 1) {
      const b = ordered[n][1];
      const a2 = ordered[n + 1][0];
      const k = b + 1;
      if (a2 === k + 1 && this.joined(b, k, COMMA) && this.joined(k, a2, COMMA) && this.joins(k)) more.push([k, k]);
    }
    // "Yetunde, Folake, Bisi": the list goes on, to its end or to the next comma or "and".
    for (const [, b] of ordered) {
      let k = b + 1;
      while (k < this.tokens.length && this.joined(k - 1, k, COMMA) && this.joins(k)) {
        const { end } = this.tokens[k];
        if (!(k + 1 === this.tokens.length || LIST_GOES_ON.test(this.text.slice(end)))) break;
        if (!taken.has(k)) more.push([k, k]);
        k += 1;
      }
    }
    // Python: sorted(set(spans + more)), pairs compared element by element.
    const unique = new Map([...spans, ...more].map(([a, b]) => [`${a},${b}`, [a, b]]));
    const found = [...unique.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    return found.map(([a, b]) => [this.tokens[a].start, this.tokens[b].end]);
  }
}

/** Spans [start, end] of names in running text (guard.js's rules find those after titles). */
export function findNames(text) {
  return new Text(text).names();
}
