"""Closed classes of words server/guard_names.py looks for around a possible name: kinship,
titles and honorifics, verbs of contact and of handing over, what describes a person ("is the
son", "is 15"). The same sets are spelled out in web/guard_names.js; keep the two in step.
"""

from __future__ import annotations

DISEASE = frozenset(
    """disease syndrome palsy lymphoma sarcoma phenomenon encephalopathy contracture neuroma
    procedure manoeuvre technique guidance competence criteria score virus viruses
    fracture""".split()
)
GIVE = frozenset(
    """gave give giving handed hand handing passed pass passing sent send explained explaining
    introduced showed wrote write spoke speak talked talk mentioned lent""".split()
)
FAMILY_NOUNS = frozenset("family household twins kids children boys girls".split())
BE_HAVE = frozenset({"is", "was", "has", "had"})
BE = frozenset({"is", "was"})  # "X is 15"; "X has 400 letters" is a system
# An age said in words after "X is" ("Honour is two"; not "two hours away", which the number
# check in guard_cues.py refuses first).
NUMBER_WORDS = frozenset("two three four five six seven eight nine ten eleven twelve".split())
# After "X is" / "X was": what describes a person ("a teacher", "her sister", "been crying").
COMPLEMENTS = frozenset(
    "a an her his my our their been always never still now just really so very also".split()
)
# People a sentence describes: "X is the teenager with the overdose", "the reg, X, rang".
PERSON_NOUNS = frozenset(
    """one man woman lady gentleman girl boy lad teenager patient registrar reg nurse doctor gp
    consultant trainee trainer receptionist pharmacist colleague student carer midwife cleaner
    porter driver manager landlord landlady teacher vicar imam priest rabbi interpreter caretaker
    warden paramedic locum physio counsellor therapist surgeon chiropractor practitioner pal mate
    dentist optician podiatrist physiotherapist psychiatrist psychologist paediatrician
    supervisor boss lodger flatmate housemate keyworker advocate solicitor worker eldest youngest
    oldest hca anp postman postwoman owner chaplain secretary administrator volunteer guy bloke
    chap fella lass presenter leader co-leader facilitator specialist visitor coordinator assistant
    officer navigator prescriber matron technician phlebotomist sonographer radiographer
    dietitian dietician obstetrician anaesthetist childminder nanny mentor tutor dn hv pd
    tpd ot slt salt clerk""".split()
)
# Who was spoken to: "spoke to X", "rang X", and how such a clause goes on after the person.
SPEAK = frozenset("spoke speak speaking talk talked talking chat chatted chatting".split())
CONTACT = frozenset(
    """rang phoned called texted emailed messaged asked told thanked reassured ring phone thanks
    thank call tell""".split()
)
# Before "called" that names a thing, not rings: "sometimes called", "what he called" (not "is
# called", which names people too: "her husband is called frank").
NAMING_BEFORE = frozenset("sometimes also often usually commonly formerly".split())
NAMED_THINGS = frozenset("something what stuff things thing anything everything".split())
AFTER_CONTACT = frozenset(
    """about back again if that today tomorrow yesterday earlier later and on at this when who
    twice first no re for but tonight now i'd i'll id""".split()
)
# What an eponym's possessive owns, beyond the data's `eponym_after`: "Hickam's dictum".
EPONYM_NOUNS = frozenset("dictum razor paradox principle effect fallacy rule".split())
# What a thinker's possessive owns, right after it or a word or two on: "Launer's book",
# "Helman's folk model", "Beck's depression inventory"; not a test or a score, which a patient
# has too ("Ama's pregnancy test").
WORKS = frozenset(
    """model models inventory theory questionnaire hierarchy classification law triad principle
    paradox dictum razor fallacy framework approach method ladder matrix book paper
    papers idea ideas concept concepts reflection-in-action writings research website
    analogy stages cycle""".split()
)
# What two authors own together, after the second's 's: "Carson and Stone's research".
CO_AUTHORED = frozenset(
    """model models theory theories framework writing writings research paper papers distinction
    finding findings concept concepts typology taxonomy classification""".split()
)
# How a result "came back": "at 9", "normal", "as expected".
RESULT_AFTER = frozenset(
    """at as normal positive negative clear raised high low borderline abnormal elevated fine
    okay ok unremarkable reassuring""".split()
)
# How an author is cited, what a patient says too: an author's only for a surname alone that no
# first name is ("Heath writes that", "Launer talks about"; "Sarah talks about her dad" is a
# patient).
AUTHOR_CITED_ALONE = frozenset(
    {("talks", "about"), ("writes", "that"), ("argues", "that"), ("argues", "for"),
     ("suggests", "that")}
)
# ... and any author's: "Salinsky wrote about", "Sontag argued against". ("wrote that" is a
# complaint's, "argued about" a family's.)
AUTHOR_CITED = AUTHOR_CITED_ALONE | frozenset(
    {("writes", "about"), ("wrote", "about"), ("argues", "against"), ("argued", "against")}
)
# What two authors do together, after the second: "Stone and Carson argue for", "Werner and
# Malterud wrote about" ("Tom and Sarah argued about" is a family's, "described how he" parents').
PAIR_CITED = AUTHOR_CITED | frozenset(
    {("argue", "for"), ("argue", "that"), ("showed", "that"), ("suggest", "that"),
     ("describe", "how")}
)
PAIR_CITED_VERBS = frozenset(
    "coined distinguish distinguished proposed demonstrated published developed".split()
)
# ... and three authors or more: "Stone, Carson and Sharpe showed in 2010" ("Tom, Sarah and Priya
# showed me round" are colleagues).
LIST_CITED = frozenset(
    {("showed", "that"), ("showed", "in"), ("reported", "that"), ("reported", "in")}
)
# What an author is cited for, after "by": "the handbook by Malone Mukwende".
BY_WORKS = WORKS | frozenset(
    "handbook textbook article chapter novel poem documentary anything something everything".split()
)
# Greeting, thanking or congratulating someone by name: "thanks Fola", "hey Rach",
# "Congratulations Grace!" ("well done Ify": thanked)
THANKS = frozenset(
    "thanks thank thx ta cheers hey hi hiya hello congratulations congrats welcome bye".split()
)
# What a thanked friend is called that is no name: "thanks hun", "cheers bro".
ENDEARMENTS = frozenset("hun hon bro bruv bestie sweetie hunny tho lol lols xxx".split())
# A month or a weekday closing a heading: "Session one, October.", "after Balint, Wednesday."
DIARY_NAMES = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split()
)
# The verbs in the data's drug_before: "started Sertraline", but "switched Michelle to".
DRUG_VERBS = frozenset(
    "increased prescribed reduced restarted started starting stopped switched taking tried".split()
)
ONE_WHO = frozenset({"with", "who", "whose"})  # "X is the one with the glue ear"
# After who a message asks: "maya can you", "ruth are you ok".
ASKING = frozenset("can could are did do have would will were".split())
# Weather a message opens with: "Sunny here, 20 degrees" is no one signing in.
WEATHER = frozenset("sunny misty stormy windy rainy snowy cloudy foggy".split())
# Where someone works or comes from, after "X from the": "Rose from the deanery", "jo from the
# hospice", "Bill from IT".
WORKPLACES = frozenset(
    """team deanery practice surgery pharmacy chemist hospice ward hospital council school office
    reception admin site allotments allotment church mosque temple gurdwara synagogue home agency
    scheme service clinic lab desk shop takeaway market hostel pub club gym library nursery trust
    pcn hub unit centre bungalows flats estate cafe café salon place group estates facilities
    security catering housekeeping""".split()
)
# Spoken to at a message's start: "Mark you've frozen", "ravi thanks for that".
SPOKEN_TO = frozenset("you you're youre you've youve you'll youll thanks ur".split())
# Words that open a message before "you're" or "thank you" and are nobody: wishes and asides
# ("Hope you're well", "Bet you're tired"), interjections ("Aw thank you", "Yeah, thanks") and a
# heading's noun ("Case from the Balint group: ...").
NOT_SPOKEN_TO = frozenset(
    """hope trust wish bet bless mind see guess love miss will may can aw aww ah ahh oh ooh
    yeah yes yep yup no nope ok okay wow lol haha omg sorry well right cool great case""".split()
)
OBJECTS = frozenset({"him", "her", "me", "them", "as", "himself", "herself"})
OWNERS = frozenset({"his", "her", "their"})
PRONOUNS = frozenset({"i", "his", "her", "their", "he", "she", "me"})
# Not "ms": multiple sclerosis.
TITLES = frozenset({"mr", "mrs", "miss", "dr", "prof", "professor", "rev", "revd", "reverend"})
# Before a name, part of how the person is called: "Nana Ama", "Big Dave", "Sister Agnes".
HONORIFICS = frozenset(
    """nana nan auntie aunty aunt uncle sister brother big little baba mama papa grandma grandad
    grandpa granny father mother""".split()
)
GO = frozenset({"go", "goes", "going", "went", "gone"})
DETERMINERS = frozenset({"his", "her", "my", "their", "our", "your", "a", "an", "this", "that"})
# Before a word in lower case, these make it a thing: "the tram", "my teddy", "by phone".
# Not "this", "that", "its": "was that ahmed", "sorry late to this hamish", "its aleena".
NOUN_BEFORE = frozenset(
    "the a an my his her our their your these those some any every each".split()
)
BY_MEANS = frozenset({"by", "on", "over", "via"})
# Where someone is, after a noun for them: "the nurse in charge", "the man from the gym".
ROLE_PLACES = frozenset("in at on from of".split())
# "Mark, the ST3 in our group,": who someone is, after their name.
ROLE_DETERMINERS = frozenset("the our my her his their a an another one".split())
ROLES = frozenset(
    """st fy gpst ct sho director lead partner tutor facilitator member coordinator assistant
    officer navigator prescriber chair courier observer clerk pa""".split()
)
# Words that never follow a title as a surname: "mr and mrs".
FUNCTION_WORDS = frozenset("and or the a an to of in on at with is was".split())
# A sentence that opens with one of these opens with it, not with a name ("In Cairo, ...").
OPENING_PREPOSITIONS = frozenset("in on at to from into for with by of".split())
# How a work is made by its maker: "written by Jon Stone".
MADE = frozenset(
    """written edited directed painted sung composed narrated illustrated developed coined
    devised proposed popularised popularized pioneered""".split()
)
COMPASS = frozenset("north south east west northern southern eastern western".split())
# A "not" only a doer takes: "faith didnt come", "will hasnt been in" (not "isnt": "hope isnt").
NOT_DONE = frozenset(
    """didnt doesnt hasnt hadnt wont couldnt wouldnt didn't doesn't hasn't hadn't won't
    couldn't wouldn't""".split()
)
# What people do, enough after a first name that is also a word ("Martin made", "Grace gave",
# "Peter shook"), though not after a word no list knows: drugs make and give too.
DONE_BY_PEOPLE = frozenset(
    "made gave shook sorted described ended took moved helped started stopped began turned "
    "watched opened offered listened paused brought handed held sounded wanted".split()
)
# Who a message speaks as, after whom it speaks to: "rob we missed u", "fi i'll cover".
SPEAKERS = frozenset("i we i'll ill i've ive i'm im i'd".split())
MODALS = frozenset("will can may might must shall should would could".split())
# What people are doing or about to do, after "is" or "was": "Mark is leading this term",
# "Paddy is retiring in July", "Rose is off today".
DOING_NOW = frozenset(
    """leading leaving retiring bringing presenting facilitating chairing joining starting coming
    going covering hosting moving training studying visiting expecting off away having settling
    dying asking picking driving sleeping crying waiting struggling typing stopping""".split()
)
# How only people are, after "is" or "was" ("Grace was right", "Faith was brilliant last month"),
# and where a colleague is, after "is on" ("Faith is on nights", "Grace is on maternity leave").
PERSON_LIKE = frozenset(
    """brilliant right wrong upset tearful angry furious rude apologetic defensive distraught
    livid adamant jaundiced sleepy poorly unwell frail breathless confused drowsy pale""".split()
)
ON_LEAVE = frozenset(
    "leave nights call holiday annual maternity paternity sick study lates".split()
)
# Before a month, a country or a club that is also a first name, what makes it a person ("I
# asked Jordan", "with Chelsea"); "from", "to", "in" and "saw" go with places and matches too.
ONLY_PEOPLE_BEFORE = frozenset(
    "asked emailed examined messaged phoned rang reassured texted thanked told with".split()
)
# Months and weekdays that no list lets count as a first name ("April", "May", "June" and
# "August" do, data's `names_despite`).
CALENDAR = frozenset(
    """january february march july september october november december monday tuesday
    wednesday thursday friday saturday sunday""".split()
)
# Who a nickname is given to: "calls him Spud" (not "called me Doctor", "called it Brexit").
NICKNAMED = frozenset("him her them".split())
# What grandchildren call the old: no name of their own.
FAMILY_CALLS = frozenset("pops gramps grampa gran nanna mum dad mummy daddy".split())
# Gone, after "has" or "had": "Joy has left the scheme", "Rose has stepped out".
GONE = frozenset("left gone stepped".split())
# What people will do, after a modal: "Heather will bring the tea bags", "Grace can chair".
WILL_DO = frozenset(
    """bring ring call text email phone present facilitate lead chair say tell ask explain come
    join cover host""".split()
)
# "Percy is his cat", "his dog Rocky", "Rolo the hamster"
PETS = frozenset(
    """dog cat puppy kitten pet pony hamster rabbit bunny budgie parrot tortoise goldfish horse
    pigeon hen chicken pig gerbil ferret canary cockatiel lizard snake donkey goat labrador
    spaniel terrier collie poodle retriever dachshund whippet greyhound lurcher beagle
    pug""".split()
)
# A capital after these is a thing's or a pet's, not a person's: "the Hope ward", "a lot more
# Patience", "his dog Rocky".
NOT_BEFORE_CAPITAL = frozenset("the more less much some any no such own".split()) | PETS
FAMILY_VERBS = frozenset({"are", "were", "have"})  # "the Kowalskis are"
# Where someone works, after "on": "Dawn on reception", "Jan on nights", "Sam on the desk".
DUTIES = frozenset("reception nights duty call days lates earlies desk phones switchboard".split())
# "angry at Brian", "the bruises on Letitia", "ran into Naveed"
AT_ON = frozenset({"at", "on", "into"})
# Who is copied or brought in: "I'll copy in Rebecca", "loop in Tariq" (not "in Preston").
IN_WITH = frozenset("copy copied cc cc'd loop looped bring brought".split())
# Between a name and its verb: "Nkechi just said", "Sam then rang".
ADVERBS = frozenset(
    """just then also never finally eventually still always definitely probably really actually
    usually often""".split()
)
# After a word no list knows at a sentence's start: "Thulani the care worker", "Morag from the
# isles", "Kazimierz old boy", "Tolu who".
START_AFTER = frozenset({"the", "from", "who", "whose", "old"})
# Irish "Ó", "Ní", "Uí" ("Seán Ó Briain"); not "O" or "Mac", which stand alone too.
PARTICLES = frozenset(
    """van von de der den du da di la le ap bin del dos binti bint ibn ó ní uí""".split()
)
# Verbs that give a person a name, with an object between them and it: "everyone calls him
# Mo", "introduced himself as Mo", "she signs her emails Mags".
NAMING = frozenset(
    """call calls called calling introduced introduces introducing signs signed sign signing
    addressed""".split()
)
# After "X is" / "X was": "X is the surname", "X is actually his name".
NAME_NOUNS = frozenset({"name", "surname", "names", "surnames", "forename", "nickname"})
WHAT_NAMES = NAME_NOUNS | frozenset({"pseudonym", "alias"})  # "Hope is a pseudonym"
# "Crohn is a patient surname here": whose name it is.
NAME_KINDS = frozenset("first family last real middle maiden given christian patient".split())
# "Kit as he prefers", "Jo, as she likes to be called".
PREFERS = frozenset({"prefers", "preferred", "prefer", "likes", "liked", "wants", "wanted"})
SUBJECTS = frozenset({"he", "she", "they"})
# First names in the data that are words of SCOWL's full british-english though not of its
# small list (web/guard_names.json's `words`): "max", "dale", "chad". In lower case they open a
# line as often as a word as a name, so the shape of a line alone ("max again") names nobody.
# Regenerate with the lists: sorted(n for n in first if not is_word(n) and n in full_dict).
FULL_DICT_NAMES = frozenset(
    """
    abbe abbes acacia alder aloha amaryllis ambrosia amity amour anise ante arbutus arent
    aster avian bane banyan barney beau beaux beck belladonna belle beryl biff billy birdie
    blase bobby bong bonnie bonny bowman bracken brad brewer briar brier brogan bruin buster
    butch cachet cal calliope calypso camber camellia canton careen carmine carrel carver
    cassia castor cayenne celesta cerise chad chaise chancy chandler chenille chiffon
    clement coda colleen collier comer craven czarina dahlia dale deb deforest dell dharma
    dick dickey dickie dicky dieter dirk diva doc dory dorys dotty drake dray dyke ed elan
    emery ester fanny felicity filbert finis freeman gabby garner griffin gryphon gurney
    gypsy hank hector heiress henna hogan homer hosanna jasmine jasper jessamine jihad jimmy
    jock john jonquil josh julienne kale karma kc kestrel khan la laddie lam lama lassie lea
    lei leviathan lief lien linden lisle lorn lyes margarita marlin marquis marquise marten
    maven max mayo mecca meg mesa messiah meta mi mica mickey midge min mister myrtle
    mystique nadir nils nirvana noel novella nu odyssey onyx oz paisley parley parry paschal
    pasha patina patsy pearly pharaoh philander phoebe ping pinkie pinky piper quince raja
    rajah randy reeve reeves rhea rick roan roger rogers romaine rosette sable sahib sander
    sanders savanna savannah sawyer senna sequoia seraphim serge shad shah shandy shant
    sharia shariah shooter sibyl sim smiley sol sonny starlet starling stiles stonewall
    sully sultana sylvan tad taffy tam tangy tansy taro teal tequila terry theres titan tom
    tony tor tram tron troy tucker vale verity vernal vesper viva waldo wen wheeler whit yaw
    yon yuk zed zen zephyr zeppelin zinnia
    """.split()
)
# After a word ending in s: what says it was a plural noun ("Dawn visits are").
PLURAL_NEXT = frozenset({"are", "were", "have"})  # not "for": "Lwazi plays for the county"
# Where another clause begins, with its own subject: "Lwazi plays for the county and they are top".
CLAUSE_OPENERS = frozenset(
    "and but or so because who which that when while they he she we i you it there".split()
)
# Before or after someone known as themselves, not as a patient: "the poet Dylan Thomas", "a
# huge Taylor Swift fan", "Fiona Phillips's documentary".
FAME_BEFORE = frozenset(
    """poet singer actor actress footballer author novelist comedian presenter rapper
    celebrity painter artist writer playwright politician broadcaster journalist
    historian""".split()
)
FAME_AFTER = frozenset(
    """fan fans concert concerts album albums podcast podcasts documentary biopic gig gigs
    lyrics novel novels film films song songs poem poems painting paintings prints biography
    memoir""".split()
)
# The tests of a patient's consent, by the cases that set them: named together ("Gillick and
# Fraser", "Bolam and Montgomery"), none of them is a person.
CONSENT_TESTS = frozenset("gillick fraser bolam bolitho montgomery".split())
NATIONALITY_ENDINGS = ("an", "ese", "ish", "i", "ch")  # Kenyan, Congolese, Polish, Somali, Dutch
# How a person is, after "X was": "Somchai was quiet", "X is pregnant".
STATES = frozenset(
    """quiet tearful angry upset late fine lovely scared polite rude drunk pregnant unwell poorly
    ill sick better worse alive dead anxious calm furious grateful sweet kind chatty withdrawn
    adamant gracious brave honest tired happy sad cross livid apologetic defensive distraught
    reluctant frail sent told""".split()
)  # the last two done to people, shorter than the "-ed" the rule takes: "Awadia was sent"
# After "X is a": what makes X a thing, not a person ("Hope is a tricky thing", "Percy is his
# cat").
THINGS = frozenset("thing things word feeling way idea concept part source".split()) | PETS
# Things that are called something, as people are: "a company called SlimRx", "an app called
# Calm" (with the workplaces: "a pub called the Swan").
CALLED_THINGS = frozenset(
    """company firm business brand product supplement app website site page account channel
    podcast programme program show series film movie book song band game drug medicine tablet
    cream device system platform village town city farm street road hotel restaurant charity
    condition disease syndrome virus course campaign house cottage""".split()
) | THINGS | WORKPLACES
# Words that open what someone says before its subject: "Honestly Ivy has been through".
OPENERS = frozenset(
    """honestly so anyway well basically apparently sadly luckily unfortunately also and but
    then now today yesterday tonight afterwards later""".split()
)
# Before what was said or thought: "my trainer said Bill is a heartsink".
SAYING = frozenset(
    """said says say think thought thinks felt feel feels realised realized knew know suspect
    suspected heard guess reckon reckoned""".split()
)
# After "X, the lady": what goes on describing her ("with the colitis", "who rings").
DESCRIBING = frozenset("with who whose from that of at in on".split())
# "Storm Arwen", "Hurricane Katrina": weather named with a first name ("Storm Jones" is a child).
NAMED_WEATHER = frozenset("storm hurricane cyclone typhoon".split())
# A sign's, a test's or a diagnosis's eponym comes after these, never a person ("positive
# Hawkins-Kennedy", "negative Murphy's", "possible Sinding-Larsen-Johansson"): no name in the
# 29 such places of the corpora's tune halves was marked.
FINDING_BEFORE = frozenset("positive negative possible probable".split())
# Verbs only people do: a chat message opening with a word in lower case before one of these
# opens with a name ("grace rang back", "pat told me"; "bill came through" does not).
HUMAN_VERBS = frozenset(
    """said says told tells asked asks rang rings phoned texted emailed messaged cried sobbed
    laughed smiled explained insisted replied whispered shouted screamed wept nodded shrugged
    sighed apologised complained confessed agreed argued begged joked promised thanked""".split()
)
# First names that are feelings, and what they do only as people: "Hope rang", "Joy cried",
# "Hope brought her three kids"; not "Hope lies in", "Joy came across her face".
FEELINGS = frozenset({"hope", "joy"})
# First names that also head a note's line ("Case: a man of 60", "Faith: she goes to church",
# "Echo: not requested", "Chase: potassium"), so never a chat's writer before a colon.
HEADING_NAMES = FEELINGS | frozenset("case author echo chase faith".split())
FELT_BY_OTHERS = HUMAN_VERBS | frozenset(
    "brought wants wanted missed cancelled attended booked died fell".split()
)
# "Dallas the TV series", "Rolo the hamster": what a name right before "the" can be the title of.
TITLED_THINGS = (
    frozenset("""series film movie show programme musical book novel band song album game
    podcast""".split())
    | PETS
)
# Words English borrows with their accents, whose letters without them are first names in the
# lists ("déjà vu", "the señora", "niño"): in lower case, with the accents, they are the words.
LOANWORDS = frozenset(
    """déjà señora señor señorita olé mañana niño niña niños blasé élan née""".split()
)
# Street words that are verbs too: after a name in lower case they are what the person does
# ("I watched Lachlan walk in"), capitalised a street ("Acacia Walk").
PLACE_VERBS = frozenset("walk walks drive drives close closes park parks row rows".split())
TO_FROM = frozenset({"to", "from", "into", "via"})
# What a place is said to be: "Jordan is the country she fled", "Florence was the city".
PLACE_NOUNS = frozenset("country city town capital village place".split())
# Where a capital after a word in lower case is a place's, as grammar gives it: "from Madeira",
# "in Seville", "near Knighton" (a name that is no word needs no such capital: "from Amina").
WHERE_FROM = frozenset({"from", "in", "near", "via", "past", "outside", "misses"})
# Before "to" or "from", these make the town after them a person: "spoke to Stanley", "a letter
# from Shirley".
TALK_BEFORE = frozenset(
    """spoke speak speaking talk talked talking chat chatted chatting wrote write writing said
    say explained explain listened listen listening letter text call email message card note
    referral reply""".split()
)
# Words that open a sentence before a name, capitalised only for being first: "When Lindani
# Ndlovu walked in", "After Zanele left".
OPENING_WORDS = frozenset(
    """when after before then and but so if while once since as because although though until
    today yesterday tonight later""".split()
)
# What a person's record holds, after their name and "'s": "Jade's hosp no", "Dot's address".
RECORDS = frozenset(
    "address dob hospital hosp nhs mrn chi phone mobile email postcode number details".split()
)
# What only a person has, after their name and "'s": "Lee's notes", "Grace's limp", "Bill's
# patients", "Sunny's story", "Dean's keyworker".
PERSONAL = frozenset(
    """notes employer keyworker appointment appointments referral funeral wedding birthday limp
    confidentiality patients story idea point diagnosis results bloods scan inr medication meds
    prescription consultation pregnancy miscarriage overdose case consultant surgeon physio
    physiotherapist midwife nursery paediatrician physician psychiatrist psychologist haematologist
    gastroenterologist oncologist cardiologist neurologist rheumatologist dermatologist
    endocrinologist urologist gynaecologist nephrologist ogd colonoscopy endoscopy mri biopsy smear
    ecg operation ultrasound""".split()
)
# What a person has, after a first name that is also a word opening a sentence with its "'s"
# ("Rob's advice", "Iris's pension", "Paddy's previous practice"); not a thinker's work.
HELD_BY_PEOPLE = PERSONAL | frozenset(
    """advice pension note mobile number phone previous new old gp practice house flat home car
    school job benefits records record address email account passport words voice face hand
    question comment message text letter view partner son daughter dad mum husband wife""".split()
)
# Words that open a sentence before what it says: "honestly, Pat has been coming for years".
INTERJECTIONS = frozenset("honestly so well anyway and but also".split())
# How a record says who someone is, not their name ("female, 62,"): the lists have Female.
FEMALE_MALE = frozenset("female male f m".split())
# Whom one sees or tells: "saw tayo at the bus stop", "tell bola that".
SEEN = frozenset("saw see seen seeing visited visiting tell telling".split())
# What chat types that no small dictionary has: "so yeah Lenka rang", "okay thanks".
CHAT_WORDS = frozenset("yeah yep yup nope okay innit gonna wanna gotta dunno cuz".split())
# Verbs no thing does, after a word no list knows: "mukendi brought", "jhun works nights" (a
# whiteboard says, a result comes back, a letter is sent).
PEOPLE_ONLY = frozenset(
    """brought works worked asked asks rang rings phoned texted emailed messaged cried laughed
    smiled wept sobbed died wants wanted lives lived moved popped refused declined agreed
    apologised thanked complained""".split()
)
# After "@", these address no one person: "@everyone", "@all", "@here".
MENTION_WORDS = frozenset("everyone all here channel group team admin anyone".split())
