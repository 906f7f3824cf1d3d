// Names in running text, without a title: the twin of server/guard_names.py and the layers under
// it (server/guard_starts.py explains the steps). Both read web/guard_names.json (name lists from
// the US SSA and Census, common words from SCOWL; licences in its "about") and follow the same
// steps on the same tokens, so the two detectors agree finding for finding
// (tests/browser/test_guard_parity.py).
//
// guard.js fetches the data while this module loads (one round trip instead of two in a row) and
// hands it over with useNameData() before anyone can call detect().

const KEYS = ['first', 'surname', 'words', 'proper', 'more_words', 'not_names', 'kin', 'strong_before', 'weak_before',
  'kin_after', 'eponym_after', 'not_after', 'not_before', 'names_despite', 'person_before',
  'person_verbs', 'person_verbs_strong', 'not_lower', 'drug_before', 'brands', 'unknown_before', 'towns', 'places',
  'uninflected'];

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
    moreWords: packedList(DATA.more_words),
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
    uninflected: words('uninflected'),
    brands: DATA.brands.split('|').filter(Boolean),
    // "hong kong", "milton keynes": places of more than one word, matched token by token.
    places: new Set(DATA.places.split('|').filter(Boolean)),
  };
}

// Keep these byte-for-byte equal to server/guard_names.py.
const L = String.raw`[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]`;
// A word starts after no letter, nor after a letter and an apostrophe ("O'Brien", "don't" are one
// word each); after a quotation's opening apostrophe it does ("'Marj'", "'Len Curtis'").
const TOKEN = new RegExp(String.raw`(?<![0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff])` +
  String.raw`(?<![0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]['\u2019])${L}+` +
  String.raw`(?:['\u2019\-]${L}+)*`, 'g');
