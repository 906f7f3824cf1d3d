// The confidentiality guard in the browser: find patient identifiers before a message is sent.
//
// This is the twin of server/guard.py; the two must return the same findings for the same text
// (tests/vectors/guard/ and tests/browser/test_guard_parity.py hold them to it). The design
// notes, the deliberate choices and the reasons for each pattern live in guard.py's docstrings;
// the pattern strings below are copied from there verbatim. They use only syntax that means the
// same in both engines: explicit ASCII classes, one-character lookbehinds instead of \b, no \s,
// and the `i` flag (without `u`) only on ASCII-only patterns, because that folds ASCII letters
// only, as Python's re.ASCII | re.IGNORECASE does.
//
// Offsets are JavaScript string indices (UTF-16 code units), ready for slice() and for
// setSelectionRange(); for text without astral characters (emoji) they equal Python's.

// The name finder and its data load side by side, in the background, from the moment this
// module is evaluated (web/index.html asks for both with the page): nothing here waits for
// them, so neither does the app that imports this module. detect() needs them; `ready` says
// when they are in, and the composer's and the notes' first check waits for it (guard_ui.js).
// bench/guard_report.py --browser measures the time from import to the first check;
// bench/guard_load_profile.py shows where it goes.
// The name finder is asked for first, then the data: on loopback the two arrive about together.
const LOAD_START = performance.now();
const SAMPLE = 'Her daughter Chloe rang Mrs Kaur, DOB 03/04/1961, NHS 943 476 5919, 07700 900123, ' +
  'MRN K123456, SW1A 1AA.';
let dataIn = false;
const namesLoading = import('/static/guard_names.js').then((names) => {
  // Run while the data is still on its way, as ours is (warmUp below); twice, since V8 compiles
  // a pattern to machine code only on its second run.
  later(() => { if (!dataIn) { names.findNames(SAMPLE); names.findNames(SAMPLE); } });
  return names;
});
const nameDataLoading = fetchNameData();
// From guard_names.js, once it is in (`ready`); until then, stand-ins for the warm-up below.
let brandSpans = () => [];
let findNames = () => [];
let titledThing = () => false;
let loaded = false;

async function fetchNameData() {
  try {
    const response = await fetch(new URL('./guard_names.json', import.meta.url));
    if (!response.ok) throw new Error(`guard_names.json: ${response.status}`);
    const data = await response.json();
    dataIn = true;
    return data;
  } catch (err) {
    console.warn('The confidentiality guard could not load its name lists.', err);
    return null;
  }
}

export const KINDS = Object.freeze({
  nhs_number: 'NHS number',
  email: 'email address',
  phone: 'phone number',
  date: 'possible date of birth',
  postcode: 'postcode',
  patient_number: 'patient or hospital number',
  name: 'name',
});

// Overlaps: the longer span wins, then the kind earlier in KINDS, then the earlier start.
const PRIORITY = Object.fromEntries(Object.keys(KINDS).map((kind, rank) => [kind, rank]));