const UP = String.raw`[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u1e00-\u1eff]`;
const LO = String.raw`[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u1e00-\u1eff]`;
const PART = String.raw`${UP}(?:${LO}+(?:${UP}${LO}+)?|['\u2019]${UP}${LO}+)`;
const CAPITALISED = new RegExp(String.raw`^(?:${PART}(?:-(?:${PART}|${LO}+))*(?:['\u2019]s)?)$`);
const POSSESSIVE = /['\u2019]s$/;
const DOUBLE_BARRELLED = /^[A-Z][a-z]+-[A-Z][a-z]+$/;
// ", his surname", ", that's the surname", ", her nickname": a name said to be one, right after it
// (", the name they gave it" is any thing's).
const SPACE = String.raw`[ \t\u00a0]+`;
const KIND_OF_NAME = String.raw`(?:sur|nick|first${SPACE}|last${SPACE})`;
const NAME_APPOSITIVE = new RegExp(String.raw`^,${SPACE}(?:that['\u2019]s${SPACE})?` +
  String.raw`(?:(?:his|her|their)${SPACE}${KIND_OF_NAME}?name|the${SPACE}${KIND_OF_NAME}name)(?![A-Za-z])`);
// Two vowels apart, and six letters or more or five with no three consonants in a row: "mbeki",
// "oyelaran", "pickersgill"; not "camhs", "ukhsa", "nhsbsa".
const SPOKEN = /^(?:(?=[a-z]{6,}$)|(?=[a-z]{5}$)(?!.*[^aeiouy]{3}))[^aeiou]*[aeiou]+[^aeiou]+[aeiou].*$/;
const APOSTROPHES = /['\u2019]/g;
const HAS_APOSTROPHE = /['\u2019]/;
const ADJACENT = /^(?:,?[ \t\u00a0]+)$/;
const CLOSE = /^(?:[ \t\u00a0]+)$/;
const COMMA = /^(?:,[ \t\u00a0]+)$/; // items of a list
const COLON = /^(?::[ \t\u00a0]+)$/; // a label before what it names: "Presenter: Ngozi"
const TRAILING = /^(?:['\u2019]?[ \t\u00a0]+)$/;
const EMAIL_CHAR = /[A-Za-z0-9._%+\-]/; // what comes before an email's "@"
// After "@", these address no one person: "@everyone", "@all", "@here".
const MENTION_WORDS = new Set('everyone all here channel group team admin anyone'.split(' '));
const FIRM_AFTER = /[ \t\u00a0]+(?:(?:&|and)[ \t\u00a0]+Sons?|Ltd|Limited|LLP|PLC|plc)(?![A-Za-z])/y;
// "paula", "jo-anne", "lauren's", "ciarán"
const LOWER = /^(?:(?:[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f]{3,}|[a-z]{2}(?=-)|[a-z]['\u2019][a-z]{3,})(?:-[a-z]{2,})?(?:['\u2019]s)?)$/;
// In capitals, as a visit list prints them: "O'HARA", "McGRATH", "GRIFFITHS-JONES", "SZABÓ".
const UPPER = /^(?:(?:[A-Z]['\u2019]|Ma?c)?[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f]{3,}(?:-[A-Z]{2,})?)$/;
// "al-Hashimi", "ul-Haq": an Arabic particle in lower case joined to a name.
const PARTICLE_NAME = /^(?:al|el|bin|ibn|abu|abd|ul)-([A-Z][a-z]{2,})$/;
// "mcgregor", "macleod", "o'brien", "d'souza": in lower case still a surname by its shape.
const PREFIXED = /^(?:mc[a-z]{3,}|mac[a-z]{4,}|[od]['\u2019][a-z]{3,})(?:['\u2019]s)?$/;
// "ORTH/2239", "REN-7712" are codes; "O'HARA 09:30", "OKAFOR 10am" a visit list's times.
const CODE_NEXT = /^[ \t\u00a0]*[/:#-]?[ \t\u00a0]*(?![0-9]{1,2}(?:[:.][0-9]{2}|[ap]m)(?![0-9]))[0-9]/;
const DISEASE = new Set(`disease syndrome palsy lymphoma sarcoma phenomenon encephalopathy contracture neuroma
    procedure manoeuvre technique guidance competence criteria score virus viruses fracture`.split(/\s+/));
const GIVE = new Set(`gave give giving handed hand handing passed pass passing sent send explained explaining
    introduced showed wrote write spoke speak talked talk mentioned lent`.split(/\s+/));
const LIST_GOES_ON = /^(?:[ \t\u00a0]*(?:[,.;!?]|$)|[ \t\u00a0]+and[ \t\u00a0])/;
const FAMILY_NOUNS = new Set('family household twins kids children boys girls'.split(' '));
const BE_HAVE = new Set(['is', 'was', 'has', 'had']);
const BE = new Set(['is', 'was']); // "X is 15"; "X has 400 letters" is a system
// After "X is" / "X was": what describes a person ("a teacher", "her sister", "been crying").
// An age said in words after "X is" ("Honour is two"; not "two hours away", which NUMBER_NEXT refuses first).
const NUMBER_WORDS = new Set('two three four five six seven eight nine ten eleven twelve'.split(' '));
const COMPLEMENTS = new Set('a an her his my our their been always never still now just really so very also'.split(' '));
// People a sentence describes: "X is the teenager with the overdose", "the reg, X, rang".
const PERSON_NOUNS = new Set(`one man woman lady gentleman girl boy lad teenager patient registrar reg nurse doctor gp
    consultant trainee trainer receptionist pharmacist colleague student carer midwife cleaner
    porter driver manager landlord landlady teacher vicar imam priest rabbi interpreter caretaker
    warden paramedic locum physio counsellor therapist surgeon chiropractor practitioner pal mate
    dentist optician podiatrist physiotherapist psychiatrist psychologist paediatrician
    supervisor boss lodger flatmate housemate keyworker advocate solicitor worker eldest youngest
    oldest hca anp postman postwoman owner chaplain secretary administrator volunteer guy bloke
    chap fella lass presenter leader co-leader facilitator specialist visitor coordinator assistant
    officer navigator prescriber matron technician phlebotomist sonographer radiographer
    dietitian dietician obstetrician anaesthetist childminder nanny mentor tutor dn hv pd tpd ot slt salt
    clerk`.split(/\s+/));
// Who was spoken to: "spoke to X", "rang X", and how such a clause goes on after the person.
const SPEAK = new Set('spoke speak speaking talk talked talking chat chatted chatting'.split(' '));
const CONTACT = new Set(
  'rang phoned called texted emailed messaged asked told thanked reassured ring phone thanks thank call tell'.split(' '),
);
// Before "called" that names a thing, not rings: "sometimes called", "what he called" (not "is called",
// which names people too: "her husband is called frank").
const NAMING_BEFORE = new Set('sometimes also often usually commonly formerly'.split(' '));
const NAMED_THINGS = new Set('something what stuff things thing anything everything'.split(' '));
const AFTER_CONTACT = new Set(`about back again if that today tomorrow yesterday earlier later and on at this when who
    twice first no re for but tonight now i'd i'll id`.split(/\s+/));
// A clause ends here; a line break counts, as in guard_names.py.
const CLAUSE_CLOSE = /^[ \t\u00a0]*(?:[.,;:!?)\n]|$)/;
const CLAUSE_END = /^[ \t\u00a0]*(?:[.,;:!?)]|$)/;
// What follows "X here" when X signs a message: a comma, a dash, a colon, "!" or the end.
const SIGNED_OFF = /^[ \t\u00a0]*(?:[,;:!\n\u2013\u2014-]|$)/;
const SENTENCE_STOP = /[.!?\n]/; // where a sentence ends, to see whether it asks
const BRACKET = /^(?:[ \t\u00a0]?\()$/; // "HCA (Sue)", "Paddy (the one who)": a bracket opens
// The end of a sentence or of the message: "thanks Fola", "there, Mo!".
const SENTENCE_END = /^[ \t\u00a0]*(?:[.!?\n]|$)/;
// A kiss or two signing off a message: "Thanks Rhi x", "love you Fi xx".
const KISSED = /^[ \t\u00a0]+x{1,3}[ \t\u00a0]*(?:[.!\n]|$)/;
// "Amber is 15", "Paris is three" (not "one": "X is one of the most deprived wards").
const NUMBER_NEXT = new RegExp(String.raw`^[ \t\u00a0]+(?:[0-9]|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve` +
  String.raw`|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty` +
  String.raw`|sixty|seventy|eighty|ninety)(?![a-z]))` +
  // "Derriford is two hours away": a distance or a price, not an age; "Ferritin was 9 µg/L": a result.
  String.raw`(?![0-9.,]*[ \t\u00a0]*(?:hours?|hrs?|miles?|minutes?|mins?|km|pounds?|quid|percent|%` +
  String.raw`|[\u00b5u]g|mg|ng|pg|g/d?[lL]|[mnp\u00b5u]mol|micromol|m?I?U/[lL]|m?iu|ml/min|mm/hr?))`);
const ASCII = /^(?:[A-Za-z'\u2019\-]+)$/;
// A sentence that opens with one of these opens with it, not with a name ("In Cairo, ...").
const OPENING_PREPOSITIONS = new Set('in on at to from into for with by of'.split(' '));
// Two words run together, each with its capital: "FourteenFish", "GamCare", "SimBaby" are things'
// names ("MacLeod", "FitzGerald", "VanDyke" are people's: their first part is no word).
const CAMEL = /^([A-Z][a-z]{2,})([A-Z][a-z]{2,})(?:['\u2019]s)?$/;
const CAMEL_HEADS = new Set('mac van von del della fitz san ben'.split(' '));
// What an eponym's possessive owns, beyond the data's `eponym_after`: "Hickam's dictum".
const EPONYM_NOUNS = new Set('dictum razor paradox principle effect fallacy rule'.split(' '));
// What a thinker's possessive owns, right after it or a word or two on: "Launer's book", "Helman's
// folk model", "Beck's depression inventory"; not a test or a score, which a patient has too.
const WORKS = new Set(
  ('model models inventory theory questionnaire hierarchy classification law triad principle ' +
    'paradox dictum razor fallacy framework approach method ladder matrix book paper papers idea ideas ' +
    'concept concepts reflection-in-action writings research website analogy stages cycle').split(' '),
);
// What two authors own together, after the second's 's: "Carson and Stone's research".
const CO_AUTHORED = new Set(`model models theory theories framework writing writings research paper papers distinction
    finding findings concept concepts typology taxonomy classification`.split(/\s+/));
// How a result "came back": "at 9", "normal", "as expected".
const RESULT_AFTER = new Set(`at as normal positive negative clear raised high low borderline abnormal elevated fine
  okay ok unremarkable reassuring`.split(/\s+/));
// How an author is cited, what a patient says too: an author's only for a surname alone that no first
// name is ("Heath writes that", "Launer talks about"; "Sarah talks about her dad" is a patient).
const AUTHOR_CITED_ALONE = new Set(['talks about', 'writes that', 'argues that', 'argues for', 'suggests that']);
// ... and any author's: "Salinsky wrote about", "Sontag argued against". ("wrote that" is a complaint's,
// "argued about" a family's.)
const AUTHOR_CITED = new Set([...AUTHOR_CITED_ALONE, 'writes about', 'wrote about', 'argues against', 'argued against']);
// What two authors do together, after the second: "Stone and Carson argue for", "Werner and Malterud wrote about"
// ("Tom and Sarah argued about" is a family's, "described how he" parents').
const PAIR_CITED = new Set([...AUTHOR_CITED, 'argue for', 'argue that', 'showed that', 'suggest that', 'describe how']);
const PAIR_CITED_VERBS = new Set('coined distinguish distinguished proposed demonstrated published developed'.split(' '));
// ... and three authors or more: "Stone, Carson and Sharpe showed in 2010" ("Tom, Sarah and Priya showed
// me round" are colleagues).
const LIST_CITED = new Set(['showed that', 'showed in', 'reported that', 'reported in']);
// What an author is cited for, after "by": "the handbook by Malone Mukwende".
const BY_WORKS = new Set([...WORKS,
  ...'handbook textbook article chapter novel poem documentary anything something everything'.split(' ')]);
// Greeting, thanking or congratulating someone by name: "thanks Fola", "Congratulations Grace!"
const THANKS = new Set(['thanks', 'thank', 'thx', 'ta', 'cheers', 'hey', 'hi', 'hiya', 'hello',
  'congratulations', 'congrats', 'welcome', 'bye']);
// After who a message asks: "maya can you", "ruth are you ok".
const ASKING = new Set('can could are did do have would will were'.split(' '));
// Weather a message opens with: "Sunny here, 20 degrees" is no one signing in.
const WEATHER = new Set('sunny misty stormy windy rainy snowy cloudy foggy'.split(' '));
// What only a person has, after their name and "'s": "Lee's notes", "Grace's limp", "Bill's
// patients", "Sunny's story", "Dean's keyworker".
const PERSONAL = new Set(`notes employer keyworker appointment appointments referral funeral wedding birthday limp
    confidentiality patients story idea point diagnosis results bloods scan inr medication meds
    prescription consultation pregnancy miscarriage overdose case consultant surgeon physio
    physiotherapist midwife nursery paediatrician physician psychiatrist psychologist haematologist
    gastroenterologist oncologist cardiologist neurologist rheumatologist dermatologist
    endocrinologist urologist gynaecologist nephrologist ogd colonoscopy endoscopy mri biopsy smear
    ecg operation ultrasound`.split(/\s+/));
// What a person has, after a first name that is also a word opening a sentence with its "'s" ("Rob's
// advice", "Iris's pension", "Paddy's previous practice"); not a thinker's work.
const HELD_BY_PEOPLE = new Set([...PERSONAL, ...`advice pension note mobile number phone previous new old gp practice
  house flat home car school job benefits records record address email account passport words voice face hand
  question comment message text letter view partner son daughter dad mum husband wife`.split(/\s+/)]);
// Where someone works or comes from, after "X from the": "Rose from the deanery", "jo from the
// hospice", "Bill from IT".
const WORKPLACES = new Set(`team deanery practice surgery pharmacy chemist hospice ward hospital council school office
    reception admin site allotments allotment church mosque temple gurdwara synagogue home agency
    scheme service clinic lab desk shop takeaway market hostel pub club gym library nursery trust
    pcn hub unit centre bungalows flats estate cafe café salon place group estates facilities
    security catering housekeeping`.split(/\s+/));
// Spoken to at a message's start: "Mark you've frozen", "ravi thanks for that".
const SPOKEN_TO = new Set("you you're youre you've youve you'll youll thanks ur".split(' '));
// Words that open a message before "you're" or "thank you" and are nobody: wishes and asides
// ("Hope you're well", "Bet you're tired"), interjections ("Aw thank you", "Yeah, thanks") and a
// heading's noun ("Case from the Balint group: ...").
const NOT_SPOKEN_TO = new Set(`hope trust wish bet bless mind see guess love miss will may can aw aww ah ahh oh ooh
    yeah yes yep yup no nope ok okay wow lol haha omg sorry well right cool great case`.split(/\s+/));
// A chat's time stamp opening the line, before who wrote it: "[20:43] Rob:", "[14/02/2024, 10:45]
// Hamza:", "14/02/2024, 10:45 - Rob:" (an exported chat).
const STAMP = new RegExp('^[ \\t\u00a0]*(?:\\[(?:[0-9]{1,4}[/.-][0-9]{1,2}[/.-][0-9]{2,4},?[ \\t\u00a0]*)?[0-9]{1,2}'
  + '[:.][0-9]{2}(?:[:.][0-9]{2})?(?:[ \\t\u00a0]*[AaPp][Mm])?\\]|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4},'
  + '[ \\t\u00a0]*[0-9]{1,2}:[0-9]{2}[ \\t\u00a0]*[-\u2013])[ \\t\u00a0]*$');
// What a thanked friend is called that is no name: "thanks hun", "cheers bro".
const ENDEARMENTS = new Set('hun hon bro bruv bestie sweetie hunny tho lol lols xxx'.split(' '));
// The verbs in the data's drug_before: "started Sertraline", but "switched Michelle to".
const DRUG_VERBS = new Set('increased prescribed reduced restarted started starting stopped switched taking tried'.split(' '));
// A month or a weekday closing a heading: "Session one, October.", "after Balint, Wednesday."
const DIARY_NAMES = new Set(`january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday`.split(/\s+/));
const ONE_WHO = new Set(['with', 'who', 'whose']); // "X is the one with the glue ear"
const OBJECTS = new Set(['him', 'her', 'me', 'them', 'as', 'himself', 'herself']);
const OWNERS = new Set(['his', 'her', 'their']);
const PRONOUNS = new Set(['i', 'his', 'her', 'their', 'he', 'she', 'me']);
const TITLES = new Set(['mr', 'mrs', 'miss', 'dr', 'prof', 'professor', 'rev', 'revd', 'reverend']); // not "ms": multiple sclerosis
// Before a name, part of how the person is called: "Nana Ama", "Big Dave", "Sister Agnes".
const HONORIFICS = new Set(`nana nan auntie aunty aunt uncle sister brother big little baba mama papa grandma grandad
    grandpa granny father mother`.split(/\s+/));
const GO = new Set(['go', 'goes', 'going', 'went', 'gone']);
const DETERMINERS = new Set(['his', 'her', 'my', 'their', 'our', 'your', 'a', 'an', 'this', 'that']);
// Before a word in lower case, these make it a thing: "the tram", "my teddy", "by phone". Not
// "this", "that", "its": "was that ahmed", "sorry late to this hamish", "its aleena".
const NOUN_BEFORE = new Set('the a an my his her our their your these those some any every each'.split(' '));
const BY_MEANS = new Set(['by', 'on', 'over', 'via']);
// Where someone is, after a noun for them: "the nurse in charge", "the man from the gym".
const ROLE_PLACES = new Set('in at on from of'.split(' '));
// "Mark, the ST3 in our group,": who someone is, after their name.
const ROLE_DETERMINERS = new Set('the our my her his their a an another one'.split(' '));
const ROLES = new Set(`st fy gpst ct sho director lead partner tutor facilitator member coordinator assistant
    officer navigator prescriber chair courier observer clerk pa`.split(/\s+/));
// What closes an appositive: a comma within a few words, no sentence's end before it.
const APPOSITIVE_CLOSES = /^[^,.;:!?\n]{0,40},/;
const BRACKET_CLOSES = /^[^()\n]{0,40}\)/;
// A date of birth, after a comma or in brackets: "Dumisani Khumalo, DOB", "(dob 13/05/2001)".
const RECORD_AFTER = /^[ \t\u00a0]*[,(][ \t\u00a0]*(?:DOB|dob|Dob|D\.O\.B|d\.o\.b|born|n\u00e9e?)(?![A-Za-z])/;
// Words that never follow a title as a surname: "mr and mrs".
const FUNCTION_WORDS = new Set('and or the a an to of in on at with is was'.split(' '));
// A colon and the message after it, its first letter kept: "Saffy: did you?".
const LABEL_NEXT = /^:[ \t\u00a0]+(\S)/;
const MENTIONED = /(?<![^ \t\u00a0\n])@$/; // "@faith": a chat's mention
// How a work is made by its maker: "written by Jon Stone".
const MADE = new Set(('written edited directed painted sung composed narrated illustrated developed coined devised '
  + 'proposed popularised popularized pioneered').split(' '));
const COMPASS = new Set('north south east west northern southern eastern western'.split(' '));
// A "not" only a doer takes: "faith didnt come", "will hasnt been in" (not "isnt": "hope isnt").
const NOT_DONE = new Set(("didnt doesnt hasnt hadnt wont couldnt wouldnt didn't doesn't hasn't hadn't won't " +
  "couldn't wouldn't").split(' '));
// What people do, enough after a first name that is also a word ("Martin made", "Grace gave",
// "Peter shook"), though not after a word no list knows: drugs make and give too.
const DONE_BY_PEOPLE = new Set(`made gave shook sorted described ended took moved helped started stopped began turned
  watched opened offered listened paused brought handed held sounded wanted`.split(/\s+/));
// Who a message speaks as, after whom it speaks to: "rob we missed u", "fi i'll cover".
const SPEAKERS = new Set("i we i'll ill i've ive i'm im i'd".split(' '));
const MODALS = new Set('will can may might must shall should would could'.split(' '));
// What people are doing or about to do, after "is" or "was": "Mark is leading this term", "Paddy is
// retiring in July", "Rose is off today".
const DOING_NOW = new Set(`leading leaving retiring bringing presenting facilitating chairing joining starting coming
    going covering hosting moving training studying visiting expecting off away having settling
    dying asking picking driving sleeping crying waiting struggling typing stopping`.split(/\s+/));
// How only people are, after "is" or "was" ("Grace was right", "Faith was brilliant last month"),
// and where a colleague is, after "is on" ("Faith is on nights", "Grace is on maternity leave").
const PERSON_LIKE = new Set(`brilliant right wrong upset tearful angry furious rude apologetic defensive distraught
    livid adamant jaundiced sleepy poorly unwell frail breathless confused drowsy pale`.split(/\s+/));
const ON_LEAVE = new Set('leave nights call holiday annual maternity paternity sick study lates'.split(' '));
// Before a month, a country or a club that is also a first name, what makes it a person ("I asked
// Jordan", "with Chelsea"); "from", "to", "in" and "saw" go with places and matches too.
const ONLY_PEOPLE_BEFORE = new Set('asked emailed examined messaged phoned rang reassured texted thanked told with'.split(' '));
// Months and weekdays that no list lets count as a first name ("April", "May", "June" and "August"
// do, data's `names_despite`).
const CALENDAR = new Set(`january february march july september october november december monday tuesday
    wednesday thursday friday saturday sunday`.split(/\s+/));
// Who a nickname is given to: "calls him Spud" (not "called me Doctor", "called it Brexit").
const NICKNAMED = new Set(['him', 'her', 'them']);
// What grandchildren call the old: no name of their own.
const FAMILY_CALLS = new Set('pops gramps grampa gran nanna mum dad mummy daddy'.split(' '));
// Gone, after "has" or "had": "Joy has left the scheme", "Rose has stepped out".
const GONE = new Set('left gone stepped'.split(' '));
// What people will do, after a modal: "Heather will bring the tea bags", "Grace can chair".
const WILL_DO = new Set(`bring ring call text email phone present facilitate lead chair say tell ask explain come
    join cover host`.split(/\s+/));
// "10 mins", "3 obs": a word right after a number is what is counted, not whom.
const ITEM_OPENS = /[,:;][ \t\u00a0]*$/; // an item of a list starts after it
const COUNTED = /[0-9][ \t\u00a0]*$/;
// "Percy is his cat", "his dog Rocky", "Rolo the hamster"
const PETS = ['dog', 'cat', 'puppy', 'kitten', 'pet', 'pony', 'hamster', 'rabbit', 'bunny', 'budgie', 'parrot', 'tortoise',
  'goldfish', 'horse', 'pigeon', 'hen', 'chicken', 'pig', 'gerbil', 'ferret', 'canary', 'cockatiel', 'lizard', 'snake',
  'donkey', 'goat', 'labrador', 'spaniel', 'terrier', 'collie', 'poodle', 'retriever', 'dachshund', 'whippet',
  'greyhound', 'lurcher', 'beagle', 'pug'];
const PET_WORDS = new Set(PETS);
const NAMED_WEATHER = new Set(['storm', 'hurricane', 'cyclone', 'typhoon']); // "Storm Arwen"
// A sign's, a test's or a diagnosis's eponym comes after these, never a person ("positive Hawkins-Kennedy",
// "negative Murphy's", "possible Sinding-Larsen-Johansson"): no name in the 29 such places of the corpora's
// tune halves was marked.
const FINDING_BEFORE = new Set(['positive', 'negative', 'possible', 'probable']);
const TO_FROM = new Set(['to', 'from', 'into', 'via']);
// What a place is said to be: "Jordan is the country she fled", "Florence was the city".
const PLACE_NOUNS = new Set('country city town capital village place'.split(' '));
// Where a capital after a word in lower case is a place's, as grammar gives it: "from Madeira", "in
// Seville", "near Knighton" (a name that is no word needs no such capital: "from Amina").
const WHERE_FROM = new Set(['from', 'in', 'near', 'via', 'past', 'outside', 'misses']);
// What a person's record holds, after their name and "'s": "Jade's hosp no", "Dot's address".
const RECORDS = new Set('address dob hospital hosp nhs mrn chi phone mobile email postcode number details'.split(' '));
// Words that open a sentence before a name, capitalised only for being first: "When Lindani Ndlovu".
const OPENING_WORDS = new Set(`when after before then and but so if while once since as because although though until
    today yesterday tonight later`.split(/\s+/));
// Before "to" or "from", these make the town after them a person: "spoke to Stanley".
const TALK_BEFORE = new Set(`spoke speak speaking talk talked talking chat chatted chatting wrote write writing said
    say explained explain listened listen listening letter text call email message card note referral reply`.split(/\s+/));
// Street words that are verbs too: in lower case after a name, what the person does ("Lachlan walk in").
const PLACE_VERBS = new Set('walk walks drive drives close closes park parks row rows'.split(' '));
// Words English borrows with their accents, whose letters without them are first names ("déjà vu").
const LOANWORDS = new Set('déjà señora señor señorita olé mañana niño niña niños blasé élan née'.split(' '));
// "Dallas the TV series", "Rolo the hamster": what a name right before "the" can be the title of.
const TITLED_THINGS = new Set([...`series film movie show programme musical book novel band song album game podcast`.split(' '),
  ...PETS]);
// Verbs only people do: "grace rang back", "pat told me" open with a name; "bill came through" not.
const HUMAN_VERBS = new Set(`said says told tells asked asks rang rings phoned texted emailed messaged cried sobbed
    laughed smiled explained insisted replied whispered shouted screamed wept nodded shrugged
    sighed apologised complained confessed agreed argued begged joked promised thanked`.split(/\s+/));
// First names that are feelings, and what they do only as people: "Hope rang", "Joy cried", "Hope brought
// her three kids"; not "Hope lies in", "Joy came across her face".
const FEELINGS = new Set(['hope', 'joy']);
// First names that also head a note's line ("Case: a man of 60", "Faith: she goes to church", "Echo: not
// requested", "Chase: potassium"), so never a chat's writer before a colon.
const HEADING_NAMES = new Set([...FEELINGS, ...'case author echo chase faith'.split(' ')]);
const FELT_BY_OTHERS = new Set([...HUMAN_VERBS, ...'brought wants wanted missed cancelled attended booked died fell'.split(' ')]);
// A capital after these is a thing's or a pet's, not a person's: "the Hope ward", "a lot more
// Patience", "his dog Rocky".
const NOT_BEFORE_CAPITAL = new Set(['the', 'more', 'less', 'much', 'some', 'any', 'no', 'such', 'own', ...PETS]);
const FAMILY_VERBS = new Set(['are', 'were', 'have']); // "the Kowalskis are"
// Verbs no thing does, after a word no list knows: "mukendi brought", "jhun works nights".
const PEOPLE_ONLY = new Set(`brought works worked asked asks rang rings phoned texted emailed messaged cried laughed
    smiled wept sobbed died wants wanted lives lived moved popped refused declined agreed
    apologised thanked complained`.split(/\s+/));
// Whom one sees or tells: "saw tayo at the bus stop", "tell bola that".
const SEEN = new Set('saw see seen seeing visited visiting tell telling'.split(' '));
// What chat types that no small dictionary has: "so yeah Lenka rang", "okay thanks".
const CHAT_WORDS = new Set('yeah yep yup nope okay innit gonna wanna gotta dunno cuz'.split(' '));
// Endings of words, not names: "carer", "autocorrect", "bloating", "tiredness".
const WORD_ENDING = /(?:er|or|ist|ion|ing|ment|ness|ity|ism|ship|able|ible|ful|less|ous|ive|ect|ed|ly)$/;
// Words that open a sentence before what it says: "honestly, Pat has been coming for years".
const INTERJECTIONS = new Set('honestly so well anyway and but also'.split(' '));
// Where someone works, after "on": "Dawn on reception", "Jan on nights", "Sam on the desk".
const DUTIES = new Set('reception nights duty call days lates earlies desk phones switchboard'.split(' '));
const AT_ON = new Set(['at', 'on', 'into']); // "angry at Brian", "the bruises on Letitia", "ran into Naveed"
// Who is copied or brought in: "I'll copy in Rebecca", "loop in Tariq" (not "in Preston").
const IN_WITH = new Set("copy copied cc cc'd loop looped bring brought".split(' '));
// Between a name and its verb: "Nkechi just said", "Sam then rang".
const ADVERBS = new Set(`just then also never finally eventually still always definitely probably really actually
    usually often`.split(/\s+/));
// After a word no list knows at a sentence's start: "Thulani the care worker", "Morag from the isles".
const START_AFTER = new Set(['the', 'from', 'who', 'whose', 'old']);
// Verbs that give a person a name, with an object between them and it: "everyone calls him Mo",
// "introduced himself as Mo", "she signs her emails Mags".
const NAMING = new Set(`call calls called calling introduced introduces introducing signs signed sign signing
  addressed`.split(/\s+/));
// After "X is" / "X was": "X is the surname", "X is actually his name".
const NAME_NOUNS = new Set(['name', 'surname', 'names', 'surnames', 'forename', 'nickname']);
const WHAT_NAMES = new Set([...NAME_NOUNS, 'pseudonym', 'alias']); // "Hope is a pseudonym"
// Who does something, by the ending: "worrier", "smoker", "survivor", "pharmacist", "year".
const AGENT = /(?:er|or|ist|ian|ant|ent|ee|year)s?$/;
// "Crohn is a patient surname here": whose name it is.
const NAME_KINDS = new Set(['first', 'family', 'last', 'real', 'middle', 'maiden', 'given', 'christian', 'patient']);
// "Kit as he prefers", "Jo, as she likes to be called".
const PREFERS = new Set(['prefers', 'preferred', 'prefer', 'likes', 'liked', 'wants', 'wanted']);
const SUBJECTS = new Set(['he', 'she', 'they']);
// First names in the data that are words of SCOWL's full british-english though not of its small list
// ("max", "dale", "chad"): in lower case the shape of a line alone ("max again") names nobody.
const FULL_DICT_NAMES = new Set(`
  abbe abbes acacia alder aloha amaryllis ambrosia amity amour anise ante arbutus arent aster avian bane
  banyan barney beau beaux beck belladonna belle beryl biff billy birdie blase bobby bong bonnie bonny bowman
  bracken brad brewer briar brier brogan bruin buster butch cachet cal calliope calypso camber camellia canton
  careen carmine carrel carver cassia castor cayenne celesta cerise chad chaise chancy chandler chenille
  chiffon clement coda colleen collier comer craven czarina dahlia dale deb deforest dell dharma dick dickey
  dickie dicky dieter dirk diva doc dory dorys dotty drake dray dyke ed elan emery ester fanny felicity
  filbert finis freeman gabby garner griffin gryphon gurney gypsy hank hector heiress henna hogan homer
  hosanna jasmine jasper jessamine jihad jimmy jock john jonquil josh julienne kale karma kc kestrel khan la
  laddie lam lama lassie lea lei leviathan lief lien linden lisle lorn lyes margarita marlin marquis marquise
  marten maven max mayo mecca meg mesa messiah meta mi mica mickey midge min mister myrtle mystique nadir nils
  nirvana noel novella nu odyssey onyx oz paisley parley parry paschal pasha patina patsy pearly pharaoh
  philander phoebe ping pinkie pinky piper quince raja rajah randy reeve reeves rhea rick roan roger rogers
  romaine rosette sable sahib sander sanders savanna savannah sawyer senna sequoia seraphim serge shad shah
  shandy shant sharia shariah shooter sibyl sim smiley sol sonny starlet starling stiles stonewall sully
  sultana sylvan tad taffy tam tangy tansy taro teal tequila terry theres titan tom tony tor tram tron troy
  tucker vale verity vernal vesper viva waldo wen wheeler whit yaw yon yuk zed zen zephyr zeppelin zinnia
`.split(/\s+/).filter(Boolean));
// After a word ending in s: what says it was a plural noun ("Dawn visits are").
const PLURAL_NEXT = new Set(['are', 'were', 'have']); // not "for": "Lwazi plays for the county"
// Where another clause begins, with its own subject: "Lwazi plays for the county and they are top".
const CLAUSE_OPENERS = new Set('and but or so because who which that when while they he she we i you it there'.split(' '));
// Before or after someone known as themselves, not as a patient: "the poet Dylan Thomas", "a huge
// Taylor Swift fan", "Fiona Phillips's documentary".
const FAME_BEFORE = new Set(`poet singer actor actress footballer author novelist comedian presenter rapper
    celebrity painter artist writer playwright politician broadcaster journalist historian`.split(/\s+/));
const FAME_AFTER = new Set(`fan fans concert concerts album albums podcast podcasts documentary biopic gig gigs
    lyrics novel novels film films song songs poem poems painting paintings prints biography memoir`.split(/\s+/));
// The tests of a patient's consent, by the cases that set them: named together ("Gillick and
// Fraser", "Bolam and Montgomery"), none of them is a person.
const CONSENT_TESTS = new Set('gillick fraser bolam bolitho montgomery'.split(' '));
const QUOTE_CLOSED = /["\u201d\u2019'][ \t\u00a0]*$/; // a title in quotes just ended
// A work by its year after its author's 's: "O'Dowd's 1988 paper", "Pereira Gray's 2018 study".
const YEAR_WORK = new RegExp(String.raw`^[ \t\u00a0]+(?:19|20)[0-9]{2}[ \t\u00a0]+(?:paper|study|review|book|article|lecture|editorial`
  + String.raw`|report|essay|trial|survey)(?![A-Za-z])`);
// A title's capitals: one word ("Aubade"), or two capitalised words or more and every word of four letters
// or more capitalised ("The Body", "When Death Comes"; not "Thank you").
function titleCased(quoted) {
  const words = quoted.match(TITLE_WORD) || [];
  const capitals = words.filter((w) => /^[A-Z]/.test(w)).length;
  if (!(words.length > 0 && words.length <= 10) || words.some((w) => w.length >= 4 && !/^[A-Z]/.test(w))) return false;
  return words.length === 1 || capitals >= 2;
}

// A title in double quotes after its author's 's: 'Philip Larkin's "Aubade"', 'Mary Oliver's "When Death
// Comes"' (see titleCased).
const QUOTED_TITLE = /^[ \t\u00a0]*["\u201c]([A-Z][^"\u201c\u201d\n]{0,80})["\u201d]/;
const TITLE_WORD = /[A-Za-z][A-Za-z'\u2019-]*/g;
// A year of publication after an author: "Burton (2013)", "(Salmon, 2004)", "(Stone et al., 2010; ...)".
const YEAR_CITED = /^\.?(?:[ \t\u00a0]*\((?:19|20)[0-9]{2}[a-z]?[),;:]|,[ \t\u00a0]*(?:19|20)[0-9]{2}[a-z]?[);,])/;
const NATIONALITY_ENDINGS = ['an', 'ese', 'ish', 'i', 'ch']; // Kenyan, Congolese, Polish, Somali, Dutch
// How a person is, after "X was": "Somchai was quiet", "X is pregnant".
const STATES = new Set(`quiet tearful angry upset late fine lovely scared polite rude drunk pregnant unwell poorly
    ill sick better worse alive dead anxious calm furious grateful sweet kind chatty withdrawn adamant
    gracious brave honest tired happy sad cross livid apologetic defensive distraught reluctant frail
    sent told`.split(/\s+/)); // the last two: "Awadia was sent"
// After "X is a": what makes X a thing, not a person ("Hope is a tricky thing", "Percy is his cat").
const THINGS = new Set(['thing', 'things', 'word', 'feeling', 'way', 'idea', 'concept', 'part', 'source', ...PETS]);
// Things that are called something, as people are: "a company called SlimRx", "an app called Calm".
const CALLED_THINGS = new Set([...`company firm business brand product supplement app website site page account channel
    podcast programme program show series film movie book song band game drug medicine tablet
    cream device system platform village town city farm street road hotel restaurant charity
    condition disease syndrome virus course campaign house cottage`.split(/\s+/), ...THINGS, ...WORKPLACES]);
// Words that open what someone says before its subject: "Honestly Ivy has been through".
const OPENERS = new Set(`honestly so anyway well basically apparently sadly luckily unfortunately also and but
    then now today yesterday tonight afterwards later`.split(/\s+/));
// Before what was said or thought: "my trainer said Bill is a heartsink".
const SAYING = new Set(`said says say think thought thinks felt feel feels realised realized knew know suspect
  suspected heard guess reckon reckoned`.split(/\s+/));
// After "X, the lady": what goes on describing her ("with the colitis", "who rings").
const DESCRIBING = new Set('with who whose from that of at in on'.split(' '));
// Irish "Ó", "Ní", "Uí" ("Seán Ó Briain"); not "O" or "Mac", which stand alone too.
const PARTICLES = new Set('van von de der den du da di la le ap bin del dos binti bint ibn ó ní uí'.split(' '));
const BREAK = /[.!?;\n"\u201c(]/;
const DOTTED = /^(?:\.[ \t\u00a0]+)$/;
const INITIAL = /^[A-Z]$/;
// A line of an exported chat: its date and time, then who sent it and a colon ("12/03/2024,
// 18:52 - Harps: ok", "[12/03/2024, 18:52:07] Harps: ok"). Whoever sent it is a person.
const SENT_AT = new RegExp(String.raw`^\[?[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{2,4},?[ \t\u00a0]` // the date
  + String.raw`[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2})?(?:[ \t\u00a0\u202f]?[apAP]\.?[mM]\.?)?` // the time
  + String.raw`(?:\][ \t\u00a0]*|[ \t\u00a0]+-[ \t\u00a0]+)(?:~[ \t\u00a0]?)?$`);
const SENDER_WORD = String.raw`(?:${L}|['\u2019.\-])+`;
const SENDER = new RegExp(String.raw`${SENDER_WORD}(?:[ \t\u00a0]${SENDER_WORD}){0,2}:[ \t\u00a0]`, 'y');
const MAX_PARTS = 4;
const SURNAME_INITIALS = 'BCDEFGHJKLMNOPQRSTUVWXYZ'; // any capital but "I" and "A"
// ", 5," or ", 84 yrs,": an age between commas, right after a name
const AGE_NEXT = /^,[ \t\u00a0]*[0-9]{1,3}(?:[ \t\u00a0]*(?:y|yo|yrs?|years?)(?![a-z]))?[ \t\u00a0]*[,)]/;
// How a record says who someone is, not their name ("female, 62,"): the lists have Female.
const FEMALE_MALE = new Set(['female', 'male', 'f', 'm']);
// Right after a name, its owner's age: "Edna, 84,", "Ebony, aged 14,", "Summer, aged nine,".
const AGED = String.raw`,[ \t\u00a0]*[0-9]{1,3}(?:[ \t\u00a0]*(?:y|yo|yrs?|years?)(?![a-z]))?[ \t\u00a0]*[,)]` +
  // A baby's: "Tayo, 9 weeks,", "Hope Mbatha, nine months,"
  String.raw`|,[ \t\u00a0]*(?:[0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven` +
  String.raw`|twelve)[ \t\u00a0]+(?:days?|weeks?|wks?|months?|mths?)(?:[ \t\u00a0]+old)?[ \t\u00a0]*[,)]` +
  String.raw`|,?[ \t\u00a0]+aged?[ \t\u00a0]+(?:[0-9]|(?:two|three|four|five|six|seven|eight|nine|ten` +
  String.raw`|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty` +
  String.raw`|forty|fifty|sixty|seventy|eighty|ninety)(?![a-z]))` +
  // Written out between commas, from thirteen up: "Paddy, eighty-three, a regular,"
  String.raw`|,[ \t\u00a0]*(?:(?:thir|four|fif|six|seven|eigh|nine)teen|(?:twenty|thirty|forty|fifty` +
  String.raw`|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)` +
  String.raw`[ \t\u00a0]*[,)]`;
const AGE_ONLY_AFTER = new RegExp(String.raw`^[ \t\u00a0]*(?:` + AGED + ')', 'i');
// Or its date of birth, or a record read out: "Fiifi (dob 30/01/2015)", "Ivy Stainthorpe, born
// 30th September", "Iris Tempest, 716 342 4809".
const AGE_AFTER = new RegExp(
  String.raw`^[ \t\u00a0]*(?:\([ \t\u00a0]*(?:dob|d\.o\.b|aged?[ \t\u00a0]|[0-9]{1,3}(?![0-9]))` +
    '|' + AGED +
    String.raw`|,[ \t\u00a0]*(?:born|dob|d\.o\.b|nhs)(?![a-z])` +
    String.raw`|,[ \t\u00a0]*[0-9]{3}[ \-]?[0-9]{3}[ \-]?[0-9]{4}(?![0-9])` +
    String.raw`|,[ \t\u00a0]*[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-][0-9]{2,4}(?![0-9]))`,
  'i',
);
// The brands by their first letter, in the data's order (longest first): at each place a word may
// start, the first brand written there in any case of its ASCII letters with no letter after it.
// This is what guard_lists.py's alternation of them finds (re.ASCII | re.IGNORECASE); as a
// pattern here it was V8's slowest to compile (6 ms on first use under Node; Chromium's first
// check was 1 ms faster without it, 7.0 -> 5.9 ms).
function brandIndex(brands) {
  const index = new Map();
  for (const brand of brands) {
    const low = brand.toLowerCase();
    if (!index.has(low[0])) index.set(low[0], []);
    index.get(low[0]).push(low);
  }
  return index;
}
const ASCII_LETTER = /[A-Za-z]/;
const isLetterAt = (text, i) => i >= 0 && i < text.length && ASCII_LETTER.test(text[i]);
// ASCII letters folded, nothing else: "É" is no "e" here, as in Python's re.ASCII.
const asciiLower = (c) => (c >= 'A' && c <= 'Z' ? String.fromCharCode(c.charCodeAt(0) + 32) : c);
function brandAt(text, start, brands) {
  for (const brand of brands) {
    const end = start + brand.length;
    if (end > text.length || isLetterAt(text, end)) continue;
    let i = 1;
    while (i < brand.length && asciiLower(text[start + i]) === brand[i]) i += 1;
    if (i === brand.length) return end;
  }
  return -1;
}
function brandMatches(text) {
  const found = [];
  let at = 0;
  while (at < text.length) {
    const brands = isLetterAt(text, at - 1) ? undefined : BRANDS.get(asciiLower(text[at]));
    const end = brands ? brandAt(text, at, brands) : -1;
    if (end < 0) at += 1;
    else {
      found.push([at, end]);
      at = end;
    }
  }
  return found;
}

let LISTS = readLists(EMPTY);
let BRANDS = null;
let PLACE_WORDS = 0;

/** Take the parsed web/guard_names.json (or null when it could not be fetched). Without its data
 * the guard still finds every identifier but names without titles: a failed fetch must never stop
 * the app that imports it from starting. */
export function useNameData(data) {
  const usable = data !== null && typeof data === 'object' && KEYS.every((k) => typeof data[k] === 'string');
  if (!usable) console.warn('The confidentiality guard could not read its name lists.');
  LISTS = readLists(usable ? data : EMPTY);
  BRANDS = brandIndex(LISTS.brands);
  PLACE_WORDS = Math.max(0, ...[...LISTS.places].map((p) => p.split(' ').length));
}

// Letters that have no accent to take off, as the lists (ASCII) spell them.
const PLAIN = { ł: 'l', ø: 'o', đ: 'd', ð: 'd', þ: 'th', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', ħ: 'h', ŧ: 't', ŋ: 'n' };
const COMBINING = /[\u0300-\u036f]/g;
const NOT_PLAIN = /[łøđðþßæœıħŧŋ]/g;
const IS_ASCII = /^[\x00-\x7f]*$/;

// "zoltán" -> "zoltan", "małgorzata" -> "malgorzata": the lists' spelling.
function fold(key) {
  if (IS_ASCII.test(key)) return key;
  return key.normalize('NFD').replace(COMBINING, '').replace(NOT_PLAIN, (c) => PLAIN[c]);
}

function token(start, end, text) {
  const low = text.toLowerCase();
  const cap = CAPITALISED.test(text);
  const upper = UPPER.test(text);
  const lower = LOWER.test(text) || upper;
  const possessive = (cap || lower) && POSSESSIVE.test(text);
  const bare = possessive ? low.slice(0, -2) : low;
  return { start, end, low, cap, lower, upper, possessive, key: fold(bare.replace(APOSTROPHES, '')) };
}

// "plays", "cleans", "cries": the present of a verb the list has in the past ("played", "cleaned",
// "cried"); what a person does in one tense they do in the other.
function otherTense(low, verbs) {
  if (low.length < 4 || !low.endsWith('s') || low.endsWith('ss')) return false;
  if (low.endsWith('ies')) return verbs.has(`${low.slice(0, -3)}ied`);
  const stem = low.slice(0, -1);
  return verbs.has(`${stem}ed`) || verbs.has(`${stem}d`) || (low.endsWith('es') && verbs.has(`${low.slice(0, -2)}ed`));
}

// A verb only people do, in the data's tense or the other ("rang", "smokes").
const does = (low) => LISTS.personVerbsStrong.has(low) || otherTense(low, LISTS.personVerbsStrong);
const personNounWord = (low) => LISTS.kin.has(low) || PERSON_NOUNS.has(low);
const parts = (key) => key.split('-');
const isFirst = (key) => LISTS.first.has(key) || (key.includes('-') && parts(key).every((p) => LISTS.first.has(p)));
const isSurname = (key) => LISTS.surname.has(key) || (key.includes('-') && parts(key).some((p) => LISTS.surname.has(p)));
// How medicine makes its words: conditions ("-itis", "-osis", "-algia", "-aemia", "-pathy", "-oma"),
// procedures ("-ectomy", "-scopy", "-graphy", "-plasty", "-therapy") and the stems of drug names
// ("-pril", "-olol", "-statin", "-mab", "-cillin", "-irole", "-darone", "-thasone", "-vir", "-dipine";
// vaccines' "-rix": Shingrix, Infanrix). A listed first name or surname that ends so ("Ijeoma") is
// settled as a name before this is asked (server/guard_lists.py says why the stems are no shorter).
const MEDICAL_ENDING = new RegExp(
  '(?:itis|osis|iasis|ectasis|algia|aemia|emia|uria|penia|cytosis|rrhoea|rrhea|rrhagia|plegia' +
  '|paresis|phagia|pnoea|cardia|pathy|trophy|megaly|lepsy|phobia|ysis|centesis|ectomy|otomy' +
  '|ostomy|plasty|scopy|graphy|gram|metry|opsy|therapy|tension|[a-z]{3}omas?|oids|onin|pril' +
  '|olol|sartan|statin|[a-z]mab|[a-z]nib|cillin|mycin|cycline|floxacin|prazole|tidine' +
  '|azepam|azolam|oxetine|triptyline|apine|idone|parin|xaban|gliptin|gliflozin|formin' +
  '|dronate|triptan|setron|olone|ocort|amide|azine|icine|idine|afil|axis|ites|ism|oedema' +
  '|ampsia|itus|ismus|opause|icaria|laria|[a-z]{5}oin|isation|ization|bility|purinol|tamol|zole' +
  '|irole|[a-z]{3}rix|tasone|thasone|casone|darone|emantine|sonide|lukast|[oua]vir|ivir|profen' +
  '|fenac|dipine|thiazide|semide|barbital|[a-z]{3}caine|peridol|glitazone|glinide|[a-z]{3}terol' +
  '|tropium|oxacin|[a-z]{3}istic' +
  // more stems of the WHO's INN stem book and common UK drugs' endings ("cetirizine",
  // "fexofenadine", "doxazosin", "donepezil", "goserelin", "levonorgestrel")
  '|azosin|fenacin|butynin|begron|imibe|grelor|goxin|butaline|phylline|beverine' +
  '|izine|yzine|histine|atadine|fenadine|phenamine|binafine|ostat|ercept|relin' +
  '|stradiol|gestrel|sterone|renone|etanide|amprosate|sulfiram|pezil|stigmine' +
  '|antamine|clofen|tifen|trolene|theline|oscine|sorbide|randil|bradine|bitril' +
  '|pirocin|betasol|methrin|mectin|athion|acodyl|macrogol|[a-z]{3}vax|[a-z]{4}ema)$',
);
// A word medicine made, by its ending: "erythema", "lipomas", "pityriasis".
const medicalWord = (key) => MEDICAL_ENDING.test(key);
// Endings a word takes, and what its stem then ends in ("referrals", "nebulised"); the data's
// `more_words` are stored without them (server/guard_lists.py's INFLECTIONS and stems()).
const INFLECTIONS = [['ies', 'y'], ['ied', 'y'], ['es', ''], ['s', ''], ['ed', 'e'], ['ed', ''],
  ['ing', 'e'], ['ing', ''], ['ly', '']];
// A word of the full dictionary that the small one lacks ("angina", "referrals"), or one medicine
// made ("fibromyalgia", "mirtazapine"): a thing when it opens a sentence with a capital, not a name
// no list has.
const stemsOf = (key) => INFLECTIONS.filter(([end]) => key.endsWith(end) && key.length > end.length)
  .map(([end, stem]) => key.slice(0, -end.length) + stem);
// A common word: stored, or an inflection of one that no name is ("abbeys", but not "Barnes"); the
// data stores no word another's inflection makes (bench/make_guard_names.py). A word typed long
// ("youuu", "sooo") is the word.
const DRAWN_OUT = /([a-z])\1{2,}/g; // a letter three times or more: "youuu"
const drawnOut = (key) => {
  const short = key.replace(DRAWN_OUT, '$1');
  return short !== key && LISTS.words.has(short);
};
const inWords = (key) => LISTS.words.has(key)
  || (!LISTS.uninflected.has(key) && stemsOf(key).some((s) => LISTS.words.has(s))) || drawnOut(key);
const isWord = (key) => parts(key).every(inWords);
// A word made from another by a prefix ("rehoused", "unvaccinated", "overprescribed").
const PREFIX = /^(?:re|under|un|pre|over|mis|non)(?=[a-z]{5,}$)/;
// Things made with hyphens: a combination drug ("co-codamol", "co-amoxiclav"), and words joined by
// "the", "in" or "upon", which no one's name holds ("winnie-the-pooh", "jack-in-the-box").
const HYPHEN_THING = /^(?:co-[a-z]{4,}|[a-z]+(?:-[a-z]+)*-(?:the|in|upon|on|under|of)-[a-z-]+)$/;
const hyphenThing = (key) => HYPHEN_THING.test(key);
const isMoreWord = (key) => {
  if (LISTS.moreWords.has(key) || medicalWord(key) || hyphenThing(key)) return true;
  if (stemsOf(key).some((s) => LISTS.moreWords.has(s))) return true;
  const prefix = PREFIX.exec(key);
  if (prefix === null || isFirst(key) || isSurname(key)) return false;
  const rest = key.slice(prefix[0].length);
  return isWord(rest) || LISTS.moreWords.has(rest)
    || stemsOf(rest).some((s) => LISTS.moreWords.has(s) || inWords(s));
};
// "Parkinsons", "Sainsburys": the possessive typed without its apostrophe; not "Frances".
const isExcluded = (key) => parts(key).some((p) => LISTS.notNames.has(p)
  || (p.endsWith('s') && LISTS.notNames.has(p.slice(0, -1)) && !LISTS.namesDespite.has(p)));

/** "Dr YouTube": a title before one word that names a thing, no person ("Mrs English" stays). */
// A listed surname that is no first name, word, place or drug ("pritchard"; not "co-codamol", "rota").
const bareSurname = (key) => key.length >= 4 && !key.includes('-') && isSurname(key)
  && !(isFirst(key) || isWord(key) || isExcluded(key) || LISTS.proper.has(key)) && !FULL_DICT_NAMES.has(key);

export function titledThing(span) {
  const words = span.match(TOKEN) || [];
  if (words.length !== 2 || words[0].toLowerCase() !== 'dr') return false; // "Mrs Crohn" is someone
  const key = fold(words[1].toLowerCase().replace(APOSTROPHES, ''));
  return LISTS.notNames.has(key) && !LISTS.surname.has(key) && !LISTS.namesDespite.has(key);
}

/** Where shops, charities and hospitals named after people are: [start, end] pairs. */
// Shops, charities and hospitals named after people ("Sue Ryder"), and the famous ("Gabor Maté",
// "Beyoncé": matched without their accents, as the list spells them).
export function brandSpans(text) {
  if (!BRANDS) return [];
  const plain = plainLetters(text);
  return brandMatches(plain)
    .filter(([start, end]) => !(TITLED.test(plain.slice(start, end)) && surnameFollows(text, end)));
}

// A famous "Dr Hilary" or "Dr Phil" with a surname after is somebody else, who has one: "Dr Hilary
// Bamforth", "Dr Phil Roberts" ("Dr Who Christmas special" stays the programme).
const TITLED = /^(?:dr|mr|mrs|miss|ms|doctor)[ .]/i;
const NEXT_WORD = /[ \t\u00a0]+([A-Z][A-Za-z'\u2019-]*[A-Za-z])/y;
function surnameFollows(text, end) {
  NEXT_WORD.lastIndex = end;
  const m = NEXT_WORD.exec(text);
  if (!m) return false;
  const key = fold(m[1].replace(/['\u2019]s$/, '').toLowerCase().replace(APOSTROPHES, ''));
  if (isExcluded(key) || LISTS.proper.has(key)) return false; // "Christmas", "Boots"
  return isSurname(key) || !(isWord(key) || isMoreWord(key));
}

// `text` with each letter's accent off where that leaves one letter ("é" -> "e"): offsets stay.
function plainLetters(text) {
  if (IS_ASCII.test(text)) return text;
  return text.replace(/[^\x00-\x7f]/g, (c) => {
    const plain = fold(c);
    return plain.length === 1 ? plain : c;
  });
}

class Text {
  constructor(text) {
    this.text = text;
    this.tokens = [...text.matchAll(TOKEN)].map((m) => token(m.index, m.index + m[0].length, m[0]));
    const blocked = brandSpans(text);
    this.blocked = this.tokens.map((t) => blocked.some(([s, e]) => s < t.end && t.start < e));
    this.blockPlaces();
    this.blockWeather();
    this.blockCited();
    this.blockFindings();
  }

  // Tokens inside a place of more than one word ("Hong Kong") start no name.
  blockPlaces() {
    for (let i = 0; i < this.tokens.length; i += 1) {
      const words = [this.tokens[i].low];
      for (let j = i + 1; j < Math.min(i + PLACE_WORDS, this.tokens.length); j += 1) {
        if (!this.joined(j - 1, j, CLOSE)) break;
        words.push(this.tokens[j].low);
        if (LISTS.places.has(words.join(' '))) for (let k = i; k <= j; k += 1) this.blocked[k] = true;
      }
    }
  }

  // "Storm Arwen": a storm, not two people ("Storm Jones" is a child).
  blockWeather() {
    for (let i = 0; i + 1 < this.tokens.length; i += 1) {
      const [tok, next] = [this.tokens[i], this.tokens[i + 1]];
      // "Storm Dennis"; but "her son Storm Jones", "Storm Dennis Okafor" are children
      const surname = this.joined(i + 1, i + 2, CLOSE) && this.tokens[i + 2].cap;
      const kin = isSurname(next.key) && LISTS.kin.has(this.low(i - 1));
      if (tok.cap && NAMED_WEATHER.has(tok.low) && next.cap && this.joined(i, i + 1, CLOSE) && isFirst(next.key)
        && !(surname || kin)) {
        this.blocked[i] = true;
        this.blocked[i + 1] = true;
      }
    }
  }

  // A capital right after "positive" or "possible" is an eponym: "positive Hawkins-Kennedy", "possible
  // Sinding-Larsen-Johansson".
  blockFindings() {
    for (let i = 0; i + 1 < this.tokens.length; i += 1) {
      if (FINDING_BEFORE.has(this.tokens[i].low) && this.tokens[i + 1].cap && this.joined(i, i + 1, CLOSE)) {
        this.blocked[i + 1] = true;
      }
    }
  }

  // Authors listed before what scholars do start no name: "Rief and Barsky proposed", "Werner and
  // Malterud wrote about", "Stone, Carson and Sharpe showed"; a surname among them ("Priya and Tom
  // wrote about the session" are colleagues).
  blockCited() {
    const toks = this.tokens;
    let s = 0;
    while (s < toks.length) {
      let k = s;
      while (toks[k].cap && k + 1 < toks.length && toks[k + 1].cap && this.joined(k, k + 1, COMMA)) k += 1;
      const two = this.joined(k + 1, k + 2, CLOSE) && toks[k + 2].cap;
      if (toks[s].cap && this.low(k + 1) === 'and' && this.joined(k, k + 1, ADJACENT) && two) {
        const names = k - s + 2;
        const surname = [...toks.slice(s, k + 1), toks[k + 2]].some((t) => !isFirst(t.key));
        if (surname && this.scholarsDo(k + 3, names >= 3)) for (let m = s; m < k + 3; m += 1) this.blocked[m] = true;
      }
      s = k + 1;
    }
  }

  // Tokens from k, right after two names or `many`, say what authors do: "argue for", "coined";
  // "showed in" after three.
  scholarsDo(k, many) {
    if (!this.joined(k - 1, k, CLOSE)) return false;
    if (PAIR_CITED_VERBS.has(this.low(k))) return true;
    const said = `${this.low(k)} ${this.low(k + 1)}`;
    if (!this.joined(k, k + 1, CLOSE)) return false;
    return PAIR_CITED.has(said) || (many && LIST_CITED.has(said));
  }

  low(i) {
    return i >= 0 && i < this.tokens.length ? this.tokens[i].low : '';
  }

  joined(i, j, gap) {
    if (i < 0 || j >= this.tokens.length) return false;
    return gap.test(this.text.slice(this.tokens[i].end, this.tokens[j].start));
  }

  // Token i opens a sentence and is a word that only opens one: "So Zanele came back".
  opener(i) {
    return OPENING_WORDS.has(this.low(i)) && this.sentenceStart(i);
  }

  sentenceStart(i) {
    const before = i > 0 ? this.tokens[i - 1].end : 0;
    if (i === 0 || BREAK.test(this.text.slice(before, this.tokens[i].start))) return true;
    // "honestly, Pat has been", "so Summer is 15": after a word that only opens
    if (INTERJECTIONS.has(this.low(i - 1)) && this.joined(i - 1, i, ADJACENT)) return this.sentenceStart(i - 1);
    return false;
  }

  eponym(i) {
    const tok = this.tokens[i];
    if (!tok.possessive) return false;
    // "Parkinson's", "Christmas's"; but "Chelsea's son" is a girl's.
    // and "Ferdinand Ashworth's NHS number" a man's: a surname after a first name
    if (LISTS.notNames.has(tok.key)) {
      const named = isFirst(tok.key) || (isSurname(tok.key) && this.joined(i - 1, i, CLOSE)
        && this.tokens[i - 1].cap && isFirst(this.tokens[i - 1].key));
      return !(named && (this.kinFollows(i) || this.recordWordFollows(i)));
    }
    // A first name that is no surname owns a point of view or a work as a person does ("Hamish's
    // point about relief", "Sunita's approach"), not as an eponym ("McBurney's point") or a cited
    // thinker ("Launer's approach").
    const firstOnly = isFirst(tok.key) && !isSurname(tok.key);
    if (this.joined(i, i + 1, CLOSE) && LISTS.eponymAfter.has(this.tokens[i + 1].key)) return !firstOnly;
    // "Naegele's rule", "Hickam's dictum"; but "Tom's rule is never to" is a person's.
    if (this.joined(i, i + 1, CLOSE) && EPONYM_NOUNS.has(this.tokens[i + 1].key) && !isFirst(tok.key)) return true;
    return !firstOnly && this.thinker(i);
  }

  // Token i, a possessive, owns what scholars write: "Stone's work on", "Draper's model", "Huxley's
  // findings" (not "Tom's book club").
  coAuthored(i) {
    if (!(this.tokens[i].possessive && this.joined(i, i + 1, CLOSE))) return false;
    if (this.low(i + 1) === 'work') return this.low(i + 2) === 'on' && this.joined(i + 1, i + 2, CLOSE);
    return CO_AUTHORED.has(this.low(i + 1));
  }

  // Token i, a possessive, owns a work: "Launer's book", "Helman's folk model", "Beck's depression
  // inventory", "Kroenke's work on the PHQ-15", "Launer's piece on".
  thinker(i) {
    if (!(this.tokens[i].possessive && this.joined(i, i + 1, CLOSE))) return false;
    if (WORKS.has(this.tokens[i + 1].key) || this.workOn(i + 1)) return true;
    for (const j of [i + 2, i + 3]) { // a word or two on: "Krause's old work on", "Herman's three stages"
      if (!(this.joined(j - 1, j, CLOSE) && this.tokens[j - 1].lower)) return false;
      if (this.tokens[j - 1].upper || LISTS.kin.has(this.low(j - 1))) return false;
      if (WORKS.has(this.tokens[j].key) || this.workOn(j)) return true;
    }
    return false;
  }

  // "work on", "piece on" at token j: what someone wrote about something.
  workOn(j) {
    return ['work', 'piece'].includes(this.low(j)) && this.low(j + 1) === 'on' && this.joined(j, j + 1, CLOSE);
  }

  strongCue(i) {
    if (!this.joined(i - 1, i, ADJACENT)) return false;
    const prev = this.low(i - 1);
    if (this.thingCalled(i)) return false;
    if (LISTS.kin.has(prev) || LISTS.strong.has(prev)) return true;
    // "my colleague Efua"
    if (PERSON_NOUNS.has(prev) && DETERMINERS.has(this.low(i - 2))) return this.joined(i - 2, i - 1, CLOSE);
    if (prev === 'by') return this.joined(i - 2, i - 1, CLOSE) && GO.has(this.low(i - 2)); // "goes by Mags"
    return OBJECTS.has(prev) && this.joined(i - 2, i - 1, CLOSE) && LISTS.strong.has(this.low(i - 2));
  }

  // A verb that names someone, with the object between ("everyone calls him Mo", "signs her emails
  // Mags"), or what follows does: "Kit as he prefers", "Cushing is his surname".
  namingCue(i) {
    // "her eldest is called Chelsea"
    if (['called', 'named'].includes(this.low(i - 1)) && BE.has(this.low(i - 2))) {
      // "is called Leeds Mental Wellbeing Service" names a service, not a person
      return this.joined(i - 2, i - 1, CLOSE) && this.joined(i - 1, i, CLOSE) && !this.workplaceNamed(i);
    }
    // "Featherstonehaugh is pronounced Fanshaw": how a name is said
    if (this.low(i - 1) === 'pronounced' && this.joined(i - 1, i, CLOSE)) return true;
    for (let k = i - 1; k >= i - 3 && this.joined(k, k + 1, CLOSE) && !this.tokens[k].cap; k -= 1) {
      if (NAMING.has(this.low(k))) {
        const between = [];
        for (let m = k + 1; m < i; m += 1) between.push(this.low(m));
        // "called him the Tuesday man": a description, not a name
        const described = between.slice(1).some((x) => ['the', 'a', 'an'].includes(x));
        if (between.length && (OBJECTS.has(between[0]) || OWNERS.has(between[0]))) return !described;
        break;
      }
    }
    // "Winter, his surname, is", "Mputu, that's the surname": said right after it.
    if (NAME_APPOSITIVE.test(this.text.slice(this.tokens[i].end))) return true;
    let j = i + 1;
    if (!BE.has(this.low(j)) && this.goodSurname(j, false)) j += 1; // "Jack Frost is actually his name"
    if (!this.joined(i, i + 1, ADJACENT)) return false;
    if (this.low(i + 1) === 'as') return SUBJECTS.has(this.low(i + 2)) && PREFERS.has(this.low(i + 3));
    if (!(this.joined(j - 1, j, CLOSE) && BE.has(this.low(j)))) return false;
    const words = [];
    for (let k = j + 1; k < j + 5; k += 1) {
      if (!this.joined(k - 1, k, CLOSE)) break;
      words.push(this.low(k));
      if (NAME_NOUNS.has(this.low(k))) {
        const rest = words.slice(0, -1).filter((x) => !['actually', 'really', 'still'].includes(x));
        if (!(rest.length && rest.length <= 2)) return false;
        // "the name" alone is any thing's ("Fibromyalgia is the name they gave it")
        const owned = rest.some((x) => OWNERS.has(x) || NAME_KINDS.has(x));
        if (!(owned || /^(?:sur|fore|nick)/.test(this.low(k)))) return false;
        return rest.every((x) => OWNERS.has(x) || NAME_KINDS.has(x) || ['the', 'my', 'our', 'a'].includes(x));
      }
    }
    return false;
  }

  // Right after "call him", "calls her", "called them" or "goes by": what someone is called
  // ("everyone calls him Spud", "he goes by Den"; "she called me Doctor", "the kids call him Pops"
  // are no names).
  nicknamed(i) {
    if (!(this.joined(i - 2, i - 1, CLOSE) && this.joined(i - 1, i, CLOSE))) return false;
    const [verb, object] = [this.low(i - 2), this.low(i - 1)];
    if (object === 'by') return ['goes', 'go', 'going', 'went'].includes(verb);
    return ['call', 'calls', 'called', 'calling'].includes(verb) && NICKNAMED.has(object)
      && !(HONORIFICS.has(this.tokens[i].key) || FAMILY_CALLS.has(this.tokens[i].key));
  }

  // What follows or comes before token i is said only of a person: "reflect on Stuart, whom",
  // "Florence who"; or it closes a clause after "is"/"was" whose subject is a person ("the one I
  // keep coming back to is Florence").
  personSlot(i) {
    let { end } = this.tokens[i];
    let j = i + 1;
    if (this.goodSurname(j, false)) { end = this.tokens[j].end; j += 1; }
    // "Cronin, the lady with the colitis"; not "the Fluenz, the nurse", "on Sunday, the one"
    const { key } = this.tokens[i];
    const named = (isFirst(key) || isSurname(key)) && !isExcluded(key);
    if (named && this.describedAfter(j - 1)) return true;
    if (this.joined(j - 1, j, ADJACENT) && ['who', 'whom'].includes(this.low(j))) {
      // "in April, who knows why", "the team at Florence, who were lovely"
      return !['knows', 'cares', 'were', 'are'].includes(this.low(j + 1));
    }
    if (!(this.joined(i - 1, i, CLOSE) && BE.has(this.low(i - 1))
      && (j === this.tokens.length || CLAUSE_CLOSE.test(this.text.slice(end))))) return false;
    for (let k = i - 2; k > 0 && i - k < 10 && !this.sentenceStart(k); k -= 1) {
      if (['the', 'my', 'our', 'this', 'that'].includes(this.low(k - 1)) && this.personNoun(k)) return true;
    }
    return false;
  }

  weakCue(i) {
    if (!(this.joined(i - 1, i, CLOSE) && LISTS.weak.has(this.low(i - 1)))) return false;
    return !this.townAsPlace(i);
  }

  // "drove to Morley", "came from Stanley": where a town that is a first name is the town; but
  // "spoke to Stanley", "a letter from Shirley", "belonged to Stockton, a retired postman" are people.
  townAsPlace(i) {
    if (!LISTS.towns.has(this.tokens[i].key)) return false;
    if (this.listedWithAPlace(i) || this.saidAPlace(i)) return true; // "Inverness, Dundee and Paisley"
    if (!TO_FROM.has(this.low(i - 1))) return false;
    if (this.joined(i, i + 1, COMMA) && ['a', 'an', 'the', 'my', 'our'].includes(this.low(i + 1))) return false;
    if (this.goodSurname(i + 1, true)) return false; // "From: Yasmin Haddad": a surname follows
    return !TALK_BEFORE.has(this.low(i - 2));
  }

  // "Jordan is where her family are from", "Jordan's the country she fled": token i is said to be a
  // place.
  saidAPlace(i) {
    let k;
    if (this.tokens[i].possessive) k = i + 1; // "Jordan's the country": "is" glued on
    else if (this.joined(i, i + 1, CLOSE) && ['is', 'was'].includes(this.low(i + 1))) k = i + 2;
    else return false;
    if (!this.joined(k - 1, k, CLOSE)) return false;
    if (this.low(k) === 'where') return true;
    return this.low(k) === 'the' && this.joined(k, k + 1, CLOSE) && PLACE_NOUNS.has(this.low(k + 1));
  }

  // Token i's neighbour in a list ("X, Y", "X and Y", "Y or X") is a place that is no first name:
  // "Lagos, Accra and Nairobi", "Paisley or Dundee".
  listedWithAPlace(i) {
    for (const [k, j] of [[i - 1, i], [i, i + 1]]) {
      let mate;
      if (this.joined(k, j, COMMA)) {
        mate = j !== i ? j : k;
      } else if (['and', 'or'].includes(this.low(j)) && j !== i && this.joined(k, j, CLOSE)) {
        mate = this.joined(j, j + 1, CLOSE) ? j + 1 : -1;
      } else if (['and', 'or'].includes(this.low(k)) && k !== i && this.joined(k, j, CLOSE)) {
        mate = this.joined(k - 1, k, CLOSE) ? k - 1 : -1;
      } else {
        continue;
      }
      if (mate >= 0 && mate < this.tokens.length && this.placeLike(mate)) return true;
    }
    return false;
  }

  placeLike(i) {
    const tok = this.tokens[i];
    return tok.cap && LISTS.proper.has(tok.key) && !isFirst(tok.key);
  }

  personCue(i) {
    return this.joined(i - 1, i, CLOSE) && LISTS.personBefore.has(this.low(i - 1));
  }

  unknownCue(i) {
    if (this.sentenceStart(i)) {
      if (!(this.joined(i, i + 1, CLOSE) && this.low(i + 1) === 'and')) return false;
      if (!this.joined(i + 1, i + 2, CLOSE)) return false;
      if (PRONOUNS.has(this.low(i + 2))) return true;
      return this.pairSubject(i + 2);
    }
    if (this.thingCalled(i)) return false;
    return this.joined(i - 1, i, CLOSE) && LISTS.unknownBefore.has(this.low(i - 1));
  }

  // "a company called SlimRx", "an app called Calm": token i names a thing.
  thingCalled(i) {
    return ['called', 'named'].includes(this.low(i - 1)) && CALLED_THINGS.has(this.low(i - 2));
  }

  // "Tolu and Funmi are sisters": token k, after "X and", is a name too (a listed first name or a word
  // no list knows, no place) and the two go on as people do.
  pairSubject(k) {
    const tok = this.tokens[k];
    if (!tok.cap || this.blocked[k] || tok.possessive || !this.joins(k)) return false;
    if (LISTS.proper.has(tok.key) || LISTS.towns.has(tok.key)) return false;
    if (this.joined(k, k + 1, CLOSE) && FAMILY_VERBS.has(this.low(k + 1))) {
      // "are sisters", "were both nurses"; "Madopar and Sinemet are both levodopa" is not
      const m = this.low(k + 2) === 'both' ? k + 3 : k + 2;
      const noun = this.low(m).endsWith('s') ? this.low(m).slice(0, -1) : this.low(m);
      return this.joined(m - 1, m, CLOSE)
        && (FAMILY_NOUNS.has(this.low(m)) || personNounWord(noun) || noun === 'married');
    }
    return this.verbAfter(k, LISTS.personVerbsStrong);
  }

  // "passed the phone to Thandeka": after "to", with a verb of handing over a few words back.
  givenTo(i) {
    if (!(this.joined(i - 1, i, CLOSE) && this.low(i - 1) === 'to')) return false;
    for (let k = Math.max(0, i - 5); k < i - 1; k += 1) if (GIVE.has(this.low(k))) return true;
    return false;
  }

  wordlike(i) {
    const { key } = this.tokens[i];
    return isWord(key) || LISTS.towns.has(key);
  }

  // "Edna, 84, lives alone", "Summer, aged nine,"; with `record`, also "Fiifi (dob 30/01/2015)",
  // "Ivy, born 3/4/31" (which follow a weekday as well: "Tuesday, DOB").
  ageAfter(i, record = true) {
    const { end } = this.tokens[i];
    return (record ? AGE_AFTER : AGE_ONLY_AFTER).test(this.text.slice(end, end + 24));
  }

  describes(i) {
    return this.sentenceStart(i) && this.joined(i, i + 1, CLOSE) && START_AFTER.has(this.low(i + 1));
  }

  startOfDescription(i) {
    return !this.tokens[i].possessive && this.describes(i);
  }

  family(i) {
    const tok = this.tokens[i];
    if (tok.possessive || !tok.key.endsWith('s') || isExcluded(tok.key)) return false;
    const stem = tok.key.slice(0, -1);
    if (isWord(stem) || isWord(tok.key) || LISTS.proper.has(stem) || LISTS.proper.has(tok.key)) return false;
    if (isSurname(stem) && !isExcluded(stem)) return true; // "the Nwachukwus want", "the Mahmoods"
    return this.verbAfter(i, LISTS.personVerbs) || (this.joined(i, i + 1, CLOSE) && FAMILY_VERBS.has(this.low(i + 1)));
  }

  // "the Hughes-Mbeki family", "the Smith twins": a surname that is no word.
  familyNamed(i) {
    const tok = this.tokens[i];
    if (tok.possessive || isExcluded(tok.key) || LISTS.proper.has(tok.key)) return false;
    // "the Hinchliffe family's housing application": the family owns what follows
    if (!(this.joined(i, i + 1, CLOSE) && FAMILY_NOUNS.has(this.tokens[i + 1].key))) return false;
    return isSurname(tok.key) || !isWord(tok.key);
  }

  verbAfter(i, verbs) {
    for (const j of [i + 1, i + 2]) {
      if (!this.joined(j - 1, j, CLOSE)) return false;
      const low = this.low(j);
      if ((low === 'came' || low === 'comes') && this.low(j + 1) === 'up') return false; // "Faith came up": mentioned
      // "Patience ran out", "Patience runs thin": what is used up, not who ran
      if ((low === 'ran' || low === 'runs') && this.low(j + 2) !== 'of' // "ran out of his meds"
        && ['out', 'thin', 'low', 'short', 'dry'].includes(this.low(j + 1))) return false;
      // "Ferritin came back at 9": a result, not someone who returned
      if ((low === 'came' || low === 'comes') && this.low(j + 1) === 'back' && RESULT_AFTER.has(this.low(j + 2))) {
        return false;
      }
      // "Case presented: a man of 60", "Case presented by Tariq": a label or the passive.
      if (low === 'presented' && (this.low(j + 1) === 'by' || this.text.startsWith(':', this.tokens[j].end))) return false;
      // "Dawn visits are the worst": a plural noun, not a verb in its other tense.
      if (verbs.has(low) || (otherTense(low, verbs) && !this.pluralSubject(j))) return true;
      if (low === 'and' && this.joined(j, j + 1, CLOSE) && OWNERS.has(this.low(j + 1))) return true;
      if (j === i + 2 || !(this.goodSurname(j, false) || ADVERBS.has(low))) return false;
    }
    return false;
  }

  // Token j, a word in -s, is a plural noun: the clause's first "be" or "have" after it agrees with a
  // plural ("Dawn visits are the worst", "Dawn visits to the farm were quiet", "Frank talks with
  // families are part of it"; not "Lwazi plays for the county", "Frank talks to his son, who is").
  pluralSubject(j) {
    for (let m = j + 1; m < Math.min(j + 8, this.tokens.length); m += 1) {
      if (!this.joined(m - 1, m, CLOSE)) return false;
      const low = this.low(m);
      if (PLURAL_NEXT.has(low)) return true;
      if (BE_HAVE.has(low) || CLAUSE_OPENERS.has(low)) return false; // "... and they are": another clause
    }
    return false;
  }

  // "X is 15", "X is a retired teacher", "X is the son", "X has been crying"; not "Hope is what".
  describedAsPerson(i) {
    let j = i + 1;
    if (!BE_HAVE.has(this.low(j)) && this.goodSurname(j, false)) j += 1; // "Lascelles Grant is a bus driver"
    let be = this.low(j);
    // "Barry used to be a scaffolder": "was", said of what someone no longer is.
    if (be === 'used' && this.low(j + 1) === 'to' && this.low(j + 2) === 'be'
      && this.joined(j, j + 1, CLOSE) && this.joined(j + 1, j + 2, CLOSE)) {
      j += 2;
      be = 'was';
    }
    const k = j + 1;
    if (!(this.joined(j - 1, j, CLOSE) && BE_HAVE.has(be))) return false;
    if (BE.has(be) && NUMBER_NEXT.test(this.text.slice(this.tokens[j].end))) return true;
    if (!this.joined(j, k, CLOSE)) return false;
    if (NUMBER_WORDS.has(this.low(k))) return !BE.has(be); // "has two sons"; "is two hours away"
    // "the son", "the eldest daughter", "the only other trainee"
    if (this.low(k) === 'the') return this.personNounWithin(k);
    if (BE.has(be) && this.origin(k)) return true; // "Wanjiru is Kenyan", "Awadia is from Darfur"
    // "Mark is leading this term", "Grace was right", "Faith is on nights"; "Hope is going" is a
    // feeling's.
    const onLeave = this.low(k) === 'on' && ON_LEAVE.has(this.low(k + 1));
    if (BE.has(be) && (DOING_NOW.has(this.low(k)) || PERSON_LIKE.has(this.low(k)) || onLeave)) {
      return !FEELINGS.has(this.tokens[i].key);
    }
    // "Hope is a strange thing", "Joy is not a word": a thing, not a person.
    for (let m = k + 1; m < k + 4; m += 1) if (THINGS.has(this.low(m))) return false;
    // A name that is also a word is "a" person only as a person is: "Bill is a retired teacher",
    // "Grace is a worrier"; not "Patience is a virtue".
    if (['a', 'an'].includes(this.low(k)) && BE.has(be) && this.wordlike(i)) {
      if (this.personNounWithin(k)) return true;
      for (let m = k + 1; m < k + 4; m += 1) {
        const low = this.low(m);
        if (DETERMINERS.has(low)) return false; // "a virtue my trainer has"
        if (AGENT.test(low) || WHAT_NAMES.has(low)) return true;
      }
      return false;
    }
    return COMPLEMENTS.has(this.low(k));
  }

  // A noun for a person among the three lower-case words after token k ("a retired nurse", "the only
  // other trainee").
  // "Florin was working", "Awadia was sent back", "Somchai was quiet", "Tendai has stopped": token i,
  // then "is", "was", "has" or "had", then what a person is doing, has done, had done to them or is
  // like ("Vaisakhi was on", "Hajj was the" are not).
  inAState(i) {
    if (!(this.joined(i, i + 1, CLOSE) && BE_HAVE.has(this.low(i + 1)))) return false;
    if (!this.joined(i + 1, i + 2, CLOSE)) return false;
    const tok = this.tokens[i + 2];
    const low = tok.low;
    return tok.lower && !tok.upper
      && (STATES.has(low) || (low.length > 4 && (low.endsWith('ing') || low.endsWith('ed') || low.endsWith('ent'))));
  }

  // Token j goes on a name as a listed surname that is no word: "Ricci", "Okafor".
  surnameListedStrictly(j) {
    return this.goodSurname(j, true) && isSurname(this.tokens[j].key);
  }

  // Token k says where someone is from: "from", or a nationality in capitals ("Kenyan", "Congolese",
  // "Polish"; the data has them among its never-names).
  origin(k) {
    const tok = this.tokens[k];
    if (tok.low === 'from') return true;
    return tok.cap && isExcluded(tok.key) && NATIONALITY_ENDINGS.some((e) => tok.key.endsWith(e));
  }

  personNounWithin(k) {
    for (let m = k + 1; m < k + 4; m += 1) {
      if (!this.joined(m - 1, m, CLOSE) || this.tokens[m].cap) return false;
      if (THINGS.has(this.low(m)) || DETERMINERS.has(this.low(m))) return false; // "a virtue my trainer"
      if (this.personNoun(m)) return true;
    }
    return false;
  }

  // Only as a person is described: "X is 15", "X is a 19 year old", "X is the son", "X had been
  // drinking". For words that are mostly something else: places, days, months.
  describedStrictly(i) {
    const j = i + 1;
    const k = i + 2;
    if (!(this.joined(i, j, CLOSE) && BE_HAVE.has(this.low(j)))) return false;
    if (BE.has(this.low(j)) && NUMBER_NEXT.test(this.text.slice(this.tokens[j].end))) return true;
    if (!this.joined(j, k, CLOSE)) return false;
    const low = this.low(k);
    if (low === 'a' || low === 'an') {
      if (NUMBER_NEXT.test(this.text.slice(this.tokens[k].end))) return true;
      // "Sunday is a man from Benin City", "June is a retired nurse"; "May is a busy month", and a role
      // ("Sis is a nurse") is no first name.
      return isFirst(this.tokens[i].key) && this.personNounWithin(k);
    }
    if (low === 'the') {
      if (!this.joined(k, k + 1, CLOSE)) return false;
      // "Lincoln is the one with the glue ear"
      if (this.low(k + 1) === 'one') return this.joined(k + 1, k + 2, CLOSE) && ONE_WHO.has(this.low(k + 2));
      return LISTS.kin.has(this.low(k + 1));
    }
    return low === 'been' && this.joined(k, k + 1, CLOSE) && this.low(k + 1).endsWith('ing');
  }

  // Token i, a possessive mid-sentence, owns the lower-case word after it, and no preposition
  // before it makes it a place ("at Bart's").
  owned(i) {
    if (!this.joined(i, i + 1, CLOSE)) return false;
    const next = this.tokens[i + 1];
    const test = next.upper && PERSONAL.has(next.key); // "Abrehet's OGD is booked": a person's too
    if (this.sentenceStart(i)) { // "Nomvula's church group"; "Hickam's dictum" is no one's
      return test || (next.lower && !next.upper && !LISTS.eponymAfter.has(next.key) && !EPONYM_NOUNS.has(next.key));
    }
    if (!this.joined(i - 1, i, CLOSE)) return false; // "..., Hickam's dictum": no clause around it
    if (((next.cap || next.upper) && !test) || LISTS.drugBefore.has(this.low(i - 1))) return false;
    return !['to', 'from', 'by', 'via', 'for', 'with'].includes(this.low(i - 1));
  }

  surnameNoWord(j) {
    return this.goodSurname(j, false) && !isWord(this.tokens[j].key);
  }

  // "the son", "the teenager", "the one who": a noun for a person.
  personNoun(i) {
    return personNounWord(this.low(i));
  }

  // Token i opens what was said or thought: "my trainer said Bill is", "I think Grace has".
  reported(i) {
    if (!this.joined(i - 1, i, CLOSE)) return false;
    // "Honestly Ivy has been through", "So Grace is the one": an opening word of talk.
    return SAYING.has(this.low(i - 1)) || (OPENERS.has(this.low(i - 1)) && this.sentenceStart(i - 1));
  }

  // Token i, a first name (`known`) or a word no list claims (`unclaimed`), is used as only a person is:
  // "Grace's limp", "Grace are you ok to", "Joy the DN is off sick", "Rose from the deanery".
  usedAsPerson(i, known, unclaimed) {
    const tok = this.tokens[i];
    if (known && tok.possessive && this.joined(i, i + 1, CLOSE) && PERSONAL.has(this.low(i + 1))) return true;
    if ((known || unclaimed) && (this.askedDirectly(i) || this.roleApposed(i))) return true;
    return known && this.fromWorkplace(i);
  }

  // Token i is a first name's 's typed without its apostrophe, before kin or what only a person has:
  // "Priyas case", "Baljits mum", "Adebayos referral" (not "Parkinsons disease", "Jones", "Davis").
  barePossessive(i) {
    const tok = this.tokens[i];
    const { key } = tok;
    if (tok.possessive || key.length < 4 || !key.endsWith('s')) return false;
    const stem = key.slice(0, -1);
    if (!(isFirst(stem) && !isWord(stem))) return false;
    if (isFirst(key) || isSurname(key) || isWord(key) || isExcluded(key)) return false;
    if (LISTS.proper.has(key) || !this.joined(i, i + 1, CLOSE)) return false;
    return PERSONAL.has(this.low(i + 1)) || LISTS.kin.has(this.low(i + 1));
  }

  // Token i opens a sentence (maybe after "big", "old", "wee") and where the person works or comes
  // from follows: "Rose from the deanery is running it", "mo from the pharmacy says", "Bill from IT"
  // (not "Hope from the start", "Rose from the table").
  fromWorkplace(i) {
    const start = this.sentenceStart(i) || (HONORIFICS.has(this.low(i - 1))
      && this.joined(i - 1, i, CLOSE) && this.sentenceStart(i - 1));
    if (!start || NOT_SPOKEN_TO.has(this.low(i))) return false;
    if (!(this.joined(i, i + 1, CLOSE) && this.low(i + 1) === 'from')) return false;
    let k = i + 2;
    if (this.low(k) === 'the' && this.joined(k - 1, k, CLOSE)) k += 1;
    for (let m = k; m < Math.min(k + 3, this.tokens.length); m += 1) {
      if (!this.joined(m - 1, m, CLOSE)) return false;
      const tok = this.tokens[m];
      if (tok.low === 'it') return this.text.slice(tok.start, tok.end) === 'IT'; // "Bill from IT", not "Mark from it all"
      // "Numbers from the practice: 41 children": a heading, not who came
      if (WORKPLACES.has(tok.low)) return !this.text.startsWith(':', tok.end);
    }
    return false;
  }

  // Token i opens a sentence, "the" and a role follow it, and then what the person did or is: "Joy the
  // DN is off sick", "Tempe the pharmacist said" (not "Will the nurse be there", "Mark the nurse's
  // notes as read").
  roleApposed(i) {
    if (!this.sentenceStart(i) || NOT_SPOKEN_TO.has(this.low(i))) return false;
    if (!(this.joined(i, i + 1, CLOSE) && ['the', 'our', 'my', 'your'].includes(this.low(i + 1)))) return false;
    for (let k = i + 2; k < Math.min(i + 5, this.tokens.length); k += 1) {
      if (!this.joined(k - 1, k, CLOSE)) return false;
      if (this.personNoun(k) || ROLES.has(this.low(k))) {
        if (this.tokens[k].possessive || !this.joined(k, k + 1, CLOSE)) return false;
        const after = this.low(k + 1);
        return BE_HAVE.has(after) || after === 'did' || after === 'does' || this.verbAfter(k, LISTS.personVerbs);
      }
    }
    return false;
  }

  // Token i, then between commas who they are: "Mark, the ST3 in our group, thinks", "Ken, her
  // husband of sixty years, kept" (a determiner, a role within four words, and the comma that
  // closes it within five more; not "Toxteth, his sister lives", "Hope, my trainer says,").
  roleAfter(i) {
    const bracket = this.joined(i, i + 1, BRACKET); // "Paddy (the one who works at the pharmacy) rang"
    if (!(bracket || this.joined(i, i + 1, COMMA))) return false;
    const next = this.tokens[i + 1];
    // "Grace, one of the salaried GPs, said": one of a group of people, a role in the plural
    const oneOf = this.oneOf(i + 1);
    // "Rose, Kwame's trainer,": a name's 's determines the role as "her" would
    if (!(oneOf || ROLE_DETERMINERS.has(next.low) || (next.cap && next.possessive))) return false;
    let k = oneOf ? i + 4 : i + 2;
    const last = Math.min(k + 4, this.tokens.length);
    while (k < last && !(this.roleWord(k, oneOf) && !this.tokens[k].possessive)) {
      if (!this.joined(k, k + 1, CLOSE)) return false;
      k += 1;
    }
    if (k >= last) return false;
    const close = (bracket ? BRACKET_CLOSES : APPOSITIVE_CLOSES).exec(this.text.slice(this.tokens[k].end));
    if (close === null) return false;
    // "(my trainer) says"; not "(my trainer says)"
    if (bracket) return !(this.joined(k, k + 1, CLOSE) && LISTS.personVerbs.has(this.low(k + 1)));
    const closeEnd = this.tokens[k].end + close[0].length;
    for (let m = k + 1; m < this.tokens.length && this.tokens[m].start < closeEnd; m += 1) {
      if (LISTS.personVerbs.has(this.low(m))) return false;
    }
    return true;
  }

  // Token i opens the capitalised name of a workplace: "Leeds Mental Wellbeing Service".
  workplaceNamed(i) {
    for (let k = i + 1; k < Math.min(i + 5, this.tokens.length) && this.tokens[k].cap && this.joined(k - 1, k, CLOSE); k += 1) {
      if (WORKPLACES.has(this.low(k))) return true;
    }
    return false;
  }

  // "one of the", "one of our": token i starts a phrase for one of a group.
  oneOf(i) {
    return this.low(i) === 'one' && this.low(i + 1) === 'of' && ROLE_DETERMINERS.has(this.low(i + 2)) &&
      this.joined(i, i + 1, CLOSE) && this.joined(i + 1, i + 2, CLOSE) && this.joined(i + 2, i + 3, CLOSE);
  }

  // Token k names who someone is ("the nurse"), or, `plural`, who some people are ("our GPs").
  roleWord(k, plural) {
    const low = this.low(k);
    if (plural) {
      const stem = low.slice(0, -1);
      return low.endsWith('s') && (personNounWord(stem) || ROLES.has(stem));
    }
    return this.personNoun(k) || ROLES.has(low);
  }

  // Token i (maybe with a second name) follows a noun for a person and a comma, and a comma or the
  // clause's end comes after it: "her boyfriend, Jordan Pike, gave".
  namedAfter(i) {
    // "Co-leader: Paddy."
    if (!(this.joined(i - 1, i, COMMA) || this.joined(i - 1, i, COLON))) return false;
    if (!(this.personNoun(i - 1) || this.rolePlaced(i - 1))) return false;
    const j = this.joined(i, i + 1, CLOSE) && this.tokens[i + 1].cap ? i + 1 : i;
    return CLAUSE_CLOSE.test(this.text.slice(this.tokens[j].end));
  }

  // Token k closes a noun for a person and where they are: "the nurse in charge", "the man from the
  // gym", "my trainer at the practice".
  rolePlaced(k) {
    if (!this.tokens[k].lower) return false;
    for (const m of [k - 2, k - 3]) {
      if (ROLE_PLACES.has(this.low(m + 1)) && this.personNoun(m)) {
        if (m + 3 === k && !ROLE_DETERMINERS.has(this.low(m + 2))) return false;
        for (let n = m; n < k; n += 1) if (!this.joined(n, n + 1, CLOSE)) return false;
        return true;
      }
    }
    return false;
  }

  // Token i is a month or a weekday after a comma, closing its sentence: a heading's or a log's date
  // ("Session one, October.", "OOH, August.", "Notes after Balint, Wednesday."), not someone spoken to
  // ("Thanks, June.").
  diaryClosing(i) {
    const tok = this.tokens[i];
    if (!DIARY_NAMES.has(tok.key) || !this.joined(i - 1, i, COMMA) || this.thanked(i)) return false;
    return SENTENCE_END.test(this.text.slice(tok.end));
  }

  // After a comma, a name closes a sentence that spoke of a person: "the patient I mentioned last
  // week has died, Morag", "her son is at the uni, Nattapong" (not a list's next item: "on Ventolin,
  // Clenil").
  namedAtEnd(i) {
    if (!this.joined(i - 1, i, COMMA) || this.tokens[i].possessive) return false;
    if (this.tokens[i - 1].cap || this.tokens[i - 1].upper) return false;
    const j = this.joined(i, i + 1, CLOSE) && this.tokens[i + 1].cap ? i + 1 : i;
    if (!SENTENCE_END.test(this.text.slice(this.tokens[j].end))) return false;
    for (let k = i - 1; k >= 0; k -= 1) {
      if (this.personNoun(k)) return true;
      if (this.sentenceStart(k)) return false;
    }
    return false;
  }

  // Token i is who the writer thanks ("thank you Fola", "cheers, Dom", "thanks so much steph, needed
  // that"), or closes the message after a comma ("you put it perfectly there, Mo.").
  addressed(i) {
    const tok = this.tokens[i];
    if (tok.possessive) return false;
    if (this.thanked(i)) {
      const after = this.text.slice(tok.end);
      return CLAUSE_CLOSE.test(after) || KISSED.test(after);
    }
    // After a comma, only a listed first name: "Ventolin, Clenil, Trimbow" ends a list.
    return isFirst(tok.key) && SENTENCE_END.test(this.text.slice(tok.end))
      && this.joined(i - 1, i, COMMA) && !this.sentenceStart(i - 1);
  }

  // Token i is who a message asks or speaks to, opening it or after a greeting: "maya can you check in
  // with him?", "hey Rach did you ever find out", "Faith, can you share the rota", "Mark you've frozen".
  askedDirectly(i) {
    if (this.spokenTo(i) || this.putTo(i) || this.signed(i) || this.stamped(i)) return true;
    if (!(this.joined(i, i + 1, ADJACENT) && ASKING.has(this.low(i + 1)))) return false;
    if (!(this.joined(i + 1, i + 2, CLOSE) && ['you', 'u'].includes(this.low(i + 2)))) return false;
    return this.sentenceStart(i) || (THANKS.has(this.low(i - 1)) && this.joined(i - 1, i, ADJACENT));
  }

  // Token i, after a chat's time stamp, is who wrote the message: "[20:43] Rob: its on the letter",
  // "[09:12] Rob Hale:".
  stamped(i) {
    const tok = this.tokens[i];
    const lineStart = tok.start > 0 ? this.text.lastIndexOf('\n', tok.start - 1) + 1 : 0;
    if (tok.possessive || !STAMP.test(this.text.slice(lineStart, tok.start))) return false;
    const k = this.joined(i, i + 1, CLOSE) && this.tokens[i + 1].cap ? i + 1 : i;
    return this.text.startsWith(':', this.tokens[k].end);
  }

  // Token i, a first name (`known`) or a word no list claims, opens a line before a colon: a chat's export
  // naming who wrote ("Saffy: did you?", "Grace: small world"). A heading has the same shape, so a first
  // name that is also a word counts only before a message in lower case, never one of HEADING_NAMES; and a
  // word no list claims not if any list of words or surnames has it, nor with a word's ending
  // ("Facilitators:").
  labelled(i, known) {
    const tok = this.tokens[i];
    const lineStart = tok.start > 0 ? this.text.lastIndexOf('\n', tok.start - 1) + 1 : 0;
    if (!tok.cap || tok.possessive || !/^[ \t\u00a0]*$/.test(this.text.slice(lineStart, tok.start))) return false;
    const label = LABEL_NEXT.exec(this.text.slice(tok.end));
    if (label === null || HEADING_NAMES.has(tok.key)) return false;
    if (known) {
      const first = label[1];
      return !isWord(tok.key) || (first.toLowerCase() === first && first.toUpperCase() !== first);
    }
    if (isWord(tok.key) || isMoreWord(tok.key) || isSurname(tok.key)) return false; // "Admin:", "Timeline:"
    return tok.key.length >= 4 && !WORD_ENDING.test(tok.key.replace(/s+$/, ''));
  }

  // Token i opens a message and, after a comma, a question is put to it: "Grace, did the bus ever
  // come?", "Sunny, shall we sit outside?", "Bill, if you are reading this".
  putTo(i) {
    if (!(this.sentenceStart(i) && this.joined(i, i + 1, COMMA))) return false;
    if (!this.joined(i + 1, i + 2, CLOSE) || this.tokens[i].possessive) return false;
    const next = this.low(i + 1);
    return ASKING.has(next) || next === 'shall' || (next === 'if' && ['you', 'u'].includes(this.low(i + 2)));
  }

  // Token i opens a message with who writes it: "Rose here, yes, the dancer", "Lotte here, I agree",
  // "Frank Oduya here - still thinking about it" (not "Sunny here, 20 degrees").
  signed(i) {
    if (!this.sentenceStart(i) || this.tokens[i].possessive || WEATHER.has(this.low(i))) return false;
    let k = i + 1;
    if (this.joined(i, k, CLOSE) && this.tokens[k].cap && !this.tokens[k].possessive) k += 1; // a surname between
    if (!(this.joined(k - 1, k, CLOSE) && this.low(k) === 'here')) return false;
    return SIGNED_OFF.test(this.text.slice(this.tokens[k].end));
  }

  // Token i opens a message that speaks to it: "Mark you've frozen mid-sip", "Grace thank you", "ravi
  // thanks for that"; not a wish ("Hope you're well").
  spokenTo(i) {
    if (!(this.sentenceStart(i) && this.joined(i, i + 1, ADJACENT))) return false;
    if (NOT_SPOKEN_TO.has(this.low(i))) return false;
    const next = this.low(i + 1);
    if (next === 'thank') return this.low(i + 2) === 'you' && this.joined(i + 1, i + 2, CLOSE);
    return SPOKEN_TO.has(next);
  }

  // "al-Hashimi", "bin-Laden": an Arabic particle in lower case, joined to a name no list knows as a
  // word or a place.
  particleName(i) {
    const tok = this.tokens[i];
    const m = PARTICLE_NAME.exec(this.text.slice(tok.start, tok.end));
    if (!m || this.blocked[i]) return false;
    const key = m[1].toLowerCase();
    return !(isWord(key) || isExcluded(key) || LISTS.proper.has(key));
  }

  // Thanks come right before token i: "thanks", "ta", "thank you", "thanks so much", "well done".
  thanked(i) {
    let k = i - 1;
    if (this.low(k) === 'much' && ['so', 'very'].includes(this.low(k - 1))) {
      if (!(this.joined(k - 1, k, CLOSE) && this.joined(k, i, ADJACENT))) return false;
      k -= 2;
      if (!this.joined(k, k + 1, CLOSE)) return false;
    } else if (!this.joined(k, i, ADJACENT)) return false;
    if (THANKS.has(this.low(k))) return true;
    if (this.low(k) === 'done' && this.low(k - 1) === 'well' && this.joined(k - 1, k, CLOSE)) return true;
    const thank = this.low(k - 1) === 'thank' && this.joined(k - 1, k, CLOSE);
    return thank && ['you', 'u'].includes(this.low(k));
  }

  surnameOpens(i) {
    const tok = this.tokens[i];
    const key = tok.key;
    if (!isSurname(key) || isFirst(key) || this.wordlike(i) || isExcluded(key)) return false;
    if (LISTS.proper.has(key)) return false;
    if (tok.possessive) return this.joined(i, i + 1, CLOSE) && !this.tokens[i + 1].cap;
    return this.verbAfter(i, LISTS.personVerbs);
  }

  // Token k is a kinship word someone has: "his mother", "my father" (not a title).
  // Token j, right after a name part, is a capitalised listed surname, word or not.
  listedSurname(j) {
    if (!this.joined(j - 1, j, CLOSE)) return false;
    const tok = this.tokens[j];
    return tok.cap && isSurname(tok.key) && !isExcluded(tok.key);
  }

  // "from the allotments", "at the pharmacy" right after token i, then a verb people do ("Bob from
  // the allotments brought", "Pat at the pharmacy says").
  // "on reception", "on nights", "on the desk" right after token i: where someone works (not after
  // another capital: "Christmas Day on call").
  onDuty(i) {
    if (!(this.joined(i, i + 1, CLOSE) && this.low(i + 1) === 'on')) return false;
    if (i > 0 && this.joined(i - 1, i, CLOSE) && !this.tokens[i - 1].lower) return false;
    let k = i + 2;
    if (this.joined(i + 1, k, CLOSE) && this.low(k) === 'the') k += 1;
    return this.joined(k - 1, k, CLOSE) && DUTIES.has(this.low(k));
  }

  fromSomewhere(i) {
    if (!(this.joined(i, i + 1, CLOSE) && ['from', 'at'].includes(this.low(i + 1)))) return false;
    let first = i + 2;
    if (this.joined(i + 1, i + 2, CLOSE) && this.low(i + 2) === 'the') first = i + 3;
    else if (DETERMINERS.has(this.low(i + 2))) return false; // "Rose from her chair and walked out"
    // "from the allotments brought", "from the district nursing team says", "from social care called"
    for (let k = first; k < first + 3; k += 1) {
      if (!this.joined(k - 1, k, CLOSE)) return false;
      const next = this.low(k + 1);
      if (this.joined(k, k + 1, CLOSE) && does(next)) return true;
    }
    return false;
  }

  // A place word that is also a first name opens a sentence before a verb only people do: "Charity
  // works at the hospital" (not "the Trust said", "Court was adjourned").
  placeWordNamed(i) {
    return isFirst(this.tokens[i].key) && this.sentenceStart(i) && this.verbAfter(i, LISTS.personVerbsStrong);
  }

  // "Bill the retired postman said", "Precious the HCA is off": "the" and a noun for a person right after
  // token i, in a sentence that asks nothing ("Will the nurse ring?").
  theRole(i) {
    if (!(this.joined(i, i + 1, CLOSE) && this.low(i + 1) === 'the')) return false;
    // "the postman", "the retired postman"; not "In the debrief my trainer".
    let m = i + 2;
    if (!(this.personNoun(m) && this.joined(i + 1, m, CLOSE))) {
      m = i + 3;
      if (!(this.personNoun(m) && this.joined(i + 2, m, CLOSE))) return false;
      if (!(this.joined(i + 1, i + 2, CLOSE) && this.tokens[i + 2].lower)) return false;
    }
    // "the locum pharmacist", "the practice nurse": the role goes on to its last noun.
    while (this.personNoun(m + 1) && this.joined(m, m + 1, CLOSE)) m += 1;
    // Then what the person did ("Pat the baby gently on the back" is an instruction): a verb people
    // do, or any in the past ("Grace the HCA vaccinated 300 of them").
    const next = this.joined(m, m + 1, CLOSE) ? this.tokens[m + 1] : null;
    const did = next !== null && next.lower && next.low.length > 4 && next.low.endsWith('ed');
    if (!(did || this.verbAfter(m, LISTS.personVerbs))) return false;
    return !this.asks(i);
  }

  // The name in tokens i..j is someone known as themselves: "the poet Dylan Thomas", "a huge Taylor
  // Swift fan", "Rangan's podcast", "a Marian Keyes novel", or who wrote what was just named ("the
  // Swiss cheese model by James Reason", "The Pain Toolkit by Pete Moore", '"Intensive Care" by
  // Gavin Francis').
  famous(i, j) {
    // "the TV presenter Holly Willoughby"; not "Presenter Cerys Evans brought", a note's label
    const label = i > 0 && this.tokens[i - 1].cap && this.sentenceStart(i - 1);
    if ((this.joined(i - 1, i, CLOSE) && FAME_BEFORE.has(this.low(i - 1)) && !label)
      || (this.joined(j, j + 1, CLOSE) && FAME_AFTER.has(this.low(j + 1)))) return true;
    if (this.cited(i, j)) return true;
    if (i === j && this.consentTest(i)) return true;
    // "developed by Baile and Buckman": the second of two names cited together
    if (this.low(i - 1) === 'and' && this.joined(i - 1, i, CLOSE) && this.joined(i - 2, i - 1, CLOSE)
      && this.tokens[i - 2].cap && this.famous(i - 2, i - 2)) return true;
    if (!(this.joined(i - 1, i, CLOSE) && this.low(i - 1) === 'by')) return false;
    const by = this.tokens[i - 1];
    if (QUOTE_CLOSED.test(this.text.slice(0, by.start))) return true;
    if (!this.joined(i - 2, i - 1, CLOSE)) return false;
    const work = this.tokens[i - 2];
    if (MADE.has(work.low)) return true; // "written by Jon Stone"
    if (CALENDAR.has(work.key)) return false; // "added on Monday by Rhiannon Price": when, not a work
    // A capitalised title before "by" is a work's; a street, a ward or a hospital is where someone
    // was met ("stopped on the High Street by Margaret Cruickshank").
    if (LISTS.notAfter.has(work.key)) return false;
    return BY_WORKS.has(work.key) || (work.cap && !this.sentenceStart(i - 2));
  }

  // Token i names a test of consent, another of them in the same text: "Gillick and Fraser",
  // "gillick for the consultation, fraser is contraception".
  consentTest(i) {
    const { key } = this.tokens[i];
    return CONSENT_TESTS.has(key) && this.tokens.some((t) => t.key !== key && CONSENT_TESTS.has(t.key));
  }

  // Token j is an author's, or one of a list of authors', cited with the year: "Burton (2013) proposes",
  // "Gill and Sharpe (1999)", "Burton, Fink, Henningsen, Löwe and Rief (2020)", "(Salmon, 2004)",
  // "Stone et al. (2010)".
  yearCited(j) {
    let k = j;
    for (let step = 0; step < 8; step += 1) {
      let { end } = this.tokens[k];
      if (this.low(k + 1) === 'et' && this.low(k + 2) === 'al') end = this.tokens[k + 2].end; // "Stone et al. (2010)"
      if (YEAR_CITED.test(this.text.slice(end))) return true;
      if (this.low(k + 1) === 'and' && this.joined(k, k + 1, CLOSE)) k += 2;
      else if (this.joined(k, k + 1, COMMA) || this.joined(k, k + 1, CLOSE)) k += 1;
      else return false;
      if (k >= this.tokens.length || !this.tokens[k].cap) return false;
    }
    return false;
  }

  // The name in tokens i..j is an author cited: "Johnson et al", "Goldberg and colleagues", "before
  // reading Burton" (not "reading Jane's letter"), "John Berger's A Fortunate Man", "Gill and Sharpe
  // (1999)".
  cited(i, j) {
    if (this.yearCited(j)) return true;
    if (this.tokens[j].possessive && YEAR_WORK.test(this.text.slice(this.tokens[j].end))) return true;
    const title = this.tokens[j].possessive ? QUOTED_TITLE.exec(this.text.slice(this.tokens[j].end)) : null;
    if (title !== null && titleCased(title[1])) return true; // 'Philip Larkin's "Aubade"'
    if (this.joined(j, j + 1, CLOSE) && this.joined(j + 1, j + 2, CLOSE)) {
      const after = `${this.low(j + 1)} ${this.low(j + 2)}`;
      if (['et al', 'and colleagues', 'and co-workers'].includes(after)) return true;
      // "Burton C et al.": the author's initial between
      const initial = /^[A-Z]$/.test(this.text.slice(this.tokens[j + 1].start, this.tokens[j + 1].end));
      if (initial && this.low(j + 2) === 'et' && this.low(j + 3) === 'al') return this.joined(j + 2, j + 3, CLOSE);
      // "Salinsky wrote about", "Sontag argued against"; "Launer talks about" for a surname alone
      // ("Sarah talks about her dad" is a patient)
      if (AUTHOR_CITED.has(after)
        && (!AUTHOR_CITED_ALONE.has(after) || (i === j && !isFirst(this.tokens[i].key)))) return true;
    }
    if (this.joined(i - 1, i, CLOSE) && this.low(i - 1) === 'reading' && !this.tokens[j].possessive) return true;
    // "John Berger's A Fortunate Man", "Arthur Frank's The Wounded Storyteller": a title
    if (!(this.tokens[j].possessive && this.joined(j, j + 1, CLOSE))) return false;
    const article = this.tokens[j + 1];
    return article.cap && ['the', 'a', 'an'].includes(article.low) && j + 2 < this.tokens.length
      && this.tokens[j + 2].cap;
  }

  // "Percy is his cat", "Ambrose was their dog", "a dog called Ozzy", "the dog's called Monty",
  // "pigeons called Sally and Duke": token i is an animal's name.
  pet(i) {
    if (this.low(i - 1) === 'and' && this.joined(i - 1, i, CLOSE) && this.joined(i - 2, i - 1, CLOSE)
      && this.tokens[i - 2].cap && this.pet(i - 2)) return true; // "pigeons called Sally and Duke"
    let k = i - 1;
    if (['called', 'named'].includes(this.low(k)) && this.joined(k, i, CLOSE)) {
      k -= 1;
      if (['is', 'was'].includes(this.low(k)) && this.joined(k, k + 1, CLOSE)) k -= 1;
      if (this.joined(k, k + 1, CLOSE) && PET_WORDS.has(this.tokens[k].key.replace(/s$/, ''))) return true;
    }
    if (!(this.joined(i, i + 1, CLOSE) && BE.has(this.low(i + 1)))) return false;
    return [i + 3, i + 4].some((k) => PET_WORDS.has(this.low(k)) && this.joined(k - 1, k, CLOSE))
      && (DETERMINERS.has(this.low(i + 2)) || this.low(i + 2) === 'the');
  }

  // A noun for a person's role right before token i: "the pharmacist Hemant", "Nurse Dlamini" (not
  // "no one", "the one").
  roleBefore(i) {
    const k = i - 1;
    if (!this.joined(k, i, CLOSE) || this.low(k) === 'one' || !this.personNoun(k)) return false;
    return this.tokens[k].lower || this.sentenceStart(k);
  }

  // Token i alone in brackets right after a noun for a person or a place people work: "HCA (Sue):",
  // "Task from reception (Precious):" (not "interpreter used (Dari)").
  roleBracketed(i) {
    const k = i - 1;
    if (this.tokens[i].possessive || !this.joined(k, i, BRACKET)) return false;
    if (!(this.personNoun(k) || WORKPLACES.has(this.low(k)))) return false;
    return this.text.startsWith(')', this.tokens[i].end);
  }

  // "Jhun her husband works nights": "his" or "her" and a kinship word right after token i.
  kinApposition(i) {
    if (MODALS.has(this.low(i)) && this.sentenceStart(i) && this.asks(i)) return false; // "Will her mother find out?"
    return this.joined(i, i + 1, CLOSE) && OWNERS.has(this.low(i + 1))
      && this.joined(i + 1, i + 2, CLOSE) && LISTS.kin.has(this.low(i + 2));
  }

  // The sentence token i is in ends with a question mark.
  asks(i) {
    const end = this.text.slice(this.tokens[i].end).match(SENTENCE_STOP);
    return end !== null && end[0] === '?';
  }

  // Token i goes on the name of a thing: right after a capitalised word that is never a name, no first
  // name and no word for a person ("Bupa Harcourt"; "Chelsea Okafor", "Uncle Sid" are people).
  afterAThing(i) {
    if (!this.joined(i - 1, i, CLOSE)) return false;
    const prev = this.tokens[i - 1];
    if (!prev.cap || prev.possessive || !isExcluded(prev.key)) return false;
    if (isFirst(prev.key) || isSurname(prev.key) || this.personNoun(i - 1)) return false;
    return ![LISTS.kin, TITLES, HONORIFICS, LISTS.strong, LISTS.weak].some((cue) => cue.has(prev.low));
  }

  // "Kabongo family, the dad", "Mensah twins came": a sentence opening with a surname and a family word.
  familyOpens(i) {
    return this.sentenceStart(i) && !this.tokens[i].possessive && this.joined(i, i + 1, CLOSE)
      && FAMILY_NOUNS.has(this.low(i + 1));
  }

  // A person's record follows token i: "Jade's hosp no", "Dot's address", "Precious dob", "Florence was born".
  // After token i's "'s", a verb in -ing: "Mark's doing", "Grace's leading the group"; or the "'s" is
  // "has".
  doingFollows(i) {
    if (!this.joined(i, i + 1, CLOSE)) return false;
    const next = this.tokens[i + 1];
    // the "'s" is "has": "Paddy's been ill", "Will's gone home" ("Hope's been dashed" is a feeling's)
    if (['been', 'gone', 'got'].includes(next.low) && !FEELINGS.has(this.tokens[i].key)) return true;
    return next.lower && next.key.length >= 5 && next.key.endsWith('ing');
  }

  // A record's word follows token i, a possessive: "Jade's hosp no", "Dot's address", "Jordan's date
  // of birth".
  recordWordFollows(i) {
    if (!this.joined(i, i + 1, CLOSE)) return false;
    if (RECORDS.has(this.low(i + 1))) return true;
    return this.low(i + 1) === 'date' && this.low(i + 2) === 'of' && this.low(i + 3) === 'birth'
      && this.joined(i + 1, i + 2, CLOSE) && this.joined(i + 2, i + 3, CLOSE);
  }

  recordFollows(i) {
    const tok = this.tokens[i];
    if (!tok.possessive && RECORD_AFTER.test(this.text.slice(tok.end))) return !isExcluded(tok.key); // not "on Tuesday, DOB"
    if (!this.joined(i, i + 1, CLOSE)) return false;
    const next = this.low(i + 1);
    if (this.tokens[i].possessive) return this.recordWordFollows(i);
    if (next === 'dob') return true;
    // "Florence Ibbotson MRN: 00742219"; not "Leeds MRN", "Bradford MRN"
    if (next === 'mrn') return !(isExcluded(this.tokens[i].key) || this.wordlike(i));
    return (next === 'was' || next === 'is') && this.low(i + 2) === 'born' && this.joined(i + 1, i + 2, CLOSE);
  }

  // Token k is "ms" in lower case: a title before a surname typed so ("MS" is multiple sclerosis).
  lowerMs(k) {
    return this.text.slice(this.tokens[k].start, this.tokens[k].end) === 'ms';
  }

  // "the ashworths", "the mcgintys": a listed surname that is no word, in the plural.
  lowerFamily(i) {
    const key = this.tokens[i].key;
    const stem = key.slice(0, -1);
    return key.endsWith('s') && !this.tokens[i].possessive && isSurname(stem)
      && !(isWord(stem) || isWord(key) || isExcluded(stem) || isFirst(stem))
      && !personNounWord(stem); // "the co-leaders"
  }

  // A verb only people do, then "his" or "her", right after token i: "Jordan missed his depot"; or
  // "and her": "Paris and her sister".
  ownerFollowsVerb(i) {
    if (this.low(i + 1) === 'and') return this.verbAfter(i, LISTS.personVerbsStrong);
    return this.verbAfter(i, LISTS.personVerbsStrong) && this.joined(i + 1, i + 2, CLOSE) && OWNERS.has(this.low(i + 2));
  }

  // "Dallas the TV series", "Rolo the hamster": token i names a work or an animal, said so after it.
  theTitle(i) {
    if (!(this.joined(i, i + 1, CLOSE) && this.low(i + 1) === 'the')) return false;
    return [i + 2, i + 3].some((k) => this.joined(k - 1, k, CLOSE) && TITLED_THINGS.has(this.low(k)));
  }

  // "St" or "Saint" right before token i: a saint's hospital, school or town.
  saintBefore(i) {
    return this.joined(i - 1, i, CLOSE) && ['st', 'saint'].includes(this.low(i - 1));
  }

  // "X's husband", "X's mum": a kinship word right after token i.
  kinFollows(i) {
    return this.joined(i, i + 1, CLOSE) && LISTS.kinAfter.has(this.low(i + 1));
  }

  kinOwned(k) {
    return LISTS.kin.has(this.low(k)) && this.joined(k - 1, k, CLOSE) && DETERMINERS.has(this.low(k - 1));
  }

  // "the other registrar, Tolu, had": between commas, right after a noun for a person.
  appositive(i) {
    return this.joined(i - 1, i, COMMA) && this.personNoun(i - 1) && this.text.startsWith(',', this.tokens[i].end);
  }

  // Token i, typed in lower case, is who was rung or spoken to, and the clause ends there or goes
  // on as it would after a person: "spoke to mark about his drinking", "rang bob back".
  contacted(i) {
    if (!this.joined(i - 1, i, CLOSE)) return false;
    const prev = this.low(i - 1);
    // "a 40-call day", "the on-call reg": part of a compound, no verb
    if (this.text.slice(this.tokens[i - 1].start - 1, this.tokens[i - 1].start) === '-') return false;
    if (prev === 'to') {
      if (!(this.joined(i - 2, i - 1, CLOSE) && SPEAK.has(this.low(i - 2)))) return false;
    } else if (!CONTACT.has(prev) || this.calledSo(i - 1)) return false;
    else if (this.joined(i - 2, i - 1, CLOSE) && (NOUN_BEFORE.has(this.low(i - 2)) || BY_MEANS.has(this.low(i - 2)))) {
      return false; // "by phone tomorrow", "her phone case": the phone, not a call
    }
    const { end } = this.tokens[i];
    if (i + 1 === this.tokens.length || CLAUSE_END.test(this.text.slice(end))) return true;
    return this.joined(i, i + 1, CLOSE) && AFTER_CONTACT.has(this.low(i + 1));
  }

  // Token k, "called", names rather than rings: "sometimes called diabulimia", "what they called
  // tren" (not "I called bob back").
  calledSo(k) {
    if (this.low(k) !== 'called' || !this.joined(k - 1, k, CLOSE)) return false;
    if (NAMING_BEFORE.has(this.low(k - 1))) return true;
    return this.joined(k - 2, k - 1, CLOSE) && NAMED_THINGS.has(this.low(k - 2));
  }

  // Token i (in no first-name list) follows a capitalised word that is no title and no cue:
  // "Bupa Cromwell", "Royal Stoke".
  properCompound(i) {
    if (!this.joined(i - 1, i, CLOSE)) return false;
    const prev = this.tokens[i - 1];
    if (!prev.cap) return false; // after an acronym, a role ("our GPA Bex") as often as a thing
    const low = prev.low;
    if (isFirst(prev.key)) return false; // "May Tsang": the first name decides
    if (this.opener(i - 1)) return false; // "When Lindani Ndlovu walked"
    return !(TITLES.has(low) || HONORIFICS.has(low) || LISTS.personBefore.has(low) || LISTS.unknownBefore.has(low)
      || LISTS.weak.has(low) || LISTS.strong.has(low) || LISTS.kin.has(low));
  }

  lowerName(i) {
    const tok = this.tokens[i];
    if (!tok.lower || isExcluded(tok.key) || LISTS.notLower.has(tok.key)) return false;
    if (LOANWORDS.has(tok.low)) return false; // "déjà vu", "señora": "Deja", "Senora" only without accents
    // "mrs begum", "mr kettering": a town is a surname after a title
    if (this.joined(i - 1, i, CLOSE) && TITLES.has(this.low(i - 1))) {
      // ... so is a word after "mr" or "mrs" typed so ("mr pickles"; not "dr google", "miss the bus",
      // "MR twice a day")
      const title = this.text.slice(this.tokens[i - 1].start, this.tokens[i - 1].end);
      if (['mr', 'mrs'].includes(title) && !FUNCTION_WORDS.has(tok.key) && !PARTICLES.has(tok.key)) return true;
      return !isWord(tok.key);
    }
    if (this.joined(i - 1, i, CLOSE) && this.lowerMs(i - 1)) return !isWord(tok.key); // "ms achebe"; not "ms relapse"
    // "rang mcdermott-lowe and", "the ashworths": a surname no word is, rung or a family.
    if (isSurname(tok.key) && !isWord(tok.key) && this.contacted(i)) return true;
    if (this.joined(i - 1, i, CLOSE) && this.low(i - 1) === 'the' && this.lowerFamily(i)) return true;
    // "the tram was late", "my teddy": in lower case, a word after a determiner is a thing.
    if (!tok.upper && this.joined(i - 1, i, CLOSE) && NOUN_BEFORE.has(this.low(i - 1))) return false;
    // "pityriasis alba", "erythema multiforme": a disease's Latin qualifier
    if (this.joined(i - 1, i, CLOSE) && medicalWord(this.low(i - 1))) return false;
    if (!tok.upper && this.saintBefore(i)) return false; // "st georges cardiology"
    // "St George's cath lab": a thing of a named place
    if (!tok.upper && this.joined(i - 1, i, CLOSE) && this.tokens[i - 1].cap && this.tokens[i - 1].possessive) return false;
    const settled = this.lowerInUse(i);
    if (settled !== null) return settled;
    // "senait is 17", "sabitri is his wife", "florin was working": a word no list knows, in lower
    // case, opening a message the way people are described.
    if (!tok.upper && this.sentenceStart(i) && this.unknownLower(i)) {
      if (this.describedAsPerson(i) || this.inAState(i)) return true;
      // "mukendi brought a letter", "ilunga from the congolese church asked"; not "carer lives",
      // "autocorrect keeps": a word the small dictionary lacks by its ending
      if (!WORD_ENDING.test(tok.key) && (this.verbNext(i) || this.fromSomewhere(i))) return true;
    }
    if (!isFirst(tok.key) || isWord(tok.key) || LISTS.notBefore.has(tok.key)) return false;
    // "gemma again", "ben i think", "it was becky, the one who rings"
    // A first name that no dictionary has as a word, typed in lower case, is a name wherever it stands
    // ("just had kwame in again", "is siobhan facilitating tonight", "femi's jollof"; not "max",
    // "dale"): a group's chat is typed so, names and all.
    const noWord = !tok.upper && !LISTS.proper.has(tok.key) && !FULL_DICT_NAMES.has(tok.key);
    if (tok.possessive) { // "siobhan's mum"; "siobhan's been going": the "'s" is "has" or "is"
      const after = this.low(i + 1);
      const has = ['been', 'gone', 'got', 'never', 'not'].includes(after);
      return noWord || (this.joined(i, i + 1, CLOSE) && (LISTS.kinAfter.has(after) || has));
    }
    if (noWord) return true;
    if (tok.upper && tok.key.length < 4) return false; // "with AKI", "for DKA": three capitals are an acronym
    // "tom okafor's mum": a surname no dictionary has after it, typed in lower case too
    if (!tok.upper && this.goodSurname(i + 1, false)) return true;
    return this.weakCue(i) || this.strongCue(i) || this.verbAfter(i, LISTS.personVerbs);
  }

  // What is done with token i, a word in lower case or capitals, says whether it is a person ("spoke
  // to mark about", "@faith", "little ruby, 5,"), or null.
  kinNamedLower(i) {
    const tok = this.tokens[i];
    const { key } = tok;
    if (!isFirst(key) || tok.upper || MODALS.has(key) || LISTS.personVerbs.has(key) || LISTS.kin.has(key)) return false;
    if (!(this.kinOwned(i - 1) && this.joined(i - 1, i, CLOSE))) return false;
    return !this.joined(i, i + 1, CLOSE) || this.verbAfter(i, LISTS.personVerbs);
  }

  lowerInUse(i) {
    const tok = this.tokens[i];
    if (isFirst(tok.key) && this.contacted(i)) return true; // "spoke to mark about", "rang bob back"
    if (isFirst(tok.key) && this.fromWorkplace(i)) return true; // "mo from the pharmacy says"
    // "sent lola's referral", "ray's inr was 6.2"; not "another lady's notes"
    if (isFirst(tok.key) && tok.possessive && this.joined(i, i + 1, CLOSE) && PERSONAL.has(this.low(i + 1))
      && !personNounWord(tok.key)) return true;
    if (isFirst(tok.key) && !isWord(tok.key) && this.askedDirectly(i)) return true; // "maya can you check"
    // "mcgregor asked", "saw d'souza": a surname no word has, with "Mc" or an apostrophe.
    if (this.lowerPrefixedSurname(i)) return true;
    // "pritchard - hb dropping again": a note opening with a surname that is nothing else.
    if (!tok.upper && this.sentenceStart(i) && bareSurname(tok.key)) return true;
    // "@faith reminder about the audit": whom a message mentions.
    if (isFirst(tok.key) && MENTIONED.test(this.text.slice(0, tok.start))) return true;
    // "her daughter bukola rang", "rang tendai back": a word no list knows, where a person is.
    if (this.unknownLower(i) && (this.contacted(i) || (this.kinOwned(i - 1) && this.joined(i - 1, i, CLOSE)))) return true;
    // "the fit note was for her partner dean", "her sister chelsea rang": a first name, word or not,
    // after someone's kin, where the clause ends or before a verb only people do ("her son will",
    // "her mum said", "her daughter read it" are verbs).
    if (this.kinNamedLower(i)) return true;
    // "saw tayo at the bus stop", "tell bola that": whom one sees or tells, no word at all; not what
    // describes them ("seeing multimorbid patients")
    if (this.unknownLower(i) && this.joined(i - 1, i, CLOSE) && SEEN.has(this.low(i - 1))) {
      const nxt = this.low(i + 1);
      const described = personNounWord(nxt) || personNounWord(nxt.endsWith('s') ? nxt.slice(0, -1) : nxt);
      return !(described && this.joined(i, i + 1, CLOSE));
    }
    if (tok.upper && this.capitalsName(i)) return true; // "DOREEN WALSH, ARTHUR PENNINGTON"
    // "thanks steph", "ta jas, will do"
    if (isFirst(tok.key) && !(isWord(tok.key) || FULL_DICT_NAMES.has(tok.key)) && this.addressed(i)) return true;
    // "thanks rhi", "thank u kof x": a short name no list knows, thanked as a message ends (not
    // "thanks hun", "cheers bro").
    if (this.thanked(i) && this.addressed(i) && this.unknownLower(i, 3)) return !ENDEARMENTS.has(tok.key);
    // "grace rang back", "pat told me": a message opening with a name in lower case, before a verb
    // only people do, a first name that is also a word ("whiteboard says" is no name).
    if (!tok.upper && this.sentenceStart(i) && isFirst(tok.key)) {
      // "dawn from the care home says", "mark at the chemist sorted it"
      if (this.verbAfter(i, HUMAN_VERBS) || this.fromSomewhere(i)) return true;
      if (this.lowerSubject(i)) return true;
    }
    // "little ruby, 5, asthma": a first name in lower case with its owner's age
    if (!tok.upper && isFirst(tok.key) && AGE_NEXT.test(this.text.slice(tok.end))) {
      return !(personNounWord(tok.key) || FEMALE_MALE.has(tok.key));
    }
    // "kitty's son", "ayesha's dob", "lynnes mum": whose kin or record follows, in lower case, with
    // or without its apostrophe.
    if (!tok.upper && this.lowerOwner(i)) return true;
    return null;
  }

  // Token i, in capitals, is a listed first name or surname of four letters or more that no word,
  // place or drug is, and no code follows it ("DENISE FROM RECEPTION"; "ESA", "SAU" are acronyms).
  // Token i, in lower case, is no word, name, place or thing any list knows.
  // Token i, a first name in lower case opening a message, is who it is about or to: before a
  // "not" only a doer takes ("faith didnt come", "will hasnt been in"), with kin of their own
  // ("summer and her mum", "grace n her mum"), or spoken to before what the writer says ("rob we
  // missed u", "fi i'll cover"; not "will we", "can i").
  lowerSubject(i) {
    if (!this.joined(i, i + 1, CLOSE)) return false;
    const next = this.low(i + 1);
    if (NOT_DONE.has(next)) return true;
    // "said i was the doctor": a verb of saying opens the message, no one's name
    if (SPEAKERS.has(next) && !MODALS.has(this.low(i)) && !SAYING.has(this.low(i))) {
      return i + 2 < this.tokens.length && this.joined(i + 1, i + 2, CLOSE);
    }
    // "joy do you still want to", "rose did u get": asked, by name, a question
    if (ASKING.has(next) && !MODALS.has(this.low(i)) && this.joined(i + 1, i + 2, CLOSE)) {
      return ['you', 'u'].includes(this.low(i + 2));
    }
    return (next === 'and' || next === 'n') && this.joined(i + 1, i + 2, CLOSE) && OWNERS.has(this.low(i + 2))
      && this.joined(i + 2, i + 3, CLOSE) && LISTS.kin.has(this.low(i + 3));
  }

  lowerOwner(i) {
    const tok = this.tokens[i];
    if (!this.joined(i, i + 1, CLOSE)) return false;
    const nxt = this.low(i + 1);
    if (!(LISTS.kinAfter.has(nxt) || RECORDS.has(nxt))) return false;
    // "the son's number", "the baby's dad": the lists have Son, Baby
    if (tok.possessive) return isFirst(tok.key) && !personNounWord(tok.key);
    const stem = tok.key.slice(0, -1); // "lynnes": "lynne", with no apostrophe typed
    return tok.key.endsWith('s') && !(isFirst(tok.key) || isWord(tok.key) || isSurname(stem)) &&
      isFirst(stem) && !(isExcluded(stem) || LISTS.notLower.has(stem));
  }

  lowerPrefixedSurname(i) {
    const tok = this.tokens[i];
    if (tok.upper || !PREFIXED.test(this.text.slice(tok.start, tok.end))) return false;
    return isSurname(tok.key) && !(isWord(tok.key) || isExcluded(tok.key));
  }

  unknownLower(i, shortest = 4) {
    const tok = this.tokens[i];
    const key = tok.key;
    return !tok.upper && key.length >= shortest
      && !(isFirst(key) || isSurname(key) || isWord(key) || LISTS.proper.has(key))
      && !FULL_DICT_NAMES.has(key) && !CHAT_WORDS.has(key)
      && !COUNTED.test(this.text.slice(0, tok.start))
      && !isMoreWord(key);
  }

  // A verb no thing does right after token i ("jhun works nights"; "whiteboard says", "troponin
  // sent" are things).
  verbNext(i) {
    return this.joined(i, i + 1, CLOSE) && PEOPLE_ONLY.has(this.low(i + 1));
  }

  capitalsName(i) {
    const tok = this.tokens[i];
    const key = tok.key;
    // A surname alone has five letters or more: "NASS", "SARC" are services.
    return (isFirst(key) ? key.length >= 4 : key.length >= 5 && isSurname(key))
      && !(isWord(key) || LISTS.proper.has(key) || FULL_DICT_NAMES.has(key))
      && !CODE_NEXT.test(this.text.slice(tok.end));
  }

  // A comma and a noun for a person follow token i, and describe it: "becky, the one who rings",
  // "Cronin, the lady with the colitis" (not "to Boston, the nurse said": a clause of its own).
  describedAfter(i) {
    const k = i + 3;
    return this.text.startsWith(',', this.tokens[i].end) && this.joined(i, i + 1, COMMA)
      && ['the', 'my', 'our'].includes(this.low(i + 1)) && this.joined(i + 1, i + 2, CLOSE)
      && this.personNoun(i + 2)
      && (k === this.tokens.length || CLAUSE_CLOSE.test(this.text.slice(this.tokens[i + 2].end))
        || (this.joined(i + 2, k, CLOSE) && DESCRIBING.has(this.low(k))));
  }

  goodSurname(j, strict) {
    if (!this.joined(j - 1, j, CLOSE)) return false;
    const tok = this.tokens[j];
    const prev = this.tokens[j - 1];
    if (prev.possessive || this.eponym(j)) return false;
    if (tok.lower && !tok.upper && prev.lower && !prev.upper) {
      // "john walsh", "maría josé": a listed name that is no word, after a first name in lower case
      return isFirst(prev.key) && (isSurname(tok.key) || isFirst(tok.key)) && !isWord(tok.key) && !isExcluded(tok.key)
        && !LISTS.notLower.has(tok.key);
    }
    if (!tok.cap && !(tok.upper && prev.upper)) return false; // "DAVID JONES" goes on in capitals
    // "Christine Bell", "Sarah May": an excluded word that is a surname, after a first name.
    // Only to continue a name found on other evidence ("Happy Friday" starts nothing).
    if (isExcluded(tok.key) && (strict || !(isSurname(tok.key) && isFirst(prev.key)))) return false;
    // "Cedar Ave": the street word ends the name; but "Maggie Ward told me", "Kathleen Ward lives": a
    // surname that is also such a word, before a verb only people do.
    if (LISTS.notAfter.has(tok.key) && !this.surnameNotPlace(j)) return false;
    if (strict) return (isSurname(tok.key) || isFirst(tok.key)) && !isWord(tok.key);
    // "Henrietta Vane-Tempest": two capitalised parts joined, after a first name, are a
    // double-barrelled surname whatever the parts are.
    if (DOUBLE_BARRELLED.test(this.text.slice(tok.start, tok.end)) && isFirst(prev.key)) return true;
    return isSurname(tok.key) || isFirst(tok.key) || !isWord(tok.key);
  }

  afterParticles(j) {
    let k = j;
    while (k < j + 2 && PARTICLES.has(this.low(k)) && this.joined(k - 1, k, CLOSE)) k += 1;
    if (k === j || !this.joined(k - 1, k, CLOSE)) return -1;
    const tok = this.tokens[k];
    // "pieter van der berg": in lower case after a name in lower case, a surname no word is.
    const lower = tok.lower && !tok.upper && this.tokens[j - 1].lower && isSurname(tok.key);
    return (tok.cap || (lower && !isWord(tok.key))) && !isExcluded(tok.key) ? k : -1;
  }

  // Two initials, each with its full stop, right before token i.
  initialsBefore(i) {
    return [i - 2, i - 1].every((k) => k >= 0 && this.tokens[k].end - this.tokens[k].start === 1
      && this.joined(k, k + 1, DOTTED));
  }

  initial(i) {
    const tok = this.tokens[i];
    if (tok.end - tok.start !== 1 || !INITIAL.test(this.text[tok.start])) return false;
    if (!this.joined(i, i + 1, DOTTED)) return false;
    // not two initials ("T. S. Eliot", "A. J. Cronin", "A. W. Lymn" the funeral directors), the way
    // authors and firms are known
    if (this.initialsBefore(i + 1)) return false;
    const next = this.tokens[i + 1];
    if (!next.cap || isExcluded(next.key)) return false;
    return isSurname(next.key) || !isWord(next.key);
  }

  // Token i, a listed first name or surname, right after an "@" that starts no email address: who a
  // chat message is addressed to, whatever else the word is ("@Hope thank you"); not "@everyone",
  // nor a handle ("@drjones").
  mentioned(i) {
    const at = this.tokens[i].start - 1;
    const { key } = this.tokens[i];
    if (at < 0 || this.text[at] !== '@' || MENTION_WORDS.has(this.tokens[i].low)) return false;
    if (!(isFirst(key) || isSurname(key))) return false;
    return at === 0 || !EMAIL_CHAR.test(this.text[at - 1]);
  }

  startsName(i) {
    const tok = this.tokens[i];
    if (this.blocked[i]) return false;
    if (this.mentioned(i)) return true; // "@Grace your question", "@june happy birthday"
    if (this.sender(i)) return true;
    if (!tok.cap) return this.initial(i) || this.lowerName(i) || this.particleName(i);
    if (this.runTogether(i)) return false; // "GamCare", "at StepChange, who": a thing, whatever is around it
    let settled = this.settledBefore(i);
    if (settled !== null) return settled;
    if (hyphenThing(tok.key)) return false; // "Co-codamol", "Winnie-the-Pooh"
    if (OPENING_PREPOSITIONS.has(tok.low) && this.sentenceStart(i)) return false; // "In Cairo, a patient"
    settled = this.knownOrCued(i);
    if (settled !== null) return settled;
    if (this.wordlike(i) || LISTS.proper.has(tok.key)) return false; // "Lagos", "Swansea": not without a cue
    if (isMoreWord(tok.key)) return false; // "Angina was diagnosed", "Referrals are down"
    return this.unknownWord(i);
  }

  // Token i is two capitalised parts, the second a word: a thing's name ("GamCare").
  // Token i opens who sent a line of an exported chat: a person, whatever the word is ("Harps",
  // "Grace"), but not a title ("Dr Shah" has its own rule), "You" or "Mum".
  sender(i) {
    const tok = this.tokens[i];
    if (TITLES.has(tok.low) || tok.low === 'you' || LISTS.kin.has(tok.key)) return false;
    if (!SENT_AT.test(this.text.slice(0, tok.start))) return false;
    SENDER.lastIndex = tok.start;
    return SENDER.test(this.text);
  }

  // Token i is two listed first names and a hyphen: "Lexi-Mai", "Ellie-May".
  doubleFirst(i) {
    const both = parts(this.tokens[i].key);
    return both.length === 2 && both.every((p) => LISTS.first.has(p));
  }

  runTogether(i) {
    const tok = this.tokens[i];
    const m = CAMEL.exec(this.text.slice(tok.start, tok.end));
    if (m === null || CAMEL_HEADS.has(m[1].toLowerCase())) return false;
    return isWord(m[2].toLowerCase());
  }

  // What token i is and the word before it settle, or null: "Bishop is his surname", "Hospice was
  // full", "the Kowalskis are", "in Preston".
  settledBefore(i) {
    const tok = this.tokens[i];
    // "De Quervain's", "Von Willebrand's": a particle before an eponym.
    if (PARTICLES.has(tok.low) && this.joined(i, i + 1, CLOSE) && isExcluded(this.tokens[i + 1].key)) return false;
    if (this.pet(i)) return false; // "a dog called Ozzy", "Percy is his cat"
    // "the renal ward at St James's who": a saint's hospital or town ("St John is his surname" is named)
    if (this.saintBefore(i) && !this.namingCue(i)) return false;
    if (this.initialsBefore(i)) return false; // "T. S. Eliot", "A. W. Lymn": an author's or a firm's
    if (/^-[0-9]/.test(this.text.slice(tok.end, tok.end + 2))) return false; // "Ki-67", "Covid-19": a marker or a code
    if (this.salutation(i)) return true; // "Dear Jordan,", "Dear Grace Mbeki,": whom a letter is to
    if (LISTS.notBefore.has(tok.key) && isSurname(tok.key) && this.namingCue(i)) return true; // "Bishop is his surname"
    // "Hospice was full": a place word starts no name.
    if (this.eponym(i) || LISTS.notBefore.has(tok.key)) return false; // "Hospice was full"
    if (COMPASS.has(tok.key) && this.joined(i, i + 1, CLOSE)) {
      const next = this.tokens[i + 1]; // "West Yorkshire Police", "North Wales"
      if (next.cap && (isExcluded(next.key) || LISTS.proper.has(next.key))) return false;
    }
    if (this.theTitle(i)) return false; // "Dallas the TV series", "Rolo the hamster"
    if (this.opener(i)) return false; // "So Zanele came back"
    if (this.afterAThing(i)) return false; // "Bupa Harcourt", "Macmillan Tina"
    if (LISTS.notAfter.has(tok.key) && !this.placeWordNamed(i)) return false;
    // "calls him Mo", "Cushing is his surname": named, whatever else the word is; but "she called me
    // Doctor", "There was his name" name nobody.
    if ((isFirst(tok.key) || isSurname(tok.key) || !isWord(tok.key))
      // "Cushing", "her eldest is called Chelsea"; not "Covid"
      && (isSurname(tok.key) || isFirst(tok.key) || !isExcluded(tok.key))
      && !(TITLES.has(tok.low) || this.personNoun(i))
      && this.namingCue(i)) return true;
    // "his friends call him Tank", "he goes by Den": a nickname, a word or not
    if (tok.cap && !(TITLES.has(tok.low) || this.personNoun(i)) && this.nicknamed(i)) return true;
    // "reflect on Stuart, whom", "the one I keep coming back to is Florence": a known first name, or a
    // word no list knows, where only a person goes.
    if ((isFirst(tok.key) || !(this.wordlike(i) || LISTS.proper.has(tok.key)))
      && (isFirst(tok.key) || !isExcluded(tok.key))
      && !CALENDAR.has(tok.key) // "the GP version is September"
      && this.personSlot(i)) return true;
    if (this.joined(i - 1, i, CLOSE)) {
      const prev = this.tokens[i - 1].key;
      if (prev === 'the' && (this.family(i) || this.familyNamed(i))) return true;
      // "Mother Teresa", "Father Ted" name nobody here; "his mother Hortense" does.
      if (LISTS.notBefore.has(prev) && !this.kinOwned(i - 1)) return false;
      // "in Preston", "on Yasmin"; but "into Gareth Pryce", "in Amy's room"; "angry at Brian".
      // "I'll copy in Rebecca": whoever is copied or brought in, as after "at".
      const copiedIn = prev === 'in' && IN_WITH.has(this.low(i - 2)) && this.joined(i - 2, i - 1, CLOSE);
      // "in Lexi-Mai a baby": two first names joined are a child's, never a town's
      // "switched Michelle to a patch": after a drug's verb, a first name no word, place or drug is, is
      // whom it was given
      const given = DRUG_VERBS.has(prev) && !LISTS.proper.has(tok.key);
      const atPerson = ((AT_ON.has(prev) || copiedIn || given) && isFirst(tok.key) && !this.wordlike(i))
        || this.doubleFirst(i);
      if (LISTS.drugBefore.has(prev) && !tok.possessive && !atPerson && !this.goodSurname(i + 1, false)) return false;
    }
    return null;
  }

  // A listed first name, or any word after a cue that names a person, or null.
  // Token i, a listed first name, opens a letter or a message after "Dear", the greeting closed by a
  // comma or the line's end, maybe after a surname.
  salutation(i) {
    const tok = this.tokens[i];
    if (i === 0 || !(this.tokens[i - 1].cap && this.low(i - 1) === 'dear')) return false;
    if (!(this.joined(i - 1, i, CLOSE) && isFirst(tok.key) && this.sentenceStart(i - 1))) return false;
    // "Dear Sir,", "Dear Mum,", "Dear Colleague,": no name
    if (LISTS.notBefore.has(tok.key) || TITLES.has(tok.low) || this.personNoun(i)) return false;
    const j = this.joined(i, i + 1, CLOSE) && this.tokens[i + 1].cap ? i + 1 : i;
    return CLAUSE_CLOSE.test(this.text.slice(this.tokens[j].end));
  }

  knownOrCued(i) {
    const tok = this.tokens[i];
    const known = isFirst(tok.key);
    const word = this.wordlike(i);
    // "Ellie-May": a child's two first names, the second also a month
    const excluded = isExcluded(tok.key) && !(this.doubleFirst(i) && !isExcluded(parts(tok.key)[0]));
    // A word nothing else claims: no word, never-a-name or place.
    const unclaimed = !(word || excluded || LISTS.proper.has(tok.key));
    if (this.pet(i) || this.diaryClosing(i)) return false; // "Percy is his cat", "Session one, October."
    if (this.strongCue(i)) {
      if (known && (!excluded || LISTS.namesDespite.has(tok.key))) return true;
      if (unclaimed) return true;
      // "her granddaughter Sydney": a first name that is also a place, after kin someone has.
      if (known && this.kinOwned(i - 1) && this.joined(i - 1, i, CLOSE)) return true;
    }
    // "her boyfriend, Jordan, wouldn't", "the cleaner, Lourdes": named right after a noun for a
    // person, between commas or at the clause's end, whatever else the word is.
    if ((known || unclaimed) && this.namedAfter(i)) return true;
    // "Fitzroy, the patient, is": a place's name too, but who is between the commas says
    const proper = LISTS.proper.has(tok.key) && !word;
    if ((known || unclaimed || proper) && (!excluded || LISTS.namesDespite.has(tok.key)) && this.roleAfter(i)) return true;
    // "the patient I mentioned last week has died, Morag": a name closing a sentence about someone.
    if ((known || unclaimed) && this.namedAtEnd(i)) return true;
    // "the pharmacist Hemant sorted it", "Nurse Dlamini did", "Jhun her husband works": a noun for a
    // person right before, or his or her kin right after.
    if ((known || unclaimed) && (this.roleBefore(i) || this.kinApposition(i))) return true;
    if (known && !excluded && this.roleBracketed(i)) return true; // "HCA (Sue)"
    // "thanks Fola", "I think you put it perfectly there, Mo": who a message thanks or speaks to.
    if ((known || unclaimed) && this.addressed(i)) return true;
    if ((known || unclaimed) && !excluded && this.labelled(i, known)) return true; // "Saffy: did you?"
    // "Jade's hosp no K0093316", "Precious dob 25/05/1998": whose record follows is a person.
    if ((known || unclaimed) && this.recordFollows(i)) return true;
    if (this.barePossessive(i)) return true; // "Priyas case", "Baljits mum"
    // "Rose and I debriefed", "Afterwards Grace and I had a coffee": the writer's companion
    if (known && (this.sentenceStart(i) || this.reported(i)) && this.low(i + 1) === 'and' && this.low(i + 2) === 'i'
      && this.joined(i, i + 1, CLOSE) && this.joined(i + 1, i + 2, CLOSE)) return true;
    if (excluded) return this.excludedNamed(i, known); // "June said", "May Tsang"; "in June" stays a month
    if (tok.possessive && this.kinFollows(i) && (known || !word)) return true;
    if (known && tok.possessive && this.doingFollows(i)) return true; // "Mark's doing the facilitating"
    if (known && tok.possessive && this.low(i + 1) === 'the' && this.joined(i, i + 1, CLOSE)
      && this.personNounWithin(i + 1)) return true; // "Frank's the leader this term"
    if (this.usedAsPerson(i, known, unclaimed)) return true;
    return this.namedInContext(i, known, word, unclaimed) ? true : null;
  }

  // Token i, a month, a place or a thing that is never a name alone, is a person here: a first name
  // too (`known`) with what only people have, or one the data lets count.
  excludedNamed(i, known) {
    const tok = this.tokens[i];
    if (known) {
      // "Florence's son", "Chelsea's mum", "Jordan's date of birth"
      if (tok.possessive && (this.kinFollows(i) || this.recordFollows(i))) return true;
      if (this.surnameListedStrictly(i + 1)) return true; // "Lorenzo Ricci", "Chelsea Okafor"
      if (this.fromWorkplace(i)) return true; // "Addison from the pharmacy rang", "Bill from IT"
      if (this.roleAfter(i)) return true; // "Chanel, the HCA, held the tablet", "Lorenzo, the student nurse,"
      if (this.ageAfter(i, false)) return true; // "Summer, aged nine,", "May, 84, lives alone"
      // "Paris is a 19 year old", "Chelsea had been drinking".
      if (this.sentenceStart(i) && this.describedStrictly(i)) return true;
      if (this.sentenceStart(i) && this.ownerFollowsVerb(i)) return true; // "Jordan missed his depot"
    }
    // "I told Florence, because": who is told or rung is no city nor month.
    return LISTS.namesDespite.has(tok.key) &&
      (this.verbAfter(i, LISTS.personVerbsStrong) || this.goodSurname(i + 1, true) || this.contacted(i)
        || (this.joined(i - 1, i, CLOSE) && ONLY_PEOPLE_BEFORE.has(this.low(i - 1))));
  }

  // Token i, a first name (`known`), a surname or a word no list claims, is a person by what stands
  // around it.
  namedInContext(i, known, word, unclaimed) {
    const tok = this.tokens[i];
    // "drove to Morley", "the student from Tanzania missed": a town, whatever stands around it
    if (this.townAsPlace(i)) return false;
    // "Sydney and Melbourne", "Paisley or Dundee": a surname or a word listed with a place
    if (!(known && !word) && this.listedWithAPlace(i)) return false;
    // "Kabongo family, the dad is": a surname opening a note about the family.
    // ("Autistic girls and women are": a word of the full dictionary, and no family.)
    if ((unclaimed || isSurname(tok.key)) && !(word || isMoreWord(tok.key)) && this.familyOpens(i)) return true;
    if (known && !word) return true;
    // A first name that is also a word ("Faith", "Will"), or a listed surname that is none
    // ("Cartwright"), capitalised where only a name would be.
    if ((known || (isSurname(tok.key) && unclaimed)) && this.capitalMidClause(i)) return true;
    if (known && (this.weakCue(i) || this.goodSurname(i + 1, true))) return true;
    // "Rob's advice", "Iris's pension": a first name that is also a word owns what people have.
    if (known && tok.possessive && this.sentenceStart(i) && this.joined(i, i + 1, CLOSE)
      && HELD_BY_PEOPLE.has(this.low(i + 1))) return true;
    // "Martin made", "Grace gave": a first name that is also a word, before what people do (also
    // said of drugs and things: "Sertraline made her sleepy", so not without the name).
    if (known && !this.properCompound(i) && this.verbAfter(i, DONE_BY_PEOPLE)
      && (!FEELINGS.has(tok.key) || this.verbAfter(i, FELT_BY_OTHERS))) return true;
    // "Hope isn't a plan", "Joy came when Grace described it": a feeling's name is a person's only
    // before what people say or do to others ("Hope rang", "Joy cried").
    if (known && this.verbAfter(i, LISTS.personVerbsStrong)
      && (!FEELINGS.has(tok.key) || this.verbAfter(i, FELT_BY_OTHERS))) return true;
    // "Frank has smoked 40 a day", "Faith had stopped going": has or had, then the same
    if (known && this.sentenceStart(i) && this.perfectAfter(i)) return true;
    // "Bill is a heartsink" opening a sentence or what was said or thought ("my trainer said Bill is").
    if (known && (this.sentenceStart(i) || this.reported(i)) && this.describedAsPerson(i)) return true;
    // "Mercy Owusu was": a first name and a surname that is no word before a verb ("Love Island was").
    if (known && this.surnameNoWord(i + 1) && this.verbAfter(i, LISTS.personVerbs)) return true;
    // "Precious Mahlangu, TSH 0.01": a first name that is also a word, then a capitalised word no list
    // knows (a surname the lists lack), closing a clause or before a verb people do.
    if (known && this.unlistedSurname(i + 1)) return true;
    // "Violet Cooper fell", "Heather Gill was in": both also words, but a first name and a listed
    // surname before a verb people do.
    if (known && this.listedSurname(i + 1) && this.verbAfter(i, LISTS.personVerbs)) return true;
    // "Bob from the allotments", "Pat at the pharmacy": a first name opening a description.
    if (known && this.sentenceStart(i) && (this.fromSomewhere(i) || this.theRole(i))) return true;
    if (known && this.onDuty(i)) return true; // "Dawn on reception says", "ask Jan on nights"
    // "Daisy, 90, still gardens"; but "Man, 48, lorry driver" is how a record says who
    if (known && !this.personNoun(i) && (this.appositive(i) || this.ageAfter(i))) return true;
    // "Ivy Stainthorpe, born 30th September 1931": a name and a surname, then a record.
    if (known && this.goodSurname(i + 1, false) && this.ageAfter(i + 1)) return true;
    if (known && !isWord(tok.key) && this.describes(i)) return true; // "Beverley from the church"
    if (known && LISTS.towns.has(tok.key) && this.verbAfter(i, LISTS.personVerbs)) return true; // "Kimberley has"
    // "Hargreaves is back on the list", "Pemberton's INR was 6": a listed surname that no first name,
    // word or place is, opening a sentence before a verb or owning something.
    return this.sentenceStart(i) && this.surnameOpens(i);
  }

  // A capitalised word no list of words or places knows: a name where people stand.
  unknownWord(i) {
    const tok = this.tokens[i];
    // "Housemate went round", "Carer's leave": a word for a person; but "Imam Siddiqui" is his title
    // "Carers worried about pressure areas": people, plural
    const noun = this.personNoun(i) || personNounWord(tok.key) || (tok.key.endsWith('s') && personNounWord(tok.key.slice(0, -1)));
    if (noun && !(this.joined(i, i + 1, CLOSE) && this.tokens[i + 1].cap)) return false;
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
      if (this.describedAsPerson(i) || this.inAState(i) || (this.goodSurname(i + 1, false) && this.verbAfter(i, LISTS.personVerbs))) return true;
    } else if (this.verbAfter(i, LISTS.personVerbs)) return true;
    if (this.startOfDescription(i) || this.ageAfter(i)) return true;
    // Mid-sentence, a word no list knows after a preposition people follow, or before "and I".
    if (this.unknownCue(i) || this.givenTo(i)) return true;
    if (this.afterParticles(i + 1) >= 0) return true;
    // "Dumisani Khumalo, DOB 09.11.1979": a name the lists lack, with a record after it.
    if (this.recordFollows(i) || (this.goodSurname(i + 1, false) && this.recordFollows(i + 1))) return true;
    if (this.goodSurname(i + 1, true) && isSurname(this.tokens[i + 1].key)) return true;
    // Two capitalised words no list knows, side by side, not opening a sentence: a first name
    // and a surname the lists lack.
    return !this.sentenceStart(i) && this.unknownPair(i);
  }

  // Token i has a capital no grammar gives it: inside a clause, after a word in lower case, and
  // no capitalised word follows to make it part of a thing's name ("i think Faith is going to
  // stop coming", "I dread Cartwright"; not "the Hope ward", "her Kindle", "Hope Street").
  capitalMidClause(i) {
    if (this.sentenceStart(i) || !this.joined(i - 1, i, CLOSE)) return false;
    const prev = this.tokens[i - 1];
    if (prev.cap || prev.upper || NOT_BEFORE_CAPITAL.has(prev.low)) return false;
    if (DETERMINERS.has(prev.low) && prev.low !== 'our') return false; // "our Grace": a northern "our"
    // "a fisherman from Madeira", "still misses Seville"; but "in Poppy's head" is hers
    if (WHERE_FROM.has(prev.low) && !this.tokens[i].possessive) return false;
    if (prev.low === 'it' && NAMING.has(this.low(i - 2))) return false; // "they still call it Hope"
    return !(this.joined(i, i + 1, CLOSE) && this.tokens[i + 1].cap);
  }

  // Token j, right after a first name, is a capitalised word in no list, and a clause ends after it or
  // a verb people do follows; not a place ("West Witton") nor a plural ("Jack Russells").
  unlistedSurname(j) {
    if (!this.joined(j - 1, j, CLOSE) || COMPASS.has(this.tokens[j - 1].key)) return false;
    if (!this.unclaimedCapital(j)) return false;
    const tok = this.tokens[j];
    const { key } = tok;
    if (isFirst(key) || isSurname(key) || isMoreWord(key)) return false;
    if (key.endsWith('s') && (isSurname(key.slice(0, -1)) || isFirst(key.slice(0, -1)))) return false;
    return CLAUSE_CLOSE.test(this.text.slice(tok.end)) || this.verbAfter(j, LISTS.personVerbs);
  }

  unknownPair(i) {
    if (!this.joined(i, i + 1, CLOSE) || this.tokens[i].possessive) return false;
    return this.unclaimedCapital(i + 1);
  }

  // Token j is capitalised and no list of words, places or things' names claims it: the second word
  // of "Zanele Khumalo", not of "Hebden Bridge" or "Bupa Cromwell".
  unclaimedCapital(j) {
    const tok = this.tokens[j];
    if (!tok.cap || this.blocked[j] || this.eponym(j)) return false;
    const { key } = tok;
    return !(this.wordlike(j) || LISTS.proper.has(key) || isExcluded(key)
      || LISTS.notAfter.has(key) || LISTS.notBefore.has(key));
  }

  // Where a name found at token i really starts: a first name before it that was no evidence alone
  // ("Summer Kettleborough", "Anwen Pryce" once "Pryce" is found).
  firstBefore(i, takenTo) {
    const k = i - 1;
    if (k <= takenTo || !this.joined(k, i, CLOSE)) return i;
    const tok = this.tokens[k];
    if (tok.lower && !tok.upper && this.tokens[i].lower && !tok.possessive) {
      // "maría josé": in lower case, a first name no word is, before a name found so
      const listed = isFirst(tok.key) && !isWord(tok.key) && !isExcluded(tok.key);
      return listed && !LISTS.notLower.has(tok.key) ? k : i;
    }
    if (!tok.cap || tok.possessive || this.blocked[k] || TITLES.has(tok.low)) return i;
    if (LISTS.notBefore.has(tok.key) || LISTS.notAfter.has(tok.key)) return i;
    if (this.opener(k)) return i; // "So Zanele came back"
    if (isFirst(tok.key) || !(isWord(tok.key) || isExcluded(tok.key) || LISTS.proper.has(tok.key))) return k;
    return i;
  }

  extend(i) {
    let j = i;
    for (let parts = 1; parts < MAX_PARTS; parts += 1) {
      const k = this.afterParticles(j + 1);
      if (k >= 0) j = k;
      else if (j + 1 < this.tokens.length && this.goodSurname(j + 1, false)) j += 1;
      else if ((j === i || (j === i + 1 && this.middleName(j))) && this.wordSurname(j + 1)) j += 1;
      else if (this.joined(j, j + 1, CLOSE) && this.particleName(j + 1)) j += 1; // "Noor ul-Haq"
      else break;
    }
    if (j === i && this.surnameInitial(j + 1)) j += 1; // "Tom W said", "Tom W: smooth"
    return j;
  }

  // Token j, the second part of a name, is a first name and no word: "Gordon Arthur Pilling" goes on
  // to its surname as "Gordon Pilling" would.
  middleName(j) {
    const tok = this.tokens[j];
    return tok.cap && !tok.possessive && isFirst(tok.key) && !isWord(tok.key);
  }

  // Token k, one capital after a first name, is the initial of its surname: "Tom W said", "Kate M:",
  // as a group tells its two Toms apart (not "I" nor "A": "thanks Tom I will").
  surnameInitial(k) {
    if (k >= this.tokens.length || !this.joined(k - 1, k, CLOSE)) return false;
    const [tok, prev] = [this.tokens[k], this.tokens[k - 1]];
    if (tok.end - tok.start !== 1 || !SURNAME_INITIALS.includes(this.text[tok.start])) return false;
    if (!(prev.cap && !prev.possessive && isFirst(prev.key))) return false;
    if (CLAUSE_CLOSE.test(this.text.slice(tok.end))) return true;
    const after = this.joined(k, k + 1, CLOSE) ? this.tokens[k + 1] : null;
    return after !== null && after.lower && !after.upper;
  }

  // Token j, right after a first name found so, is its surname: a word with a capital after a
  // capitalised one ("Lorna Grieve whose", "Doreen Pilling has"), unless it names a place, a thing
  // or a time; in lower case, a word no list knows ("edna shufflebottom").
  wordSurname(j) {
    if (j >= this.tokens.length || !this.joined(j - 1, j, CLOSE)) return false;
    const [tok, prev] = [this.tokens[j], this.tokens[j - 1]];
    if (prev.possessive) return false;
    if (prev.lower && !prev.upper && isFirst(prev.key)) {
      // "edna shufflebottom is": no word, no list's, and then how people go on; not "sam didn't",
      // "rehana texted", "kemi youre so".
      return this.unknownLower(j)
        && !(tok.key.endsWith('ed') || HAS_APOSTROPHE.test(this.text.slice(tok.start, tok.end)))
        && !LISTS.personVerbs.has(tok.key)
        && (this.verbAfter(j, LISTS.personVerbs) || this.joined(j, j + 1, COMMA));
    }
    if (!(tok.cap && prev.cap && isFirst(prev.key))) return false;
    const { key } = tok;
    return isWord(key) && !isExcluded(key) && !LISTS.notAfter.has(key) && !LISTS.notBefore.has(key)
      && !this.eponym(j);
  }

  // "her son is called", "the patient was named": a person said to be called token i.
  personCalled(i) {
    return ['called', 'named'].includes(this.low(i - 1)) && BE.has(this.low(i - 2)) && this.personNoun(i - 3) &&
      this.joined(i - 3, i - 2, CLOSE) && this.joined(i - 2, i - 1, CLOSE) && this.joined(i - 1, i, CLOSE);
  }

  // A street, a ward or a hospital comes right after token j ("Acacia Road"), or the name is a firm's:
  // "Frank Dyson & Sons", "Cooper and Sons", "Hallam Ltd".
  placeFollows(j) {
    FIRM_AFTER.lastIndex = this.tokens[j].end;
    if (FIRM_AFTER.test(this.text)) return true;
    if (!this.joined(j, j + 1, TRAILING)) return false;
    const next = this.tokens[j + 1];
    const gap = this.text.slice(this.tokens[j].end, next.start);
    if ((this.tokens[j].possessive || HAS_APOSTROPHE.test(gap)) && !next.cap) return false;
    if (PLACE_VERBS.has(next.key) && !next.cap) return false; // "Lachlan walk in", "Ray drive home"
    // "Ramsay Hunt syndrome", "Stevens-Johnson syndrome": an eponym without its "'s".
    return LISTS.notAfter.has(next.key) || (!/^['\u2019]/.test(gap) && DISEASE.has(next.key));
  }

  // "Maggie Ward told me", "the nurse, Josie Ward, knew": a surname that is also a place's word,
  // after a first name, where a person is.
  surnameNotPlace(j) {
    const [tok, prev] = [this.tokens[j], this.tokens[j - 1]];
    if (!(tok.cap && isSurname(tok.key) && isFirst(prev.key))) return false;
    if (isWord(prev.key)) return false; // "Jubilee Ward sounds celebratory"
    return this.verbAfter(j, LISTS.personVerbsStrong) || this.namedAfter(j - 1);
  }

  joins(i, listed = false) {
    const tok = this.tokens[i];
    if (!(tok.cap || tok.upper) || this.blocked[i]) return false; // "KAMINSKI, OYEDEPO, McLAUGHLIN"
    // "Marcia and Everton", "Frances and Gideon": a name some places share is a name here.
    if (isExcluded(tok.key) && !LISTS.namesDespite.has(tok.key)) return false;
    if (LISTS.notBefore.has(tok.key)) return false;
    // "Sarah and COPD", "Priya, CAMHS": capitals no list knows are acronyms; but in a list of
    // names, a word of five letters or more with two vowels is said, not spelt ("MBEKI").
    const spoken = listed && SPOKEN.test(tok.key);
    if (tok.upper && !(isFirst(tok.key) || isSurname(tok.key) || spoken)) return false;
    // Not a place no first name is: "Vilnius, Sofia, Tirana" goes on as places.
    return isFirst(tok.key) || !(isWord(tok.key) || LISTS.proper.has(tok.key));
  }

  // Just "and" between tokens b and a2: "Semhar and Yonas".
  // "has" or "had" after token i, then a verb only people do ("has smoked") or their going ("has
  // left"); or a modal, then what people will do ("will bring").
  perfectAfter(i) {
    const k = i + 2;
    if (!(this.joined(i, i + 1, CLOSE) && this.joined(i + 1, k, CLOSE))) return false;
    if (MODALS.has(this.low(i + 1))) return WILL_DO.has(this.low(k));
    // "Joy has left the scheme"; but "Hope had gone within twenty minutes" is a feeling.
    const gone = GONE.has(this.low(k)) && !FEELINGS.has(this.tokens[i].key);
    return ['has', 'had'].includes(this.low(i + 1)) && (does(this.low(k)) || gone);
  }

  andBetween(b, a2) {
    const k = b + 1;
    return a2 === k + 1 && this.low(k) === 'and' && this.joined(b, k, CLOSE) && this.joined(k, a2, CLOSE);
  }

  // Where the name starting at token i begins with its title or honorific ("mrs begum", "Nana Ama")
  // and its particles ("Van der Berg was", "Ó Briain").
  lead(i) {
    let k = i;
    while (i - k < 2 && PARTICLES.has(this.low(k - 1)) && this.joined(k - 1, k, CLOSE)) k -= 1;
    if (!this.joined(k - 1, k, CLOSE)) return k;
    const low = this.low(k - 1);
    return TITLES.has(low) || (HONORIFICS.has(low) && this.tokens[k - 1].cap) ? k - 1 : k;
  }

  // Token j+1, in lower case, is a listed surname right after a lower-case name at j, and a record
  // follows it: "kelvin moss, dob 22/08/1979" (a word or not).
  surnameBeforeRecord(j) {
    const [tok, nxt] = [this.tokens[j], this.tokens[j + 1]];
    if (!tok.lower || !nxt || !nxt.lower || !this.joined(j, j + 1, CLOSE)) return false;
    return isSurname(nxt.key) && this.recordFollows(j + 1);
  }

  names() {
    const spans = [];
    let i = 0;
    while (i < this.tokens.length) {
      if (!this.startsName(i)) { i += 1; continue; }
      // "J. Whitworth": the name goes on past the initial's full stop.
      let j = this.extend(this.initial(i) ? i + 1 : i);
      // "her son is called Mason Lane", "his half-sister Poppy Ward": a surname, not a street or a ward,
      // after a person is called or right after whose kin they are
      const kin = this.kinOwned(i - 1) && this.joined(i - 1, i, CLOSE);
      if (this.placeFollows(j) && (this.personCalled(i) || kin) && this.listedSurname(j + 1)) j += 1;
      if (this.surnameBeforeRecord(j)) j += 1; // "kelvin moss, dob 22/08/1979"
      // "Aaron Beck's cognitive triad": a first name before a thinker's is the thinker's.
      let thinkerNext = this.joined(j, j + 1, CLOSE) && this.thinker(j + 1);
      // "Carson and Stone's work on", "Kurtz and Draper's model": a thinker's co-author.
      // ("Sarah and Tom's book club" are two people).
      if (this.low(j + 1) === 'and' && this.joined(j, j + 1, CLOSE)) {
        thinkerNext = thinkerNext || (this.joined(j + 1, j + 2, CLOSE) && this.coAuthored(j + 2));
      }
      if (!(this.placeFollows(j) || this.famous(i, j) || thinkerNext)) {
        const start = this.firstBefore(i, spans.length ? spans[spans.length - 1][1] : -1);
        spans.push([this.lead(start), j]);
      }
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
    more.push(...this.listed(sortedUnique(spans), taken));
    more.push(...this.capitalsItems(spans, taken));
    return sortedUnique([...spans, ...more]).map(([a, b]) => [this.tokens[a].start, this.tokens[b].end]);
  }

  // "VISITS: ADEYEMI 11am, FORSYTH-BROWN 12, NÉMETH after lunch": where a name in capitals is found,
  // a word in capitals that opens an item of the list is another, said and not spelt ("THURS",
  // "CAMHS" are not), its parts too if it has two ("AL-SAYED"); a surname that is also a place too
  // ("ASHWORTH"), but no word ("SEPSIS").
  capitalsItems(spans, taken) {
    if (!spans.some(([a]) => this.tokens[a].upper)) return [];
    const more = [];
    const particle = (p) => PARTICLES.has(p) || p === 'al';
    this.tokens.forEach((tok, k) => {
      if (taken.has(k) || !tok.upper || !ITEM_OPENS.test(this.text.slice(0, tok.start))) return;
      const { key } = tok;
      if (isWord(key) || isMoreWord(key) || LISTS.proper.has(key)) return;
      if (isExcluded(key) && !isSurname(key)) return;
      const parts = key.split('-');
      if (parts.every((p) => isFirst(p) || isSurname(p) || SPOKEN.test(p) || particle(p)) && !parts.every(particle)) {
        more.push([k, k]);
      }
    });
    return more;
  }

  // The other names of a list that names in `ordered` (sorted spans of tokens) are in.
  listed(ordered, taken) {
    const more = [];
    // "Usman, Bilqis, Idris": a word between two names in a list is one too.
    for (let n = 0; n + 1 < ordered.length; n += 1) {
      const b = ordered[n][1];
      const a2 = ordered[n + 1][0];
      const k = b + 1;
      if (a2 === k + 1 && this.joined(b, k, COMMA) && this.joined(k, a2, COMMA) && this.joins(k, true)) more.push([k, k]);
    }
    // "Yetunde, Folake, Bisi": the list goes on, to its end or to the next comma or "and".
    for (const [, b] of ordered) {
      let k = b + 1;
      while (k < this.tokens.length && this.joined(k - 1, k, COMMA) && this.joins(k, true)) {
        const { end } = this.tokens[k];
        if (!(k + 1 === this.tokens.length || LIST_GOES_ON.test(this.text.slice(end)))) break;
        if (!taken.has(k)) more.push([k, k]);
        k += 1;
      }
    }
    // "Gill, Yaw, Priti and me", "Awate, Semhar and Yonas", "OYELARAN, SMITH, WOJCIK": a list of
    // two names or more reaches back to its first.
    const all = sortedUnique([...ordered, ...more]);
    for (let n = 0; n + 1 < all.length; n += 1) {
      const [a, b] = all[n];
      const a2 = all[n + 1][0];
      if (!(this.joined(b, a2, COMMA) || this.andBetween(b, a2))) continue;
      for (let k = a - 1; this.joined(k, k + 1, COMMA) && !taken.has(k) && this.joins(k, true); k -= 1) more.push([k, k]);
    }
    return more;
  }
}

// Python's sorted(set(pairs)): pairs compared element by element, each once.
function sortedUnique(pairs) {
  const unique = new Map(pairs.map(([a, b]) => [`${a},${b}`, [a, b]]));
  return [...unique.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

/** Whether one of the long lists ("first", "surname", "words", "proper") holds `key`, for the
 * test that holds the packed search to Python's sets (tests/browser/test_guard_parity.py). */
export const listed = (list, key) => LISTS[list].has(key);

/** Spans [start, end] of names in running text (guard.js's rules find those after titles). */
export function findNames(text) {
  return new Text(text).names();
}