const SP = String.raw`[ \t\u00a0]`;
const NA = String.raw`(?![0-9A-Za-z])`;
const NB = String.raw`(?<![0-9A-Za-z])`;
const MONTH =
  String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?` +
  String.raw`|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![A-Za-z])\.?`;
const YEAR4 = String.raw`((?:1[89]|20)[0-9]{2})`;
const UP = String.raw`[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u1e00-\u1eff]`;
const LO = String.raw`[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u1e00-\u1eff]`;
const APOS = String.raw`['\u2019]`;
const PART = `${UP}(?:${LO}+(?:${UP}${LO}+)?|${APOS}${UP}${LO}+)`;
const WORD = `${PART}(?:-${PART})*`;
const CAPS =
  String.raw`(?!(?:DOB|NHS|MRN|GP|TEL|DR|MR|MRS)(?![A-Z]))` +
  `${UP}(?:${UP}+|${APOS}${UP}{2,})(?:-${UP}{2,})*`;
const INITIALS = String.raw`(?:${UP}\.?${SP}+){0,3}`;
const PARTICLES = String.raw`(?:(?:van|von|de|der|den|du|da|di|la|le|al|el|ap|bin|\u00d3)${SP}+){0,2}`;
const NAME_TC = `${PARTICLES}${WORD}(?:${SP}+${PARTICLES}${WORD}){0,2}`;
const PARTICLES_CAPS = String.raw`(?:(?:VAN|VON|DE|DER|DEN|DU|DA|DI|LA|LE|AL|EL|AP|BIN|\u00d3)${SP}+){0,2}`;
const NAME_CAPS = `${CAPS}(?:${SP}+${PARTICLES_CAPS}${CAPS}){0,2}`;
const NAME = `(${INITIALS}(?:${NAME_TC}|${NAME_CAPS}))`;
// How often a drug is taken, in capitals: "MR BD" is a tablet, not Mr BD.
const DOSING = String.raw`(?:BD|TDS|TID|OD|QDS|QID|ON|OM|PRN|STAT|NOCTE|MANE)(?![A-Za-z])`;
const NOT_A_DAY =
  String.raw`(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Christmas|Easter)` +
  String.raw`(?![a-z]))`;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The modulus-11 check digit for nine digits, or null when none exists (remainder gives 10). */
export function nhsCheckDigit(firstNine) {
  let total = 0;
  for (let i = 0; i < 9; i += 1) total += Number(firstNine[i]) * (10 - i);
  const check = 11 - (total % 11);
  if (check === 11) return 0;
  return check === 10 ? null : check;
}

/** True if `digits` is exactly ten ASCII digits whose last digit is the modulus-11 check. */
export function isValidNhsNumber(digits) {
  if (!/^[0-9]{10}$/.test(digits)) return false;
  return nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

const validDay = (day, month) =>
  month >= 1 && month <= 12 && Number(day) >= 1 && Number(day) <= DAYS_IN_MONTH[month - 1];
const monthNumber = (name) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

// Validators take the match (index 0 the whole match, unmatched groups undefined) and return
// the kind to report or null to drop it; each mirrors the function of the same name in guard.py.
const ORDINALS = (
  'first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth ' +
  'thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth ' +
  'thirtieth'
).split(' ');
const ORDINAL_WORDS = ORDINALS.join('|');
const DIGIT_SAID = '(?:[0-9]|zero|oh|one|two|three|four|five|six|seven|eight|nine)';
// A digit that is not 0, written or said ("four").
const NONZERO = /[1-9]|one|two|three|four|five|six|seven|eight|nine/i;
// "nineteen sixty", "nineteen sixty-two", "two thousand and three": a year read out.
const UNITS = 'one|two|three|four|five|six|seven|eight|nine';
const YEAR_WORDS = String.raw`(?:nineteen|two${SP}+thousand(?:${SP}+and)?)(?:${SP}+|-)` +
  String.raw`(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:(?:${SP}+|-)(?:${UNITS}))?` +
  String.raw`|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen` +
  String.raw`|(?:oh${SP}+)?(?:${UNITS}))`;

function wordDay(tens, ordinal) {
  const word = ordinal.toLowerCase();
  let day = { twentieth: 20, thirtieth: 30 }[word] ?? ORDINALS.indexOf(word) + 1;
  if (tens) {
    if (day >= 10) return 0; // "twenty twentieth" is no day
    day += tens.toLowerCase() === 'twenty' ? 20 : 30;
  }
  return day;
}

// Capitals that label a number or are one of its own kind, never a hospital's code.
const LABEL_CAPS = '(?:DOB|NHS|MRN|CHI|PAS|UBRN|TEL|MOB|REF|NO|ID|GMC|YOB|BP|HR|RR|GCS|PIN|FEV|PEF)(?![A-Z])';

const checks = {
  wordDayMonth: (g) => (validDay(String(wordDay(g[1], g[2])), monthNumber(g[3])) ? 'date' : null),
  nhs: (g) => (isValidNhsNumber(`${g[1]}${g[3]}${g[4]}`) ? 'nhs_number' : 'patient_number'),
  nhsAnyGrouping: (g) => (isValidNhsNumber((g[0].match(/[0-9]/g) || []).join('')) ? 'nhs_number' : null),
  phoneInBrackets: (g) => {
    const digits = (g[0].match(/[0-9]/g) || []).length;
    return digits === 10 || digits === 11 ? 'phone' : null;
  },
  dmy: (g) => {
    const year = g[4];
    if (year.length === 4 && !(year >= '1900' && year <= '2099')) return null;
    return validDay(g[1], Number(g[3])) ? 'date' : null;
  },
  // "07/19/1980": an American month first, when the second number can be no month (only with a
  // separator: "10 20 2019 things" is no date).
  dmyOrMdy: (g) => (Number(g[3]) > 12 ? checks.dmy([g[0], g[3], g[2], g[1], g[4]]) : checks.dmy(g)),
  ymd: (g) => (validDay(g[4], Number(g[3])) ? 'date' : null),
  dayMonthName: (g) => (validDay(g[1], monthNumber(g[2])) ? 'date' : null),
  monthNameDay: (g) => (validDay(g[2], monthNumber(g[1])) ? 'date' : null),
  bornDigits: (g) => (validDay(g[2], Number(g[3])) ? 'date' : null),
  bornDayMonth: (g) => (validDay(g[2], monthNumber(g[3])) ? 'date' : null),
  capitalsCode: (g) => ((g[0].match(/[0-9]/g) || []).length >= 5 ? 'patient_number' : null),
  labelledCode: (g) => {
    // A code has a run of three digits somewhere; "ref range 3.5-5.3" is a range, not a code.
    const digits = (g[1].match(/[0-9]/g) || []).length;
    const code = g[1].replace(/^[a-z]{1,2} /, ''); // "and a 1987 kettle": "a", then a year
    if (/^(?:19|20)[0-9]{2}(?:[-/](?:19|20)?[0-9]{2})?$/.test(code)) return null; // "the case in 2019", "2019-2024"
    if (/^[0-9]{4}$/.test(code)) return null; // "the crisis team's number is 0800": too short alone
    if (/^116[ \t\u00a0]?[0-9]{3}$/.test(code)) return null; // "Samaritans number 116 123": Europe's helplines
    const run = /[0-9]{3}/.test(g[1]) || /(?:[0-9] ){5}[0-9]/.test(g[1]); // or read out digit by digit
    return digits >= 4 && digits <= 16 && run ? 'patient_number' : null;
  },
  // Six digits or more with a group of four ("BP 160/100" has none), not a run of years ("QOF
  // 2024-25"), a date, a phone number, a bank card's or an NHS number.
  groupedCode: (g) => {
    const groups = g[0].match(/[0-9]+/g) || [];
    const digits = groups.join('');
    // A group of four, or of three after a hospital's letters ("D 448 192", "RWE 99 01 447").
    const longest = /^[A-Za-z]/.test(g[0]) ? 3 : 4;
    if (digits.length < 6 || digits.length > 12 || Math.max(...groups.map((d) => d.length)) < longest) return null;
    if (groups.every((d) => /^(?:(?:19|20)[0-9]{2}|[0-9]{2})$/.test(d))) return null;
    if (groups.length === 3 && groups[1].length <= 2 && validDay(groups[0], Number(groups[1]))) return null;
    if (digits.startsWith('0') && (digits.length === 10 || digits.length === 11) && /^[0-9]/.test(g[0])) return null;
    if (digits.length === 10 && isValidNhsNumber(digits)) return null;
    return 'patient_number';
  },
  postcode: (g) => (/^(?:1st|2nd|3rd|[4-9]th)$/.test(g[1].slice(-3)) ? null : 'postcode'),
};

// Numbers in context: see _number_in_context in guard.py. The words looked at are the last ten
// before the number and the first five after it, on its line.
const CLINICAL = new Set(`hospital hosp patient patients mrn lab labs case unit clinic ward nhs chi pas record
    records notes referral histo histology path pathology sample specimen radiology xray scan
    mash safeguarding maternity dialysis hospice ubrn accession trust a&e discharge wristband
    letter admission rio bloods blood results result biopsy h&c
    outpatient outpatients inpatient mortuary coroner coroners mri ct ecg ultrasound mammogram
    endoscopy colonoscopy gastroscopy sticker pt ed camhs cmht chart midwife midwifery antenatal
    infirmary renal gum eye fracture theatre cytology x-ray attendance surgical dental sarc healthcare hdu itu icu
    nursing social iapt echo swab histopath micro culture urine stool smear triage health mental perinatal
    continence memory hearing assessment dob walk-in psych eeg emg falls inquest examiner respect screening
    hoof dnacpr resident residents prisoner crisis ambulance paramedic protection sdec epau dexa newborn
    bloodspot epu post-mortem postmortem autopsy wheelchair disorder disorders carers utc
    client clients cpa`.split(/\s+/));
// Any specialty, test or therapy: oncology, cytology, paediatric, radiography, physiotherapy.
const CLINICAL_SUFFIX = /(?:olog(?:y|ist|ical)|ography|iatr(?:y|ics?|ician|ist)|therap(?:y|ies|ist))/i;
// Words that also name other things' numbers ("repair case") say "clinical" only when nothing else speaks.
const SHARED = new Set('case record records notes letter result results unit trust sample pt'.split(' '));
const NON_CLINICAL = new Set(`order orders tracking parcel courier delivery ticket job batch lot audit invoice booking
    policy account membership passcode password pin zoom meeting snomed code serial timesheet
    confirmation purchase dvla council tax insurance bill train flight amazon ebay argos
    ikea currys screwfix evri yodel dhl dpd ups parcelforce fedex hermes tnt helpdesk desk smartcard printer licence
    license receipt reservation voucher card repair vaccine vaccines fridge phone sim
    imei gmc nmc hcpc gphc bleep ext extension qof cqc companies company pcn parking vat
    hmrc ofsted charity pension passport visa ucas loan datix incident complaint pals foi
    payroll police crime court claim salary agreement finance student contract staff payslip
    raf service asset tag estates machine equipment device support laptop computer
    software certificate cpd dwp pip benefit benefits transfer supplier suppliers vendor permit interpreter
    interpreters interpreting credit housing outbreak mdu mps mddus pcse defence indemnity
    insurer insurers`.split(/\s+/));
const CONTEXT_WORD = /[A-Za-z&]+(?:-[A-Za-z]+)*/g; // "x-ray" is one word
// Words that label the number after them; the word before the label says whose it is.
const LABELS = new Set('no nos number num ref reference id is was'.split(' '));
// What a ten-digit number shaped like a phone number is, when one of these comes just before it.
const REFERENCES = new Set(`order orders tracking parcel courier ticket job batch lot audit invoice booking policy
    account membership confirmation purchase receipt reservation voucher serial transfer
    certificate contract supplier suppliers wholesaler`.split(/\s+/));
// Right before a number, these outweigh a "card" or "order" further off.
const PATIENT_PLACES = new Set(`mrn hospital hosp unit patient ward lab a&e chi h&c pas histology accession specimen
    sample outpatient inpatient`.split(/\s+/));

// Drops the "phone" of "over the phone", "on the phone", "by phone": how a number was given ("gave
// me his hospital number over the phone: 1187734"), not whose it is.
function withoutManner(words) {
  return words.filter((word, k) => {
    if (word.toLowerCase() !== 'phone' || k === 0) return true;
    const prev = words[k - 1].toLowerCase();
    return !(prev === 'by' || (prev === 'the' && k > 1 && ['over', 'on'].includes(words[k - 2].toLowerCase())));
  });
}

// A clinic's card, service or booking carries the patient's number ("ED card", "continence service
// ref", "speech and language therapy service", "antenatal booking number"), a bank's, a shop's or a
// train's does not: after a clinical word or a specialty's, these say nothing of their own.
const OWNED = new Set(['card', 'service', 'services', 'booking']);

function clinicCards(words) {
  return words.filter((word, k) => {
    if (!OWNED.has(word.toLowerCase())) return true;
    const owners = words.slice(Math.max(k - 2, 0), k).map((o) => o.toLowerCase());
    return !owners.some((o) => (CLINICAL.has(contextKey(o)) && !SHARED.has(o)) || CLINICAL_SUFFIX.test(o));
  });
}

function numberInContext(text, start, end, digits) {
  // At most 300 characters either way, as in guard.py, so a long note stays linear.
  const lineStart = Math.max(start > 0 ? text.lastIndexOf('\n', start - 1) + 1 : 0, start - 300);
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  lineEnd = Math.min(lineEnd, end + 300);
  let before = (text.slice(lineStart, start).match(CONTEXT_WORD) || []).slice(-10);
  if (start > lineStart && '-/'.includes(text[start - 1])) before = before.slice(0, -1); // "NHS-LT-0044812"
  const after = clinicCards(withoutManner((text.slice(end, lineEnd).match(CONTEXT_WORD) || []).slice(0, 5)));
  before = clinicCards(withoutManner(before));
  // "ED24-118744", "LAB 26-04418", "ORTHO-55120": a code whose own letters name a clinical place, a
  // service or a specialty is a patient's, whatever card or booking it is written on: "her booking
  // number was MAT-0449183".
  const own = OWN_LETTERS.exec(text.slice(start));
  if (own !== null && clinicalCode(own[0].toLowerCase())) return 'patient_number';
  // A courier's, a shop's or an IT desk's label says whose it is, whatever it is for: "the Royal Mail
  // tracking number for the returned sample was 7045154742".
  if (labelledNotClinical(before)) return null;
  // A label right before the number outweighs a "card" or "order" nearer to it; so does a patient's
  // label earlier in the clause, with no other label after it.
  if (before.slice(-3).some((w) => PATIENT_PLACES.has(w.toLowerCase())) || patientLabel(before)) return 'patient_number';
  // So does what owns the label: "maternity no. M2024/0412", "x-ray number", "pt ref".
  const owner = contextKey(labelOwner(before));
  if (NON_CLINICAL.has(owner)) return null;
  if (clinical(owner)) return 'patient_number';
  if (ownedLabel(before)) return 'patient_number'; // "Her HOOF reference is HOOF 771204": a person's own
  // Otherwise the nearest word that says anything decides, one before it first at the same distance.
  const nearest = [];
  for (let n = 0; n < Math.max(before.length, after.length); n += 1) {
    if (n < before.length) nearest.push(before[before.length - 1 - n]);
    if (n < after.length) nearest.push(after[n]);
  }
  for (const word of nearest) {
    const low = contextKey(word.toLowerCase());
    if (NON_CLINICAL.has(low) || word === 'IT') return null; // the IT desk, not "it"
    if (clinical(low)) return 'patient_number';
  }
  if (nearest.some((w) => SHARED.has(contextKey(w.toLowerCase())))) return 'patient_number';
  return digits === 10 ? null : 'patient_number';
}

const OWN_LETTERS = /^[A-Za-z]{2,}(?![a-z])/;
// A specialty's short name opening its clinic's code: "ORTHO-55120", "GYN-LAP-55201".
const SPECIALTIES = new Set(`orth ortho mat gyn gynae uro ent card cardio derm resp neuro onc haem rheum paed paeds
  obs ophth maxfac gi ugi lgi hf surg dvt gic eip msk`.split(/\s+/));
// A word that says a number is a patient's: a clinical place or service, or any specialty, test or
// therapy; not one that also names other things' numbers (SHARED).
const clinical = (low) => (CLINICAL.has(low) && !SHARED.has(low)) || CLINICAL_SUFFIX.test(low);
// A code's own letters name a clinical place, service or specialty.
const clinicalCode = (low) => SPECIALTIES.has(low) || clinical(low);

// The nouns that label a number: "hospital number", "lab no", "MASH reference".
const LABEL_NOUNS = new Set(['no', 'number', 'num', 'ref', 'reference', 'id']);
const PATIENT_LABEL_NOUNS = new Set(['no', 'number', 'num', 'ref', 'id']);

// Where the last of `nouns` is among `before`, after its first word; 0 when none is.
function lastLabel(before, nouns = LABEL_NOUNS) {
  for (let k = before.length - 1; k > 0; k -= 1) if (nouns.has(before[k].toLowerCase())) return k;
  return 0;
}

// The last label noun among `before` ("number", "ref") is a thing's: "tracking number".
function labelledNotClinical(before) {
  const k = lastLabel(before);
  return k > 0 && NON_CLINICAL.has(contextKey(before[k - 1].toLowerCase()));
}

// The last label among `before` is a person's: "her" or "his" before it or before what it is of ("her
// EEG number", "his reference"). A thing's label ("her GMC number") has been ruled out before this is
// asked (labelledNotClinical).
function ownedLabel(before) {
  const k = lastLabel(before);
  if (before.slice(Math.max(0, k - 2), k).some((w) => ['her', 'his'].includes(w.toLowerCase()))) return true;
  // "the SALT reference for Terrence", "their reference for her": a label given for someone.
  const owner = k > 0 && k < before.length - 2 && before[k + 1] === 'for' ? before[k + 2] : '';
  return ['her', 'him'].includes(owner.toLowerCase()) || /^[A-Z][a-z]+$/.test(owner);
}

// The last label among `before` ("<owner> number", "<owner> no") is a patient's.
function patientLabel(before) {
  const k = lastLabel(before, PATIENT_LABEL_NOUNS);
  return k > 0 && PATIENT_PLACES.has(contextKey(before[k - 1].toLowerCase()));
}

// A context word as the lists have it: "admissions", "scans", "orders" in the singular ("pass"
// stays "pass", not "pas").
function contextKey(low) {
  if (CLINICAL.has(low) || NON_CLINICAL.has(low) || !low.endsWith('s') || low.endsWith('ss')) return low;
  const one = low.slice(0, -1);
  return CLINICAL.has(one) || NON_CLINICAL.has(one) ? one : low;
}

// The word before the label words that end `before` ("maternity" in "maternity no."), or "".
function labelOwner(before) {
  let k = before.length;
  while (k > 0 && LABELS.has(before[k - 1].toLowerCase())) k -= 1;
  return k > 0 && k < before.length ? before[k - 1].toLowerCase() : '';
}

// The words before `start` on its line, within `reach` characters, in lower case.
function wordsBefore(text, start, reach) {
  const lineStart = Math.max(start > 0 ? text.lastIndexOf('\n', start - 1) + 1 : 0, start - reach);
  return (text.slice(lineStart, start).match(CONTEXT_WORD) || []).map((w) => w.toLowerCase());
}

// One of the six words before `start` says the number is an order's, a job's or an account's.
function referenceBefore(text, start) {
  return wordsBefore(text, start, 60).slice(-6).some((w) => REFERENCES.has(w));
}

// A line for anyone who rings, nobody's own number, when one of these is among the six words
// before it and no word after it says whose (server/guard_context.py, service_line_before).
const SERVICE_LINES = new Set('switchboard switchboards bypass helpline helplines helpdesk dial-in'.split(' '));
const SERVICE_PAIRS = new Set(['advice line', 'help line', 'help desk', 'service desk', 'main line', 'main number',
  'office line', 'office number', 'general line', 'support desk', 'support line']);
const WHOSE = new Set('her his their my mum dad patient mobile own personal son daughter wife husband him me s'.split(' '));
function serviceLineBefore(text, start) {
  const words = wordsBefore(text, start, 60).slice(-6);
  let cue = -1;
  words.forEach((w, k) => {
    if (SERVICE_LINES.has(w) || (k > 0 && SERVICE_PAIRS.has(`${words[k - 1]} ${w}`))) cue = k;
  });
  return cue >= 0 && !words.slice(cue + 1).some((w) => WHOSE.has(w));
}

// A year of the last century, in a date: a birthday's, not an event's of the writer's work.
const OLD_YEAR = /(?<![0-9])19[0-9]{2}(?![0-9])/;
// The day of something else, when one of these is among the five words before a date and no birth
// or death is: "passed the AKT on 23 April 2026", "expiry 31/03/2026", "software build 2024.11.03".
const EVENTS = new Set(`expiry expires expired exp deadline submitted passed failed sat panel meeting exam akt
    arcp csa booked scheduled interview conference build appointment appt course ends starts
    began begins falls unveiled given vaccinated administered holiday leave session teaching
    training rota signed closes closed opens opened eve met happened occurred dated started
    inspected inspection inspections reviewed arrived discussion discussed`.split(/\s+/));
// A weekday right before a date makes it a diary's day ("on Tuesday 7 November 2023"): a date of
// birth is not written with one.
const WEEKDAYS = new Set(`monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun`.split(/\s+/));
// "passed away on 3 March 2024", "delivered on 15/05/2024" (the baby's birth).
const BIRTH = new Set(['born', 'dob', 'birth', 'birthday', 'b', 'away', 'died', 'death', 'dod', 'deceased', 'delivered']);

// A day that ends a range is no one's birthday: "14-16 November 2025", "3rd to 5th May 2026".
const RANGE_BEFORE = /[ \t(][0-9]{1,2}(?:st|nd|rd|th)?[ \t]*(?:-|\u2013|to|&)[ \t]*$/;
// Nor are the days "from" one "to" or "until" another: "from 1 April 2023 to 31 March 2024" (a
// life's dates have no "from": "11/03/1927 to 03/02/2025").
const RANGE_START = /^[ \t]+(?:to|until|till)[ \t]+[0-9]{1,2}(?![0-9])/;
const RANGE_END = /(?<![A-Za-z])from[ \t]+[0-9][^.;!?\n]{0,25}?(?<![0-9])[0-9]{1,4}[ \t]+(?:to|until|till)[ \t]+$/;
// A time of day right before a date ("logged at 07:45 on 27/01/2025") or right after it
// ("14/05/2024 at 10:30") is an event's or an appointment's.
const TIME_BEFORE = /(?<![0-9])[0-9]{1,2}(?:[:.][0-9]{2}|[ \t]?[ap]m)[ \t]+on[ \t]+$/i;
const TIME_AFTER = /^,?[ \t]+(?:at[ \t]+)?[0-9]{1,2}(?:[:.][0-9]{2}|[ \t]?[ap]m)(?![0-9])/i;

// A record's label among the words: "Date of death given by the police as 19-01-2024" is a death's
// day, whatever event words came between; and "she passed on 2nd January 2024".
function lifeLabel(words) {
  const said = ` ${words.join(' ')} `;
  return said.endsWith(' passed on ') || / (?:dob|dod|date of birth|date of death) /.test(said);
}

function eventDate(text, start, end) {
  const before = wordsBefore(text, start, 60);
  const words = before.slice(-5);
  if (words.some((w) => BIRTH.has(w)) || lifeLabel(before.slice(-10))) return false;
  // A day of the last century is someone's birthday, not a day of the writer's work ("a best
  // interests meeting for Mr Mahmood, 21/09/1942"), unless an event's word is right before it
  // ("the practice opened on 1 April 1988").
  if (OLD_YEAR.test(text.slice(start, end)) && !before.slice(-2).some((w) => EVENTS.has(w))) return false;
  if (RANGE_BEFORE.test((start <= 16 ? ' ' : '') + text.slice(Math.max(0, start - 16), start))) return true;
  if (before.length > 0 && before[before.length - 1] === 'from' && RANGE_START.test(text.slice(end))) return true;
  if (RANGE_END.test(text.slice(Math.max(0, start - 40), start))) return true;
  if (words.some((w) => EVENTS.has(w)) || TIME_AFTER.test(text.slice(end, end + 20))) return true;
  if (TIME_BEFORE.test(text.slice(Math.max(0, start - 20), start))) return true;
  return before.length > 0 && WEEKDAYS.has(before[before.length - 1]) && ' \t,'.includes(text[start - 1]);
}

const PATIENT_LABEL = new Set(['mrn', 'chi', 'h&c', 'pas']);
const PATIENT_LABEL_OWNER = new Set(['hospital', 'hosp', 'unit', 'patient', 'case', 'record', 'mrn', 'chi']); // "his CHI number is"
const NUMBER_WORD = new Set(['no', 'number', 'num', 'id']);

// The last three words before `start` on its line, in lower case, less "is" and "was".
function labelWords(text, start) {
  return wordsBefore(text, start, 40).slice(-3).filter((w) => w !== 'is' && w !== 'was'); // "her CHI is 0101011234"
}

// The words right before `start` label a patient's number, so a phone-shaped one is that.
function labelledPatient(text, start) {
  const last = labelWords(text, start).slice(-2);
  if (last.length && PATIENT_LABEL.has(last[last.length - 1])) return true;
  return last.length === 2 && NUMBER_WORD.has(last[1]) && PATIENT_LABEL_OWNER.has(last[0]);
}

// Scotland's CHI and Northern Ireland's H&C numbers pass the NHS number's check: called so, they
// are reported as what they are called, a patient number.
const OTHER_NATIONS = new Set(['chi', 'h&c']);
function otherNationLabel(text, start) {
  const last = labelWords(text, start).filter((w) => !NUMBER_WORD.has(w));
  return last.length > 0 && OTHER_NATIONS.has(last[last.length - 1]);
}

// "Citizens Advice are on 0800 144 8848": free numbers are services', not a person's.
const FREEPHONE = /^(?:\+44[ \t\u00a0]?(?:\(0\)[ \t\u00a0]?)?|0)80[08]/;

const rule = (kind, source, { i = false, group = 0, check = null, context = false, clinical = false } = {}) => ({
  kind,
  // `d` gives group offsets; no `u`, so the classes and folding match Python's re.ASCII.
  re: new RegExp(source, i ? 'gdi' : 'gd'),
  group,
  check,
  context,
  clinical,
});

const RULES = [
  rule('nhs_number', String.raw`${NB}([0-9]{3})([ .\-\u00a0/]{0,2})([0-9]{3})[ .\-\u00a0/]{0,2}([0-9]{4})${NA}`, {
    check: checks.nhs,
    context: true,
  }),
  // Ten digits grouped some other way ("5319 052 863", "281953369-8"): an NHS number only where its
  // check digit says so; not from a date's year on ("23/11/1929 614 233 7515" is a date and then an
  // NHS number, whatever "1929 614 233"'s check digit says).
  rule('nhs_number', String.raw`${NB}(?<![0-9][/.\-])[0-9](?:[ .\-\u00a0]?[0-9]){9}${NA}`, { check: checks.nhsAnyGrouping }),
  rule(
    'email',
    String.raw`(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-](?:[A-Za-z0-9._%+\-']*[A-Za-z0-9._%+\-])?` +
      String.raw`@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*` +
      String.raw`\.[A-Za-z]{2,}(?![A-Za-z0-9\-])`,
  ),
  // Spelled out as it was said on the phone: "sophie dot lumb at gmail dot com" (a "dot" in both halves,
  // so that "looked at google dot com" is no one's address).
  rule(
    'email',
    String.raw`(?<![A-Za-z0-9])[A-Za-z0-9]+(?:${SP}+(?:dot|underscore)${SP}+[A-Za-z0-9]+)+${SP}+at${SP}+` +
      String.raw`[A-Za-z0-9\-]+(?:${SP}+dot${SP}+[A-Za-z]{2,})+(?![A-Za-z0-9])`,
    { i: true },
  ),
  // UK numbers, as in guard.py: a trunk 0 (a space after it too: "0 7 7 0 0 9 ..." read out digit
  // by digit), +44 or 0044, and 9 to 11 more digits.
  rule(
    'phone',
    String.raw`(?<![0-9A-Za-z+])(?:(?:\+44|0044|44(?=7))[ \t\-\u00a0]{0,2}(?:\(0\)[ \t\-\u00a0]{0,2})?|0 ?)[1-35789](?:[ \-\u00a0]{0,2}[0-9]){8,10}(?![0-9])`,
  ),
  // Numbers from abroad, written with their country code: "+46 70 123 4567", "+353 87 123 4567".
  rule('phone', String.raw`(?<![0-9A-Za-z+])\+[1-9](?:[ \-\u00a0]{0,2}[0-9]){7,14}(?![0-9])`),
  rule(
    'phone',
    String.raw`(?<![0-9A-Za-z.])(?:\+44\.?|0)[1-35789][0-9]{1,4}\.[0-9]{3,4}\.[0-9]{3,4}(?![0-9]|\.[0-9])`,
    { check: checks.phoneInBrackets },
  ),
  rule(
    'phone',
    String.raw`(?<![0-9A-Za-z])\(0[1-35789][0-9]{1,4}\)${SP}?[0-9](?:[ \-\u00a0]?[0-9]){4,8}(?![0-9])`,
    { check: checks.phoneInBrackets },
  ),
  rule(
    'date',
    String.raw`${NB}(?<![0-9][/.\-])([0-9]{1,2})(${SP}?[/.\-]${SP}?)([0-9]{1,2})\2([0-9]{4}|[0-9]{2})${NA}(?![/.\-][0-9])`,
    { check: checks.dmyOrMdy },
  ),
  // "12 03 1988": spaces alone will do between day, month and a four-digit year.
  rule(
    'date',
    String.raw`${NB}(?<![0-9]${SP})([0-9]{1,2})(${SP})([0-9]{1,2})${SP}((?:19|20)[0-9]{2})${NA}` +
      String.raw`(?!${SP}?[0-9])`,
    { check: checks.dmy },
  ),
  rule('date', String.raw`${NB}${YEAR4}([/.\-])([0-9]{1,2})\2([0-9]{1,2})${NA}(?![/.\-][0-9])`, {
    check: checks.ymd,
  }),
  rule(
    'date',
    String.raw`${NB}(?:the${SP}+)?([0-9]{1,2})(?:st|nd|rd|th)?(?:${SP}+(?:of${SP}+)?|[-/.]|)${MONTH}(?:,?${SP}+|[-/]|)` +
      String.raw`${YEAR4}${NA}`,
    { i: true, check: checks.dayMonthName },
  ),
  rule('date', String.raw`${NB}([0-9]{1,2})-${MONTH}-([0-9]{2})${NA}`, {
    i: true,
    check: checks.dayMonthName,
  }),
  rule(
    'date',
    String.raw`(?<![A-Za-z])(?:DOB|D\.O\.B\.?|date${SP}+of${SP}+birth|birth${SP}+date|born(?:${SP}+on)?)(?:${SP}+(?:is|was|as))?${SP}*(?:[:\-]${SP}*)?` +
      String.raw`(([0-9]{1,2})(?:st|nd|rd|th)?${SP}+(?:of${SP}+)?${MONTH},?${SP}+['\u2019]?[0-9]{2})${NA}`,
    { i: true, group: 1, check: checks.bornDayMonth },
  ),
  // After a birth word, digits alone or spaced are a date too: "DOB 03041956", "dob 3 4 56".
  rule(
    'date',
    String.raw`(?<![A-Za-z])(?:DOB|D\.O\.B\.?|date${SP}+of${SP}+birth|birth${SP}+date|born(?:${SP}+on)?)(?:${SP}+(?:is|was|as))?${SP}*(?:[:\-]${SP}*)?` +
      String.raw`(([0-9]{2})([0-9]{2})(?:(?:19|20)[0-9]{2}|[0-9]{2}))${NA}`,
    { i: true, group: 1, check: checks.bornDigits },
  ),
  rule(
    'date',
    String.raw`(?<![A-Za-z])(?:DOB|D\.O\.B\.?|date${SP}+of${SP}+birth|birth${SP}+date|born(?:${SP}+on)?)(?:${SP}+(?:is|was|as))?${SP}*(?:[:\-]${SP}*)?` +
      String.raw`(([0-9]{1,2})${SP}+([0-9]{1,2})${SP}+(?:(?:19|20)[0-9]{2}|[0-9]{2}))${NA}`,
    { i: true, group: 1, check: checks.bornDigits },
  ),
  rule(
    'date',
    String.raw`${NB}${MONTH}(?:${SP}+the)?${SP}+([0-9]{1,2})(?:st|nd|rd|th)?,?${SP}+${YEAR4}${NA}`,
    { i: true, check: checks.monthNameDay },
  ),
  // "3rd April '61": the apostrophe says the two digits are a year.
  rule(
    'date',
    String.raw`${NB}([0-9]{1,2})(?:st|nd|rd|th)?(?:${SP}+(?:of${SP}+)?|[-/.])${MONTH},?${SP}*['\u2019][0-9]{2}${NA}`,
    { i: true, check: checks.dayMonthName },
  ),
  rule(
    'date',
    String.raw`(?<![A-Za-z])(?:DOB|D\.O\.B\.?|YOB|date${SP}+of${SP}+birth|year${SP}+of${SP}+birth)` +
      String.raw`${SP}*(?:[:\-]${SP}*)?((?:${MONTH}${SP}+)?${YEAR4})${NA}`,
    { i: true, group: 1 },
  ),
  // "the twenty third of June 1951": a date said aloud.
  rule(
    'date',
    String.raw`${NB}(?:the${SP}+)?(?:(twenty|thirty)(?:${SP}+|-))?(${ORDINAL_WORDS})(?:${SP}+of)?${SP}+` +
      String.raw`${MONTH},?${SP}+(?:${YEAR4}|${YEAR_WORDS})${NA}`,
    { i: true, check: checks.wordDayMonth },
  ),
  rule(
    'postcode',
    String.raw`${NB}((?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]` +
      String.raw`|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]|GIR)${SP}{0,2}[0-9][ABD-HJLNP-UW-Z]{2})${NA}`,
    { i: true, check: checks.postcode },
  ),
  rule(
    'patient_number',
    String.raw`(?<![A-Za-z])(?:MRN|hospital${SP}+(?:no\.?|numbers?|num|id)|hosp\.?${SP}+(?:no\.?|numbers?)` +
      String.raw`|(?:unit|patient|case|record|PAS|CHI|H&C)${SP}+(?:no\.?|numbers?|id)|PAS|CHI|H&C)` +
      String.raw`${SP}*(?:[:#]${SP}*)?([A-Za-z]{0,4}[0-9](?:[ \-]?[0-9]){4,11})${NA}`,
    { i: true, group: 1, context: true },
  ),
  // "MRN 30088172", "whose is MRN ...??": a patient number whatever the words around say, shown with
  // its label (some write the label as part of it).
  rule(
    'patient_number',
    String.raw`(?<![A-Za-z])(?:MRN|CHI|H&C|PAS|ePR|EPR)(?:${SP}+(?:no\.?|number|num))?${SP}*(?:[:#]${SP}*)?` +
      String.raw`[A-Za-z]{0,4}[0-9](?:[ \-]?[0-9]){4,11}${NA}`,
  ),
  // RXH1234567: a hospital's letters glued to its number, maybe after a year ("26H0447719").
  rule('patient_number', String.raw`${NB}(?:[0-9]{2})?[A-Za-z]{1,4}[0-9]{6,10}${NA}`, { context: true }),
  // "HS25-7710", "COR-25-1183", "WGH 448812": capitals before five or more digits, near a clinical word;
  // a year may come first ("24-H-0091823", "24C118392") and letters last ("A9931KD"), a dot between
  // ("H26.448193") or a year after ("FC 4418-26").
  rule(
    'patient_number',
    String.raw`${NB}(?:[0-9]{2,4}[-/]?)?(?!(?:DOB|NHS|MRN|CHI|PAS|TEL|MOB|REF|NO|ID|GMC|YOB)(?![A-Z]))[A-Z]{1,4}(?:[-/]?[0-9]{2,4})?(?:[-/.]|${SP})?[0-9]{4,10}(?:[-/][0-9]{2,4})?(?:[A-Z]{1,3})?${NA}(?![/.\-][0-9])`,
    { check: checks.capitalsCode, context: true, clinical: true },
  ),
  // An NHS trust's code (R and two more: RJ1, RWE, RTX) before its number: "RTX 112 9987", "RT5-09871".
  rule('patient_number', String.raw`${NB}R[A-Z0-9]{2}(?:-|${SP})?[0-9]{3}(?:${SP}?[0-9]){2,7}${NA}`, {
    context: true,
  }),
  // "AE 2611-7734", "W26.118.4407", "Q 883 4401", "25/118734": a code in groups, near a clinical word.
  rule(
    'patient_number',
    String.raw`${NB}(?<!&)(?:(?!${LABEL_CAPS})[A-Z]{1,4}[0-9]?(?:[-/.]|${SP})?)?[0-9]{2,8}` +
      String.raw`([-/.]|${SP})[0-9]{2,8}(?:\1[0-9]{2,8}){0,2}${NA}(?![/.\-][0-9])`,
    { check: checks.groupedCode, context: true, clinical: true },
  ),
  // "NNUH 0049281": a hospital's capitals and seven digits or more, unless the words around say otherwise.
  rule('patient_number', String.raw`${NB}(?!${LABEL_CAPS})[A-Z]{2,5}${SP}[0-9]{7,10}${NA}(?![/.\-][0-9])`, {
    context: true,
  }),
  rule(
    'patient_number',
    String.raw`(?<![0-9A-Za-z.,\u00a3$\u20ac])[0-9]{7,}(?![0-9A-Za-z%])(?![.,][0-9])`,
    { context: true, clinical: true }, // and near a clinical word: not a claim, a passport, a Datix
  ),
  rule(
    'patient_number',
    String.raw`(?<![A-Za-z])(?:MRN|UBRN|CHI|[Aa]ccession|[Hh]isto(?:logy)?|[Ss]ample|[Ss]pecimen|[Cc]ase` +
      String.raw`|[Nn]umber|[Nn]o\.?|NO|[Nn]um|ID|[Ii]d|[Rr]ef|REF|[Rr]eference)(?![a-z]),?` +
      String.raw`(?:${SP}+(?:is|was|for|her|his|at|the|of|on|in|[A-Z]?[a-z]{2,12}|[A-Z]{3,12}(?!${SP}+[0-9]))(?![A-Za-z0-9/\-])){0,5}` +
      // A code's letters, up to two groups, the first closed by a mark: capitalised, or one or two
      // lower-case glued on or before a mark ("was 99871" is no code; "RGN/M/44719" is one).
      String.raw`${SP}*[:#]*${SP}*(?!(?:NHS|DOB|Dob)(?![A-Za-z]))((?:(?:[A-Z][A-Za-z]{0,4}|[a-z]{1,2})[/#:.\-])?` +
      String.raw`(?:[A-Z][A-Za-z]{0,4}[ /#:.\-]?|[a-z]{1,2}[/#:.\-]?)?[0-9][0-9A-Za-z]*` +
      String.raw`(?:[/.\-][0-9A-Za-z]+|${SP}[0-9]+)*)${NA}`,
    { group: 1, check: checks.labelledCode, context: true, clinical: true },
  ),
  // "K, 4, 4, 7, 1, 9, 0", "R, zero, four, four, one, ...": a number read out a digit at a time,
  // a pause after each, near a clinical word.
  rule(
    'patient_number',
    String.raw`${NB}(?:[A-Z],${SP}*)?(?:${DIGIT_SAID},${SP}*){5,11}${DIGIT_SAID}${NA}`,
    { i: true, context: true, clinical: true },
  ),
  // The title is part of the finding: "Mrs Kaur" is who is named, and the warning shows it.
  rule(
    'name',
    String.raw`(?<![A-Za-z])(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof|Professor|Revd|Rev|Reverend|Cllr|MRS|MR|MISS|MX|DR|PROF|mrs|mr|miss|dr)\.?${SP}+` +
      // "100mg MR BD": modified release, twice a day; "I might miss Mrs C": a verb, then the title
      String.raw`(?!Google(?![a-z])|${DOSING}|(?:Mrs|Mr|Ms|Miss|Mx|Dr)(?![A-Za-z]))${NAME}`,
  ),
  rule('name', String.raw`(?<![A-Za-z])MS\.?${SP}+(${INITIALS}${NAME_CAPS})`),
  rule(
    'name',
    String.raw`(?<![A-Za-z])(?:[Pp]atient|[Ll]ady|[Mm]an|[Ww]oman|[Gg]entleman|[Gg]ent|[Gg]irl|[Bb]oy` +
      String.raw`|[Cc]hap|[Gg]uy|[Ll]ad|[Cc]hild|[Bb]aby)${SP}+(?:called|named)${SP}+${NOT_A_DAY}(${NAME_TC})`,
    { group: 1 },
  ),
  rule(
    'name',
    String.raw`(?<![A-Za-z])(?:[Hh]is|[Hh]er|[Tt]heir)${SP}+(?:(?:first|full|real|proper|middle|maiden|last|given|legal|married)${SP}+|sur|nick)?name${SP}+(?:is|was)` +
      String.raw`${SP}+(${NAME_TC})`,
    { group: 1 },
  ),
];

function candidates(text) {
  const found = findNames(text).map(([start, end]) => ({ kind: 'name', start, end }));
  const brands = brandSpans(text);
  for (const r of RULES) {
    r.re.lastIndex = 0;
    for (let m = r.re.exec(text); m !== null; m = r.re.exec(text)) {
      const [ms, me] = [m.index, m.index + m[0].length];
      // "Mr Kipling", "Dr Google": a title inside a brand names nobody.
      if (r.kind === 'name' && brands.some(([s, e]) => s < me && ms < e)) continue;
      if (r.kind === 'name' && titledThing(m[0])) continue; // "Dr YouTube"
      let kind = r.check ? r.check(m) : r.kind;
      if (kind === null) continue;
      const [start, end] = m.indices[r.group];
      const digits = (text.slice(start, end).match(/[0-9]/g) || []).length;
      if (kind === 'phone' && labelledPatient(text, start)) kind = 'patient_number';
      if (kind === 'nhs_number' && otherNationLabel(text, start)) kind = 'patient_number';
      // Ten digits from 0 are rarely anyone's phone, and after "order" or "IT job" a reference.
      if (kind === 'phone' && digits === 10 && referenceBefore(text, start)) continue;
      // A helpline's ("0800 ...") or a switchboard's ("switchboard 0113 392 6000"): nobody's own
      // number, nor a patient's.
      if ((kind === 'phone' || kind === 'patient_number') &&
        (FREEPHONE.test(text.slice(start, start + 12)) ||
          ('0+'.includes(text[start]) && serviceLineBefore(text, start)))) continue;
      if (kind === 'date' && eventDate(text, start, end)) continue; // "passed the AKT on 23 April 2026"
      if (kind === 'patient_number' && !NONZERO.test(text.slice(start, end))) continue; // "e.g. CH 000000": a format
      if (r.context && kind === 'patient_number') {
        if (numberInContext(text, start, end, r.clinical ? 10 : digits) === null) continue;
      }
      found.push({ kind, start, end });
    }
  }
  return found;
}

function resolve(spans) {
  const ordered = [...spans].sort(
    (a, b) =>
      b.end - b.start - (a.end - a.start) ||
      (PRIORITY[a.kind] ?? 99) - (PRIORITY[b.kind] ?? 99) ||
      a.start - b.start,
  );
  const kept = [];
  for (const c of ordered) {
    if (kept.every((k) => c.end <= k.start || c.start >= k.end)) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

// A hospital's or a system's capitals before a number found without them ("UHW 26D-4471", "A&E
// 24/118392"), and a check letter after it ("RTH 0093847 K").
const CODE_HEAD = new RegExp(String.raw`(?<![A-Za-z0-9&])(?!${LABEL_CAPS}|NO(?![A-Z]))[A-Z][A-Z&]{1,4}(?:${SP}|-)$`);
const CODE_TAIL = new RegExp(String.raw`^${SP}[B-HJ-Z](?![A-Za-z0-9+])`);

// A patient number's span with what is part of how it is written around it: the "#" of "ID #4418827",
// a system's capitals before it, a check letter after it; never over another finding.
function wholeCode(text, k, kept) {
  if (k.start && text[k.start - 1] === '#') return { ...k, start: k.start - 1 };
  const from = Math.max(0, k.start - 8);
  const head = CODE_HEAD.exec(text.slice(from, k.start));
  const tail = CODE_TAIL.exec(text.slice(k.end));
  const start = head ? from + head.index : k.start;
  const end = tail ? k.end + tail[0].length : k.end;
  if (kept.some((o) => o.start < end && start < o.end && !(o.start === k.start && o.end === k.end))) return k;
  return { ...k, start, end };
}

// The weekday a date of birth or death is written with: "died Sunday 19 January 2025".
const WEEKDAY_BEFORE = new RegExp(String.raw`(?<![A-Za-z])(?:mon|tues|wednes|thurs|fri|satur|sun)day,?${SP}{1,3}$`, 'i');

// Where a date found starts with the weekday written before it ("Tuesday 6 October 2026"); never over
// another finding. Sixteen characters hold "Wednesday, " and what is before it.
function wholeDate(text, k, kept) {
  const from = Math.max(0, k.start - 16);
  const head = WEEKDAY_BEFORE.exec(text.slice(from, k.start));
  if (!head) return k;
  const start = from + head.index;
  if (kept.some((o) => o.start < k.start && start < o.end)) return k;
  return { ...k, start };
}

// What may stand between the numbers of a list: "442917, 448811", "BR 4471290 and BR 4471291".
const LIST_NEXT = new RegExp(String.raw`(?:,${SP}*|${SP}+)(?:(?:and|or|&)${SP}+)?`, 'y');

// A pattern for codes written like `code`: the same letters' places, digits' and marks.
function shape(code) {
  const parts = [...code].map((c) => {
    if (/[A-Z]/.test(c)) return '[A-Z]';
    if (/[a-z]/.test(c)) return '[a-z]';
    if (/[0-9]/.test(c)) return '[0-9]';
    return c.replace(/[\\^$.*+?()[\]{}|\/-]/g, '\\$&');
  });
  return new RegExp(`${parts.join('')}(?![0-9A-Za-z])`, 'y');
}

// "old hospital numbers: 442917, 448811, R771092": a code written as a patient number just found
// is, next to it in a list, one too.
function listMates(text, kept) {
  const mates = [];
  for (const k of kept) {
    if (k.kind !== 'patient_number') continue;
    const same = shape(text.slice(k.start, k.end));
    let { end } = k;
    for (;;) {
      LIST_NEXT.lastIndex = end;
      const joint = LIST_NEXT.exec(text);
      if (!joint) break;
      same.lastIndex = LIST_NEXT.lastIndex;
      const m = same.exec(text);
      if (!m) break;
      mates.push({ kind: 'patient_number', start: m.index, end: m.index + m[0].length });
      end = m.index + m[0].length;
    }
  }
  return mates;
}

// "named after Florence Nightingale", "named after Louis Wolff, Sir John Parkinson and Paul Dudley
// White": whom a ward, a test or a charity is named after is nobody's identifier (every such name
// in the tune halves of corpora 1-148, 28 of 28), nor is the next name in a list of them.
const NAMED_AFTER = /(?<![A-Za-z])named[ \t]+(?:after|for)[ \t]+$/i;
const LIST_GAP = /^(?:,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)$/;
// "Frankie Dettori was on the telly", "Bill Withers was playing on the radio", "Dr Ranj on This
// Morning": who is on the television or the radio is a public figure or a programme (every such
// name in the tune halves of corpora 1-148).
const ON_AIR = new RegExp(String.raw`^[ \t]+(?:(?:was|were|is|are)[ \t]+)?(?:(?:playing|shouting|talking|singing)[ \t]+)?on[ \t]+` +
  String.raw`(?:the[ \t]+)?(?:telly|tv|television|radio|news|this[ \t]+morning|youtube)(?![A-Za-z])`, 'i');
function withoutPublicNames(text, kept) {
  const out = [];
  let sourceEnd = -1;
  for (const k of kept) {
    if (k.kind === 'name' && ON_AIR.test(text.slice(k.end))) {
      // and whoever is named with them: "Dawn French and Jennifer Saunders were on"
      const last = out[out.length - 1];
      if (last && last.kind === 'name' && LIST_GAP.test(text.slice(last.end, k.start))) out.pop();
      continue;
    }
    if (k.kind === 'name' && (NAMED_AFTER.test(text.slice(Math.max(0, k.start - 30), k.start))
      || (sourceEnd >= 0 && LIST_GAP.test(text.slice(sourceEnd, k.start))))) {
      sourceEnd = k.end;
      continue;
    }
    sourceEnd = -1;
    out.push(k);
  }
  return out;
}

/**
 * Find possible patient identifiers in `text`: [{kind, label, start, end}] sorted by start and
 * never overlapping. The text itself is left out, so findings can be counted without leaking.
 */
export function detect(text) {
  // Before its name lists are in, the guard would miss names without a word: callers wait for
  // `ready` (guard_ui.js); calling sooner is a mistake to see, not a check to skip quietly.
  if (!loaded) throw new Error('The confidentiality guard is still loading: await ready first.');
  text = String(text);
  let kept = withoutPublicNames(text, resolve(candidates(text)));
  if (kept.some((k) => k.kind === 'patient_number')) {
    kept = resolve([...kept, ...listMates(text, kept)]);
    kept = kept.map((k) => (k.kind === 'patient_number' ? wholeCode(text, k, kept) : k));
  }
  kept = kept.map((k) => (k.kind === 'date' ? wholeDate(text, k, kept) : k));
  return kept.map(({ kind, start, end }) => ({
    kind,
    label: KINDS[kind],
    start,
    end,
  }));
}

// Language reflection: see DEFAULT_TERMS in guard.py for why the list is short and why
// "heart sink" with a space (the doctor's own feeling) is not on it.
export const DEFAULT_TERMS = Object.freeze([
  'heartsink',
  'heart-sink',
  'frequent flyer',
  'frequent flier',
  'time-waster',
  'timewaster',
  'time waster',
  'crock',
  'difficult patient',
  'attention seeker',
  'attention-seeker',
  'attention-seeking',
  'drug seeker',
  'drug-seeker',
  'drug-seeking',
]);

export const REFLECTION_PROMPT =
  'You wrote \u201c{term}\u201d. Words like this often carry how hard a consultation has ' +
  'felt, and that is worth bringing to the group. ' +
  'What might this patient be feeling when they come to see you?';

/** The gentle, never-blocking question shown, only to its writer, when `term` was used. */
export function reflectionPrompt(term) {
  // A function, so a '$' in a facilitator's term is not read as a replacement pattern.
  return REFLECTION_PROMPT.replace('{term}', () => splitWords(term).join(' '));
}

// Python's str.split(): runs of whitespace separate words.
const splitWords = (term) => term.split(/[\s\u00a0]+/u).filter(Boolean);
// Only syntax characters need escaping; under the `u` flag escaping anything else is an error.
const escapeLiteral = (word) => word.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

function termsPattern(terms) {
  // One spelling per term, whatever its case or spacing: matching ignores both anyway.
  const unique = new Map();
  for (const term of terms) {
    const words = splitWords(term).join(' ');
    if (words && !unique.has(words.toLowerCase())) unique.set(words.toLowerCase(), words);
  }
  if (unique.size === 0) return null;
  // Longest first, so the alternation prefers "difficult patient" to a facilitator's "difficult".
  const keys = [...unique.keys()].sort(
    (a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0),
  );
  const alternation = keys
    .map((k) => splitWords(unique.get(k)).map(escapeLiteral).join(String.raw`[ \t\n\u00a0]+`))
    .join('|');
  // [\p{L}\p{N}_] is what Python's Unicode \w means; `iu` folds case like Python's re.IGNORECASE.
  return new RegExp(
    String.raw`(?<![\p{L}\p{N}_])(?:${alternation})s?(?![\p{L}\p{N}_])`,
    'giu',
  );
}

// Made on first use: compiling it at import took 2 ms of the main thread while the guard loads.
let defaultPattern;

/**
 * Find stigmatising labels in `text`: the defaults plus a facilitator's `extraTerms`, matched
 * case-insensitively on whole words, extra terms as literal text. Returns [{term, start, end}]
 * with the term as written, for reflectionPrompt().
 */
export function reflectLanguage(text, extraTerms = []) {
  const extra = extraTerms.filter((t) => typeof t === 'string' && t.trim());
  const pattern = extra.length
    ? termsPattern([...DEFAULT_TERMS, ...extra])
    : (defaultPattern ??= termsPattern(DEFAULT_TERMS));
  if (!pattern) return [];
  return [...String(text).matchAll(pattern)].map((m) => ({
    term: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
}

// While the name data travels, the main thread is mostly idle: check a sample meanwhile, so that
// V8 compiles this module's functions and patterns now, not in the writer's first check (it took
// 8-10 ms of it here). In a background task, so that the data's arrival and the name finder's
// evaluation go first whenever they are ready (a check at the end of this module, at once, delayed
// them and made the load slower); twice, as V8 compiles a pattern to machine code on its second
// run; never once the lists are in.
function later(task) {
  if (globalThis.scheduler?.postTask) globalThis.scheduler.postTask(task, { priority: 'background' });
  else setTimeout(task, 0);
}
function warmUp() {
  if (loaded) return;
  resolve(candidates(SAMPLE));
  resolve(candidates(SAMPLE));
}
later(warmUp);

/**
 * Resolves once detect() can be called: the name finder and its data are in. It never rejects:
 * should the data fail to arrive, names in running text go unfound (a warning in the console)
 * and every other kind is still found; should the name finder itself fail, titled names are.
 */
export const ready = Promise.all([
  namesLoading.catch((err) => {
    console.warn('The confidentiality guard could not load its name finder.', err);
    return { brandSpans: () => [], findNames: () => [], titledThing: () => false, useNameData() {} };
  }),
  nameDataLoading,
]).then(([names, data]) => {
  ({ brandSpans, findNames, titledThing } = names);
  names.useNameData(data);
  loaded = true;
  // bench/guard_report.py reads this: the time to fetch and read the name finder and its data.
  performance.measure('guard name data', { start: LOAD_START });
});

/** True once `ready` has resolved: detect() can run now, without waiting. */
export const isReady = () => loaded;
