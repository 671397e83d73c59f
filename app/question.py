"""Question understanding: what kind of answer is wanted, about which metric, for which period.

Nothing here knows the bundled deck: kinds and periods come from generic English and finance wording,
metric words are matched later against the document's own labels.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from resultsqa.errors import QuestionError

MAX_QUESTION_CHARS = 2000

KINDS = ("figure", "why", "compare", "list", "other")

# The words that ask why whatever else the question says; "behind", "drivers"… may ask for parts instead.
_PLAIN_WHY = re.compile(r"\bwhy\b|\breasons?\b|\bcaus(e|ed|es)\b|\bexplain|\bhow come\b", re.I)
# "one-off", "one time" as a verdict on a change; "one-time revenues" is a measure
_ONE_OFF = r"\bone[- ](?:off|time)\b(?![- ](?:revenues?|sales|income)\b)"
_WHY = re.compile(
    _PLAIN_WHY.pattern
    + r"|\bdr(o|i)ve\b|\bdrivers?\b|\bdriven\b|\bexplanations?\b|(?<!\bor )\bbehind\b(?! (?:the |its |our )?(?:plan|target|budget|schedule|forecast))"
    r"|\bwhat (led|happened|pushed|pulled|lifted|boosted|dragged|hurt|helped|made(?! up))\b|\bdue to what\b"
    r"|\bwhat(?:'?s| is| are) (pushing|pulling|lifting|driving|dragging|hurting|holding)\b"
    r"|\bwhat(?: else)?(?:'s| is| are| was| were)? (weigh(?:s|ed|ing)?|hold(?:s|ing)? back|held back|drag(?:s|ged|ging)?) (on|down|back)\b"
    r"|\bwhat (?:is|are|will) (?:supposed to |expected to )?(carry|drive|support|offset)\b"
    r"|\bwhat (?:\w+ ){0,4}?(?:will|would|should|could|to) (?:lift|drive|boost|support|help|carry|push)\b"
    r"|\bcredit(s|ed)? for\b|\battribut(e|es|ed) (it|this|that|the \w+) to\b"
    r"|\bhow (did|could|can|does|do) .+ (when|while|despite|even though)\b|\bhow (did|does|do|has|have) .+ manage\b"
    r"|\b(growth|increase|rise|decline|drop|fall|loss|gain)\b.* com(e|es|ing) from\b"
    r"|\bwhat (?:\w+ ){0,5}?(kept|keeps|stopped|stops|prevented|prevents|pulls|pushes|lifts|drags|weighs on)\b"
    r"|\bwhat (?:\w+ ){0,3}?(slowed|slows|slowing|squeezed|squeezes|weakened|dented|hit)\b|\bblam(?:e|es|ed|ing)\b"
    # "SI revenue fell but SI gross margin went up - how?": a bare "how?" after a contrast asks why
    r"|\b(?:but|yet|while|though|although|despite)\b.*[-–—:.,;]\s*how(?: so)?\s*\?*\s*$"
    # "Is the 4Q-to-1Q margin decline structural?": whether a change is a pattern asks what the deck says causes it
    r"|^\s*(?:is|was|are|were)\b.*\b(?:structural|seasonal|cyclical|temporary|permanent|sustainable)\b"
    # "G&A fell 25% QoQ - one-off in the prior quarter, or real savings?": whether a change was a one-off
    # asks what the deck says caused it
    rf"|(?:^\s*(?:is|was|are|were)\b.*|[-–—:]\s*|\bor (?:an? )?|^\s*){_ONE_OFF}|{_ONE_OFF}[^?]*\bor\b",
    re.I,
)
_ASKING_WORD = re.compile(
    r"\b(what|how|which|who|whom|whose|when|where|why|is|are|was|were|did|does|do|can|could|will|would|should|has"
    r"|have|had|tell|give|show|list|name|describe|explain|walk|summari[sz]e|outline)\b",
    re.I,
)
# "Which affiliate does IIJ own more of: A or B?" compares two things; it does not list them.
_WHICH_MORE = re.compile(
    r"\bwhich\b.*\b(bigger|larger|more|faster|slower|higher|lower|smaller|better|worse|stronger|weaker)\b", re.I
)
_LIST = re.compile(
    r"^\s*(which|list|name)\b|\bwhat (new )?(services|products|companies|subsidiaries|businesses|brands)\b"
    r"|\bwhere did\b(?!.*\bstand\b)"  # a question of parts ("made up of", "items") is read by _COMPOSITION
    r"|\b(?:in|to|for|on|at|from|with|by|of) which [a-z]{3,}s\b"  # "in which formats…, to which devices…"
    r"|\b(buckets|categories|segments|kinds|types|building blocks|names|announcements|releases|launches)\b"
    r"|\bwhat (?:\w+ )?(?:formats|devices|platforms|features)\b"
    r"|\bwhich (?:[a-z]+ )?[a-z]{2,}[^su\W]s\b"  # "which (video) formats/devices", not "which business"
    r"|\beach (?:[\w-]+ ){0,3}?(?:part|line|piece|segment|component|item|one)\b"  # "each recurring revenue line"
    r"|\bwhat (?:were|are|was|is) the (?:\w+ )?(?:ways|things|factors|pieces|parts|uses|sources)\b"
    r"|\bwhat (?:were|are) the (?:main|major|key|biggest|largest) (?:[\w-]+ ){0,2}?[a-z]{3,}s\b",  # "the main cash outflows"
    re.I,
)
_COMPARE = re.compile(
    r"\bcompar|\bvs\.?\b|\bversus\b|\bchang(e|ed|es)\b|\bgr(o|e)w|\bgrowth\b|\bincreas|\bdecreas|\bris(e|en)\b"
    r"|\brose\b|\bf(a|e)ll\b|\bdrop|\bdeclin|\bhigher\b|\blower\b|\bbetter\b|\bworse\b|\byoy\b|\bqoq\b|\bagainst\b"
    r"|\byear[- ](over|on)[- ]year\b|\bquarter[- ](over|on)[- ]quarter\b|\ba year (earlier|ago|before)\b"
    r"|\b(previous|prior|last) (quarter|year)\b|\btarget\b|\bforecast\b|\bby how much\b|\babove\b(?!\s*\d)|\bbelow\b(?!\s*\d)"
    r"|\bahead of\b|\bbehind\b|\bbeat\b|\bmiss(ed)?\b|\bin line with\b|\bon (budget|target|plan)\b"
    r"|\b(more|less|fewer|bigger|larger|smaller|greater)\b.*\bthan\b|\bexceed|\boutweigh|\bnext to\b|\brelative to\b",
    re.I,
)
# "How much did it spend in the same quarter last year?" asks one past amount, not a comparison.
_ONE_AMOUNT_FIRST = re.compile(r"^\s*(how (much|many)|what (was|were))\b", re.I)
_IN_PAST_PERIOD = re.compile(
    r"\b(?:(?:in|for|during|at) (?:the )?(?:same (?:quarter|period) (?:of )?)?"
    r"(?:last year|the year before|(?:previous|prior|last|preceding) (?:quarter|year))|(?:a|one) (?:year|quarter) (?:ago|earlier))\b",
    re.I,
)
_FIGURE = re.compile(
    r"\bhow (much|many|big|large)\b|\bwhat (was|were|is|are)\b|\bwhat'?s\b|\bratio\b|\bwhere (?:did|does|do|is|was) .+ stand\b"
    r"|\bwhat did\b.+\b(?:come|amount) to\b",  # "What did revenue come to?" asks an amount
    re.I,
)

# "the same quarter of fiscal 2008": the basis of a year-on-year comparison.
_SAME_QUARTER_OF = r"\bsame (?:quarter|period) (?:of|in) (?:the )?(?:fiscal (?:year )?|FY\s?)'?\d{2,4}\b"
_YOY = re.compile(
    r"\byoy\b|\byear[- ](over|on)[- ]year\b|\ba year (earlier|ago|before)\b|\b(previous|prior|last) year\b"
    r"|\bsame (quarter|period) (of |a )?(last|previous|prior) year\b|\bannual(ly)? (change|growth)\b"
    rf"|{_SAME_QUARTER_OF}",
    re.I,
)
_QOQ = re.compile(
    r"\bqoq\b|\bquarter[- ](over|on)[- ]quarter\b|\b(previous|prior|last|preceding) quarter\b|\bsequential"
    r"|\ba quarter (ago|earlier|before)\b",
    re.I,
)
_TARGET = re.compile(
    r"\btarget|\bforecast|\bguid(ance|ing|ed|es?)\b|\boutlook\b|\bplan(s|ned|ning)?\b|\bproject(ed|ions?)\b|\bexpect|\baim(s|ing|ed)?\b|\bgoals?\b"
    r"|\bbudget(s|ed|ing)?\b"
    # "eventually", "hope to", "long term" (not a long-term balance), "over the next few years": a plan asked
    r"|\beventual(ly)?\b|\bultimate(ly)?\b|\bhop(e|es|ing) to\b|\bover the next (?:few|\d+) years\b"
    r"|\blong[- ]term\b(?! (?:borrow|debt|loan|liabilit|investment|deposit|lease|receivable|payable|obligation))",
    re.I,
)

_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_QUARTER_PATTERNS = (
    re.compile(r"\b([1-4])Q\s?(?:FY)?\s?'?(\d{2}|\d{4})\b", re.I),
    re.compile(r"\bQ([1-4])\s?(?:FY)?\s?'?(\d{2}|\d{4})\b", re.I),
    re.compile(
        r"\b(first|second|third|fourth|1st|2nd|3rd|4th) quarter (?:of )?(?:the )?(?:fiscal (?:year )?|FY\s?)?'?(\d{2}|\d{4})\b",
        re.I,
    ),
)
_BARE_QUARTER = re.compile(r"\b(?:([1-4])Q|Q([1-4]))\b", re.I)
_FISCAL_YEAR = re.compile(r"\b(?:FY\s?|fiscal (?:year )?)'?(\d{2}|\d{4})\b", re.I)
_BARE_HALF = re.compile(r"\b(?:([12])H|H([12]))\b", re.I)
# "the full-year target", "annual dividend": a fiscal year without its number, as the deck writes "FY09".
_BARE_YEAR = re.compile(r"\b(?:full|whole|entire)[- ](?:fiscal[- ])?year\b|\bannual\b|\bthe fiscal year\b", re.I)
_YEAR_NUMBER = re.compile(r"\b(?:19|20)\d\d\b")
_HALF = re.compile(r"\b([12])H\s?(?:FY)?\s?'?(\d{2})\b", re.I)
_HALF_SPELLED = re.compile(r"\b(first|second)[- ]half (?:of )?(?:the )?(?:fiscal (?:year )?|FY\s?)'?(\d{2}|\d{4})\b", re.I)

# "the same three months one year earlier": a length of time is a period, not words a line must hold.
_SPAN_OF_TIME = re.compile(r"\b(?:one|two|three|four|five|six|nine|twelve|\d+)\s+(?:months?|quarters?|years?)\b", re.I)
# Words that carry the question's grammar, not its topic.
STOPWORDS = frozenset(
    """a an the of in on at to for from by with and or but is are was were be been being do does did has have
    had how what which who whom whose why when where whether this that these those it its it's their there
    what's whats much many about as into than then so such can could would should will shall may might must
    company company's companies iij iij's they them we our us you your me my i any some all any each more
    most less least very just only also tell give show please report reported reports say said says state
    stated during over under per vs versus compared compare comparison change changed changes did does
    doing happen happened between since quarter quarterly year yearly month months period fiscal fy q quarter's figure figures number
    value amount level much big large earlier ago before previous prior last same preceding
    sequential sequentially first second third fourth 1st 2nd 3rd 4th end now currently current this
    latest recent eventually ever full usually typically normally generally actual actually
    make made makes earn earned bring brought get got book booked post posted see saw look go went
    thousand thousands million millions billion billions jpy yen deck slide slides presentation define defined
    definition defines qtr qtrs rank ranked ranking bigger biggest larger largest greater greatest smaller smallest""".split()
)

# Colloquial finance words mapped to the wording results decks use (one or several); learned document
# abbreviations (SI = systems integration) come from the index on top of these.
SYNONYMS: dict[str, str | tuple[str, ...]] = {
    "sales": "revenues",
    "sell": "revenues",
    "sold": "revenues",
    "revenue": "revenues",
    "turnover": "revenues",
    "topline": "revenues",
    "profit": "income",
    "profits": "income",
    "earnings": "income",
    "lose": "loss",
    "lost": "loss",
    "losing": "loss",
    "contractors": "personnel",
    "headcount": "employees",
    "staff": "employees",
    "workforce": "employees",
    "hires": "hired",
    "hire": "hired",
    "spending": ("expenses", "purchase"),
    "spend": ("expenses", "purchase"),
    "costs": "cost",
    "fell": "down",
    "fall": "down",
    "drop": "down",
    "dropped": "down",
    "decline": "down",
    "declined": "down",
    "shrink": "down",
    "shrank": "down",
    "shrunk": "down",
    "shrinking": "down",
    "rose": "up",
    "rise": "up",
    "grew": "up",
    "grow": "up",
    "growth": "up",
    "climbed": "up",
    "capex": "capital expenditure",
    "running": "operates",
    "run": "operates",
    "operating": "operates",
    "generate": "provided",
    "generated": "provided",
    "joined": "hired",
    "recruited": "hired",
    "recruits": "hired",
    "recruitment": "hired",
    "hiring": "hired",
    "intake": "hired",
    "new": "newly",  # "newly graduates"
    "maintaining": "maintenance",
    "maintain": "maintenance",
    "debt": "borrowings",
    "loans": "borrowings",
    "bought": "purchase",
    "buying": "purchase",
    "spent": ("purchase", "expenses"),
    "stake": "ownership",
    "owns": "ownership",
    "owned": "ownership",
    "own": "ownership",
    "subs": "subsidiaries",
    "wholly": "ownership",
    "aiming": "target",
    "aim": "target",
    "goal": "target",
    "expect": "target",
    "guidance": "target",
    "guide": "target",
    "outlook": "target",
    "forecast": "target",
    "want": "expects",
    "wants": "expects",
    "plans": "expects",
    "customers": "contracts",
    "clients": "contracts",
    "subscribers": "contracts",
    "weaker": "weak",
    "charge": "expenses",
    "charges": "expenses",
    "admin": "administrative",
    "overhead": "sg&a",
    "overheads": "sg&a",
    "weakness": "weak",
    "consumer": "home",
    "household": "home",
    "households": "home",
    "businesses": "corporate",
    "fin": "financing",
    "exp": "expenses",
    "exps": "expenses",
    "consumers": "home",
    "residential": "home",
    "budgeting": "target",
    "budgeted": "target",
    "ops": "operation",
    "opex": "expenses",
    "biz": "business",
    "svcs": "services",
    "svc": "service",
    "payout": "payment",
    "paid": "payment",
    "payouts": "payment",
    "outflow": "used",
    "outflows": "used",
    "inflow": "provided",
    "inflows": "provided",
    "notebook": "laptop",
    "notebooks": "laptop",
    "pc": "laptop",
    "pcs": "laptop",
    "cdn": ("contents", "delivery"),
    "grads": "graduates",
    # the deck's "small and medium enterprises", "med-to small size enterprises"; a deck may write SMEs too
    "sme": "small enterprises",
    "smes": "small enterprises",
    "smb": "small enterprises",
    "smbs": "small enterprises",
    "grad": "graduate",
    "lab": "laboratory",
    "labs": "laboratory",
}

# Analysts' phrases, rewritten in the words decks print: "operating margin" is "Operating Income (% of
# revenues)", "staff costs" are personnel related costs, "pre-tax profit" is income before income tax.
_PHRASES = tuple(
    (re.compile(pattern, re.I), replacement)
    for pattern, replacement in (
        (r"\b(operating|net)\s+(?:profit\s+)?margins?\b", r"\1 income % of revenues"),
        (r"\bpre-?tax\s+(?:profit\s+)?margins?\b", "income before income tax % of revenues"),
        (r"\b(?:people|staff|labou?r|employee|headcount)[- ](costs?|expenses?)\b", r"personnel related \1"),
        (r"\bgross (?:profits?|income)\b", "gross margin"),
        (r"\bearn(?:s|ed|ing)? per share\b", "income per share"),
        (r"\b(?:outside|minority) (?:shareholders|stockholders|holders|owners|interests?)\b", "noncontrolling interests"),
        (r"\bpre-?tax (?:profits?|income|earnings)\b", "income before income tax"),
        (r"\b(growth|change)\s+rate\b|\brate of (growth|change)\b", r"\1\2"),  # a growth rate is the growth
        (r"\btop[- ]?line\b", "revenues"),
        # an order book is the deck's order backlog ("book" alone is a verb: "book revenue")
        (r"\border[- ]?books?\b", "order backlog"),
        # "net adds" are lines added, no net income
        (r"\bnet (?:adds|additions)\b", "added"),
        # a conversational opener ("Quick one - what did…?") asks nothing: its "one" is no "One time revenues"
        (r"\b(?:quick|one (?:more|last)|another)\s+(?:one|q|question|thing)\b", " "),
        # "profit from its main business", "core profit": what the main business earns is operating income
        (r"\b(?:profits?|income|earnings) from (?:its |the |their )?(?:main|core) (?:business(?:es)?|operations?)\b|\bcore (?:profits?|earnings)\b", "operating income"),
        # "regular, keep-paying-every-month type of services", "steady repeat income": recurring revenues
        (r"\b(?:regular|repeat|repeating|monthly)(?=(?:,?\s+[\w-]+){0,4}?\s+(?:revenues?|income|sales|services?|business)\b)", "recurring"),
        # "How much money did the ATM business bring in?" asks its revenues; cash brought in is a cash flow,
        # and money brought in "from selling equipment" names a source the revenue lines may not split out
        (r"\bmoney\b(?![^?]*\bcash\b)(?=[^?]*\b(?:bring|brings|brought|take|takes|took|rake|raked)\s+in\b(?!\s+from))", "revenues"),
        (r"\b(?:at the same time|at once|concurrently)\b", "simultaneous"),
        (r"\b(where|what|how|who|when|why)'d\b", r"\1 did"),  # "where'd the lab go?"
        # "business internet vs home internet": a business user is the deck's corporate use
        (r"\bbusiness(?= (?:internet|connectivity|connections?|users?|use|lines?|broadband|access)\b)", "corporate"),
        # "on plan", "ahead of or behind what the company had planned": measured against its target
        (r"\b(on|against|vs\.?|versus|ahead of|behind|above|below|beat|miss(?:ed)?) (?:the |its |their )?plan\b", r"\1 target"),
        (r"\bwhat (?:the company|management|iij|they|it) (?:had )?planned\b", "the target"),
        # "IIJ's share of the … market" is a market share, however many words stand between
        (r"\bmarket share\b", "market-share"),
        (r"\bbreak[- ]?even\b", "break-even"),
        # "the top 10 customers", "largest clients": how concentrated revenue is
        (r"\b(?:top|largest|biggest) (?:\d+|ten|five|three) (?:customers|clients)\b|\bcustomer concentration\b", "customer-concentration"),
        (r"(?<![\w-])share of (?:the )?((?:[\w'-]+ ){0,4})market\b", r"market-share of \1market"),
        # equity over assets is the equity ratio, however it is written
        (r"\b(?:(?:shareholders|stockholders)'?\s+)?equity\s*(?:/|to|over|divided by|as a % of)\s*(?:total\s+)?assets\b", "shareholders' equity ratio"),
        (r"\bbottom[- ]line\b", "net income"),
        (r"\bcash (?:machines?|dispensers?)\b", "ATMs"),
        (r"\bone[- ]off\b", "one time"),
        (r"\b(which|each|every) ones?\b", r"\1"),  # the pronoun, not the deck's "one time revenues"
        (r"\b(?:unlisted|non-?listed|not (?:publicly )?(?:traded|listed)(?: on (?:a|the|any) stock (?:market|exchange))?)\b", "nonmarketable"),
        # A minority stake is held in an equity-method investee; minority interests are noncontrolling.
        (r"\b(?:minority|non-?controlling) (?:stakes?|pieces?|holdings?|positions?|investments?)\b", "equity method investees"),
        (r"\b(?:companies|businesses|firms) (?:they|it|iij|we) (?:hold|have|own) (?:a )?stakes? in but (?:do not|don't|doesn't|does not) control\b", "equity method investees"),
        (r"\b(?:as )?an? (?:share|percentage|percent|proportion|fraction) of\b", "% of"),
        (r"\bequity[- ]method (?:affiliates?|associates?|companies|cos|investments?|holdings?)\b", "equity method investees"),
    )
)

# Analysts' shorthand, spelled out before anything else reads the question: "NI" is net income, "y/y"
# is YoY, "DTAs" are deferred tax assets. All-caps forms match with their case only ("OI", never "oi").
_SHORTHAND = tuple(
    (re.compile(pattern, flags), replacement)
    for pattern, replacement, flags in (
        (r"(?<![\w&/])y/y(?![\w&/])", "YoY", re.I),
        (r"(?<![\w&/])q/q(?![\w&/])", "QoQ", re.I),
        (r"(?<![\w&/])A/R(?![\w&/])", "accounts receivable", re.I),
        (r"(?<![\w&/])A/P(?![\w&/])", "accounts payable", re.I),
        (r"\bAR\b", "accounts receivable", 0),
        (r"\bAP\b", "accounts payable", 0),
        (r"(?<![\w&/])B/S(?![\w&/])", "balance sheet", re.I),
        (r"\bBS\b", "balance sheet", 0),
        (r"(?<![\w&/])s/h(?![\w&/])", "shareholders'", re.I),
        (r"\brevs?\b", "revenues", re.I),
        (r"\btgts?\b", "target", re.I),
        (r"\bcorp\b(?!\.)", "corporate", re.I),
        (r"\bconn\b", "connectivity", re.I),
        (r"\bbiz\b", "business", re.I),
        (r"\battrib\.?(?= to\b)", "attributable", re.I),
        (r"\b(net|op|operating) inc\b(?!\.)", r"\1 income", re.I),  # "net inc", never "Trust Networks Inc."
        (r"\bgigabits? (?:per|a) second\b", "Gbps", re.I),
        (r"\bmn\b", "million", 0),
        (r"\bbn\b", "billion", 0),
        (r"(?<=\d)(?:mn|m)\b", " million", 0),  # "JPY184m" is "JPY184 million", as decks print it
        (r"(?<=\d)(?:bn|b)\b", " billion", 0),
        (r"\b(?:OI|OP)\s+margins?\b", "operating margin", re.I),  # before OI/OP: "OP margin" is the ratio
        (r"\b(?:OI|OP)\s+loss(es)?\b", r"operating loss\1", re.I),
        (r"\bNI\s+margins?\b", "net margin", re.I),
        (r"\bNI\b", "net income", 0),
        (r"\b(?:OI|OP)\b", "operating income", 0),
        (r"\b(?:GP|GM)\b", "gross margin", 0),
        (r"\bgm\b(?= (?:ratios?|%|margins?|improve\w*|fell|rose|was|were|in|for|of)\b)", "gross margin", re.I),  # lower-case "gm ratio"
        (r"\bop\b(?= (?:cash|income|profit|loss|losses|margins?|expenses?|costs?)\b)", "operating", re.I),  # "op cash flow"
        (r"\bOPM\b", "operating margin", 0),
        (r"\bNPM\b", "net margin", 0),
        (r"\bGPM\b", "gross margin ratio", 0),
        (r"\bOCF\b|(?i:\b(?:op|operating)\.? CFs?\b)", "cash provided by operating activities", 0),  # "op CF" too
        # "CFO" is cash flow from operations, unless the question is about what a chief financial officer said
        (r"\bCFO\b(?!.*\b(?i:say|said|says|comment\w*|who|name\w*|remark\w*|told)\b)", "cash provided by operating activities", 0),
        (r"\bFCF\b", "free cash flow", 0),
        (r"\bFLS\b", "forward-looking statements", 0),
        (r"\bDTAs?\b", "deferred tax assets", 0),
        (r"\bDTLs?\b", "deferred tax liabilities", 0),
        (r"\bNCIs?\b", "noncontrolling interests", 0),
        (r"\bminority\b(?! (?:stakes?|pieces?|holdings?|positions?|investments?)\b)", "noncontrolling", re.I),
        (r"\b(?:outside|external) (?:shareholders|owners|investors)\b", "noncontrolling interests", re.I),  # "minority" is above
        (r"\bST\b", "short-term", 0),
        (r"\bLT\b", "long-term", 0),
        (r"\bCOGS\b", "cost of revenues", 0),
        (r"\bDCs?\b", "data center", 0),
        (r"\bNOCs?\b", "network operation center", 0),
        (r"(?<![\w&/])PP&E(?![\w&/])", "property and equipment", re.I),
        (r"(?<![\w&/])P/E(?: ratio| multiple)?(?![\w&/])", "price-earnings ratio", re.I),
        (r"\bEBIT\b", "operating income", 0),
        (r"\bEBT\b", "income before income tax", 0),
        (r"\bD&A\b", "depreciation and amortization", re.I),
        (r"\bPBT\b", "income before income tax", 0),
        (r"\bAOCI\b", "accumulated other comprehensive income", 0),
        (r"\bOCI\b", "other comprehensive income", 0),
        (r"\bO&M\b", "operation and maintenance", 0),
        (r"\bS&M\b", "sales and marketing", 0),
        (r"\bCFs?\b", "cash flows", 0),
        (r"\bdivs?\b", "dividend", re.I),
        (r"\bDPS\b", "dividend per share", 0),
        (r"\bFYE\b", "the fiscal year end", 0),
        (r"\bPRs?\b", "press release", 0),
        (r"\bAFS\b", "available for sale", 0),
    )
)

_WORD = re.compile(r"[a-z0-9][a-z0-9&'.-]*[a-z0-9&]|[a-z0-9]", re.I)


_BRITISH_RE = re.compile(r"^(\w{2,}[tb])re(s?)$")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stemmer: strip a suffix, then keep six letters.

    Enough to meet "revenues"/"revenue", "decreased"/"decrease" and "operations"/"operating"
    without a stemming dependency; numbers and short words stay whole.
    """
    word = word.lower().strip("'")
    if word.endswith("'s"):
        word = word[:-2]
    if any(ch.isdigit() for ch in word):
        return word
    word = _BRITISH_RE.sub(r"\1er\2", word)  # "centre" is the deck's "center", "fibres" its "fibers"
    suffixes = (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", ""))
    for suffix, replacement in suffixes:  # "taxes" is "tax", "branches" "branch"
        if word.endswith(suffix) and len(word) - len(suffix) >= (3 - len(replacement) if replacement else 3) and not word.endswith("ss"):
            word = word[: len(word) - len(suffix)] + replacement
            break
    return word[:6]


def words(text: str) -> list[str]:
    """Lower-case word tokens, keeping "sg&a", "r&d", "1q09" and "49.9" whole."""
    return [w.lower() for w in _WORD.findall(text)]


def spellings(word: str) -> tuple[frozenset[str], ...]:
    """The stemmed term sets a word may be written as: "e-mail" is also "email", "one-time" also "one time"."""
    forms = [frozenset({stem(word)})]
    if "-" in word and not any(ch.isdigit() for ch in word):
        forms.append(frozenset({stem(word.replace("-", ""))}))
        forms.append(frozenset(stem(part) for part in word.split("-") if part and part not in STOPWORDS))
    return tuple(form for form in forms if form)


def terms(text: str) -> set[str]:
    """Stemmed content terms of a text (stopwords dropped)."""
    return {stem(w) for w in words(text) if w not in STOPWORDS}


@dataclass(frozen=True)
class Concept:
    """One content word of a question and the term sets that count as meeting it.

    "SI" is met by {"si"} or by {"system", "integration"}; "sales" by {"sale"} or {"revenue"}.
    `weak` marks direction words ("fall", "grew"): they steer, but a passage need not repeat them.
    """

    word: str
    alternatives: tuple[frozenset[str], ...]
    weak: bool = False
    scene: bool = False  # only in a sentence that sets the scene ("Sales fell 40%. What kind of…?")
    aside: bool = False  # only in what the question sets aside ("ex-ATM", "excluding SI")
    # one-term alternatives as one set, the rest apart: meeting a concept is tested for every line and figure
    single_terms: frozenset[str] = field(init=False, repr=False, compare=False)
    term_groups: tuple[frozenset[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        singles = frozenset(term for alternative in self.alternatives if len(alternative) == 1 for term in alternative)
        object.__setattr__(self, "single_terms", singles)
        object.__setattr__(self, "term_groups", tuple(a for a in self.alternatives if len(a) != 1))

    def met_by(self, terms: frozenset[str] | set[str]) -> bool:
        """Whether the terms hold one of the concept's alternatives whole."""
        return not self.single_terms.isdisjoint(terms) or any(group <= terms for group in self.term_groups)


@dataclass(frozen=True)
class Question:
    """A parsed question."""

    text: str
    kind: str
    concepts: tuple[Concept, ...]
    period: str | None  # normalized like "1Q09", "FY09", "1H09"; None when not asked
    basis: str | None  # "YoY" or "QoQ" when the question asks for that comparison
    wants_target: bool
    named: tuple[str, ...]  # capitalised names and acronyms the question relies on (checked for absence)
    search_text: str  # the question plus the document-side wording of its colloquial words, for retrieval
    years: tuple[str, ...]  # explicit years, which the document must mention for an answer
    past: bool = False  # asks one amount of an earlier period ("What were sales a year ago?"), not a change


def check_question(text: str) -> str:
    """Reject what cannot be a question, with a message that says what to do.

    Raises:
        QuestionError: empty, over MAX_QUESTION_CHARS, or with no letters at all.
    """
    if text is None or not text.strip():
        raise QuestionError("question", "is empty", "Type a question about the document.")
    text = text.strip()
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(
            "question",
            f"is {len(text):,} characters long, over the limit of {MAX_QUESTION_CHARS:,}",
            "Ask one shorter question.",
        )
    if not re.search(r"[A-Za-z]", text):
        raise QuestionError("question", f"{text[:40]!r} has no words", "Ask in English about the document.")
    return text


def _year2(year: str) -> str:
    return year[-2:]


@functools.lru_cache(maxsize=4096)
def parse_period(text: str) -> str | None:
    """The period a question asks about, normalized to the deck's own style (1Q09, FY09, 1H09).

    A change "from 4Q08 to 1Q09" or "between 4Q08 and 1Q09" is reported at its end: 1Q09.
    """
    span = _PERIOD_SPAN.search(text)
    if span:
        text = span.group(1)
    text = _SAME_QUARTER.sub(" ", text)  # a year-on-year basis, not the period asked
    for pattern in _QUARTER_PATTERNS:
        match = pattern.search(text)
        if match:
            quarter = _ORDINALS.get(match.group(1).lower(), match.group(1))
            return f"{quarter}Q{_year2(match.group(2))}"
    match = _HALF.search(text)
    if match:
        return f"{match.group(1)}H{match.group(2)}"
    match = _HALF_SPELLED.search(text)
    if match:
        return _spelled_half(match)
    match = _FISCAL_YEAR.search(text)
    if match:
        return f"FY{_year2(match.group(1))}"
    match = _BARE_QUARTER.search(text)
    if match:
        return f"{match.group(1) or match.group(2)}Q"
    match = _BARE_HALF.search(text)  # "the 1H target": the half of the year the deck reports
    if match:
        return f"{match.group(1) or match.group(2)}H"
    if _BARE_YEAR.search(text) and not _YEAR_NUMBER.search(text):  # "…ending March 2011" names its year
        return "FY"
    return None


_QUARTER_CODE = re.compile(r"([1-4])Q(\d\d)")


def is_quarter(period: str) -> bool:
    """A quarter in the deck's style ("1Q09"), not a half, a year, a date or a target."""
    return _QUARTER_CODE.fullmatch(period) is not None


def _quarter_number(quarter: str) -> int:
    found = _QUARTER_CODE.fullmatch(quarter)
    return int(found.group(1)) + 4 * int(found.group(2))


def basis_between(quarters: tuple[str, ...]) -> str | None:
    """"1Q09 against 4Q08" is a quarter-on-quarter comparison; "1Q09 against 1Q08" a year-on-year one."""
    if len(quarters) != 2:
        return None
    first, second = (_quarter_number(name) for name in quarters)
    return {1: "QoQ", 4: "YoY"}.get(abs(first - second))


def quarter_before(quarter: str, basis: str | None) -> str:
    """The quarter a comparison looks back to: 4Q08 before 1Q09 quarter on quarter, 1Q08 otherwise."""
    number = _quarter_number(quarter) - (1 if basis == "QoQ" else 4)
    within = (number - 1) % 4 + 1
    return f"{within}Q{(number - within) // 4 % 100:02d}"


def _spelled_half(match: re.Match) -> str:
    """"the first half of FY2008" → "1H08"."""
    return f"{'1' if match.group(1).lower() == 'first' else '2'}H{_year2(match.group(2))}"


def halves_named(text: str) -> tuple[str, ...]:
    """Every half year a text names, once each: "1H09 target vs the first half of FY2008" → ("1H09", "1H08")."""
    found = [(m.start(), f"{m.group(1)}H{m.group(2)}") for m in _HALF.finditer(text)]
    found += [(m.start(), _spelled_half(m)) for m in _HALF_SPELLED.finditer(text)]
    return tuple(dict.fromkeys(name for _, name in sorted(found)))


def quarters_named(text: str) -> tuple[str, ...]:
    """Every quarter a text names, in order and once each: "1Q09 vs Q1 FY08" → ("1Q09", "1Q08")."""
    found = []
    for pattern in _QUARTER_PATTERNS:
        for match in pattern.finditer(text):
            quarter = _ORDINALS.get(match.group(1).lower(), match.group(1))
            found.append((match.start(), f"{quarter}Q{_year2(match.group(2))}"))
    return tuple(dict.fromkeys(name for _, name in sorted(found)))


_SAME_QUARTER = re.compile(_SAME_QUARTER_OF, re.I)
_PERIOD_SPAN = re.compile(r"\b(?:from|between)\s+\S+\s+(?:to|and)\s+(\S+.*)", re.I)

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTH_NUMBERS = {
    **{name: number for number, name in enumerate(MONTHS, 1)},
    **{name[:3]: number for number, name in enumerate(MONTHS, 1)},
    "sept": 9,
}
# Month names as users write them: "September", "Sept", "Sep".
_MONTH_NAME = "|".join(f"{name[:3]}(?:{name[3:]}|t)?" if name == "september" else f"{name[:3]}(?:{name[3:]})?" for name in MONTHS)
_MONTH_RANGE = re.compile(
    rf"\b({_MONTH_NAME})\.?(?![\w'])(?:\s*(?:to|through|until|-|–)\s*({_MONTH_NAME})\.?(?![\w']))?(?:\s+\d{{1,2}}\b)?"
    r"(?:,?\s*((?:19|20)\d\d|'\d\d))?",
    re.I,
)


def is_month_word(word: str) -> bool:
    """A month's name, its abbreviation, or a range of them written as one word ("Apr-Sep")."""
    return all(month_number(part) for part in word.split("-"))


def month_number(name: str) -> int | None:
    """1–12 for a month's name or its abbreviation ("Sep", "Sept"), else None."""
    return _MONTH_NUMBERS.get(name.lower().rstrip("."))


@dataclass(frozen=True)
class Months:
    """Calendar months a question names: "April to September 2009" is (4, 9, 2009); "the June quarter" (6, 6, None)."""

    first: int
    last: int
    year: int | None


@functools.lru_cache(maxsize=1024)
def months_spanned(text: str) -> Months | None:
    """The months a question's events fall in: "between April and June" is April to June."""
    between = _BETWEEN_MONTHS.search(text)
    last = months_named(text)
    if between and last:
        first = _MONTH_RANGE.search(text, between.start())
        return Months(month_number(first.group(1)), last.last, last.year)
    return last


@functools.lru_cache(maxsize=1024)
def months_named(text: str) -> Months | None:
    """The first month or month range in a question, with its year when one follows.

    A change "between March and June" is reported at its end (June); one "since March" at the latest
    period, which the question then leaves unnamed.
    """
    between = _BETWEEN_MONTHS.search(text)
    if between:
        text = between.group(1)
    elif _SINCE_MONTH.search(text):
        return None
    match = _MONTH_RANGE.search(text)
    if not match:
        return None
    first = month_number(match.group(1))
    last = month_number(match.group(2)) if match.group(2) else first
    year = match.group(3)
    return Months(first, last, (2000 + int(year[1:]) if year.startswith("'") else int(year)) if year else None)


_MONTH = rf"(?:the\s+end\s+of\s+)?(?:{_MONTH_NAME})\b"
_BETWEEN_MONTHS = re.compile(rf"\bbetween\s+{_MONTH}.*?\band\s+({_MONTH}.*)", re.I)
_SINCE_MONTH = re.compile(rf"\b(?:since|from)\s+{_MONTH}(?!\s*(?:to|through|until|-|–)\s)", re.I)
_PERIOD_NAME = re.compile(r"^(Q[1-4]|[1-4]Q|H[12]|[12]H|FY|YoY|QoQ)$", re.I)
_YEAR = re.compile(r"\b(19|20)(\d\d)\b")


def years_in(text: str) -> tuple[str, ...]:
    """Four-digit years a question names ("by March 2010" → "2010")."""
    return tuple(dict.fromkeys(match.group(0) for match in _YEAR.finditer(text)))


# Finance shorthands that name a kind of statement, not an entity: a deck need not spell them out.
_GENERIC_NAMES = frozenset({"p&l", "pl", "yoy", "qoq", "y/y", "q/q", "bn", "mn", "k"})


def _named(text: str) -> tuple[str, ...]:
    """Capitalised names and acronyms past each sentence's first word: the entities a question is about."""
    found = []
    for sentence in re.split(r"(?<=[.?!])\s+", text):
        tokens = re.findall(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9&.'-]*", sentence)
        for position, token in enumerate(tokens):
            token = token.rstrip(".'").removesuffix("'s")
            if position == 0 or len(token) < 2 or token.lower() in _GENERIC_NAMES or is_month_word(token):
                continue
            if parse_period(token) or _PERIOD_NAME.match(token) or any(ch.isdigit() for ch in token):
                continue  # periods, and amounts ("JPY2bn"), are not names
            if token.isupper() or token[0].isupper():
                found.append(token)
    return tuple(found)


def classify(text: str) -> str:
    """The kind of answer a question wants, read from its asking sentences.

    "Sales fell 3% on last year. How did IIJ manage to bring its costs down?" asks why: a statement
    before the question sets the scene, it does not make the question a comparison.
    """
    asking = asking_sentences(text)
    kind = _kind(asking) if asking != text else "other"
    kind = kind if kind != "other" else _kind(text)
    if kind == "other" and is_bare(text):
        return "figure"  # "AOCI on the 6/30/09 B/S?": a bare name asks for its amount
    return kind


def is_bare(text: str) -> bool:
    """A question with no asking word ("AOCI on the 6/30/09 B/S?") names a measure and asks for its amount."""
    return not _ASKING_WORD.search(text)


def asking_sentences(text: str) -> str:
    """The sentences that ask ("…?"), without those that set the scene or comment, nor a check that
    follows the question ("…? Is that what people call capex?"); the whole text when none asks."""
    asking = [sentence for sentence in re.split(r"(?<=[.?!])\s+(?=[A-Z\"'(])", text.strip()) if sentence.endswith("?")]
    asking = [sentence for sentence in asking if not (_CHECK.match(sentence) or _CHECK_TAG.search(sentence))] or asking
    return " ".join(asking) or text


# "Is that what people call capex?", "Right?": a question checking the asker's own reading of the answer
_CHECK = re.compile(r"^(?:(?:is|was|are|were) (?:that|this|it|these|those)\b|right\b|correct\b|am i right\b)", re.I)
# "Gross margin is revenue minus cost of goods, right, so as a % of revenues?": a tag asks to confirm
_CHECK_TAG = re.compile(r"\b(?:right|correct)\s*[,?]", re.I)


_MAKE_UP = re.compile(r"\b(?:make|makes|made|making) up\b", re.I)
# "Was revenue up or down?", "higher or lower than…" ask which way: neither way is a word to look for,
# nor is the "or" a choice between two things
_UP_WORDS = r"(?:more|higher|bigger|greater|larger|up|better|rising|increas(?:e|ed|ing)|rise|rose|gr[eo]w)"
_DOWN_WORDS = r"(?:less|lower|smaller|fewer|down|worse|falling|decreas(?:e|ed|ing)|fall|fell|shr[ai]nk)"
EITHER_WAY = re.compile(rf"\b(?:{_UP_WORDS}\s+or\s+{_DOWN_WORDS}|{_DOWN_WORDS}\s+or\s+{_UP_WORDS})\b", re.I)
# "Break down the items behind operating cash flow": its parts are asked, though "behind" often asks why
_COMPOSITION = re.compile(
    rf"\bbreak ?down\b|\bbreak (?:it|them|this|that) down\b|\bitems\b|\bcomponents?\b|{_MAKE_UP.pattern}|\bgo(?:es)? into\b|\bconsists? of\b"
    r"|\bcompris|\bcomposition\b|\bwhat(?:'?s| is| are) (?:inside|included in|in (?!line\b))"
    # "What sits inside 'other investments'?", "what's held within…": its parts
    r"|\bwhat (?:sits?|lies|is held|are held) (?:inside|within)\b"
    # "what did the money get spent on?", "what went into / out of…?", "main financing outflows": the parts
    r"|\bwhat (?:did|was|were) (?:the )?(?:money|cash|it) (?:get )?(?:spent|used|paid out) (?:on|for)\b"
    r"|\bwhat (?:went|goes|go) (?:into|out)\b|\b(?:main|major|key|biggest) (?:[\w-]+ )?(?:out|in)flows\b",
    re.I,
)


_NOT_A_CHANGE = re.compile(r"\b(?:not|rather than|instead of) (?:the |a |its )?(?:change|growth|increase|decrease|movement)s?\b", re.I)


def without_declined_change(text: str) -> str:
    """The text without a change it declines: "the absolute number, not the change" asks no change."""
    return _NOT_A_CHANGE.sub(" ", text)


# "equity-method investees and stakes?" lists companies; "losses of equity-method investees" is an amount
_COMPANIES_ASKED = re.compile(r"\b(?:investees|affiliates|subsidiaries|subs)\b", re.I)
# The money words of a metric ("revenues", "expense") or of a statement line ("cash", "debt"): asked, they ask an amount.
# What people are paid is money, though no statement line is named so.
PAY = r"salar(?:y|ies)|wages?|compensation|remuneration"
MONEY = re.compile(
    r"\b(revenues?|sales|income|profits?|earnings|loss(es)?|costs?|expenses?|expenditures?|outlays?|spend\w*|cash|debt|assets|liabilities"
    rf"|dividends?|capex|budget|balances?|obligations?|yen|jpy|money|{PAY})\b",
    re.I,
)
_AMOUNT_ASKED = re.compile(rf"{MONEY.pattern}|\bhow (?:much|many)\b", re.I)


def _kind(text: str) -> str:
    text = without_declined_change(text)
    if _COMPOSITION.search(text) and not _PLAIN_WHY.search(text):
        return "list"
    if _WHY.search(text):
        return "why"
    if _WHICH_MORE.search(text):
        return "compare"
    if _LIST.search(text) or (_COMPANIES_ASKED.search(text) and not _AMOUNT_ASKED.search(text)):
        return "list"
    if _COMPARE.search(_IN_PAST_PERIOD.sub("", text) if _ONE_AMOUNT_FIRST.search(text) else text):
        return "compare"
    if _FIGURE.search(text):
        return "figure"
    return "other"


_PERCENT_WORDS = frozenset({"percent", "percentage", "pct"})
# "of revenues", "margin", "ratio": the share asked is a ratio, even beside a YoY
_RATIO_ASKED = re.compile(r"share of|ratio|margin|proportion|%\s*of\b|percent(?:age)? of", re.I)


def percent_change_asked(text: str, basis: str | None) -> bool:
    """"OP, yoy %?", "how much percent vs last year": a percentage beside a comparison basis is the
    change's, not a ratio such as a "(% of revenues)" column."""
    return basis is not None and not _RATIO_ASKED.search(text)


_DIRECTION_WORDS = frozenset(
    "fall fell drop dropped decline declined decrease decreased shrink shrank shrunk shrinking rise rose grow grew growth "
    "increase increased climb climbed up down go went yoy qoq higher lower better worse dip dipped slip slipped "
    "jump jumped improve improved total add added adds gain gained widen widened narrow narrowed move moved "
    "slide slid improvement improvements deterioration".split()
)


def _synonyms(word: str) -> tuple[str, ...]:
    found = SYNONYMS.get(word, ())
    return (found,) if isinstance(found, str) else found


def _stems(phrase: str) -> frozenset[str]:
    """Stems of a phrase's content words, each in the document's wording ("earnings per share" → income, share);
    a word the documents write in several ("capex" → capital expenditure) gives each of them."""
    return frozenset(
        stem(part) for w in words(phrase) if w not in STOPWORDS for part in words((*_synonyms(w), w)[0]) if part not in STOPWORDS
    )


# "6/30", "3/31/09": a month and day, as US readers write a balance-sheet date. A day of 12 or less
# without a year ("7/9", "1/2") stays as written: a deck's own topic dates and fractions read so.
_NUMERIC_DATE = re.compile(
    r"(?<![\w/.,])(1[0-2]|0?[1-9])/(?:(1[3-9]|2\d|3[01])(?:/((?:20)?\d\d))?|(\d{1,2})/((?:20)?\d\d))(?![\w/]|[.,]\d)"
)


def _spelled_date(match: re.Match) -> str:
    month, day, year = int(match[1]), match[2] or match[4], match[3] or match[5]
    if not 1 <= int(day) <= 31:
        return match[0]
    spelled = f"{MONTHS[month - 1].capitalize()} {int(day)}"
    return f"{spelled}, {2000 + int(year) % 100}" if year else spelled


@functools.lru_cache(maxsize=1024)
def in_deck_words(text: str) -> str:
    """The question with analysts' shorthand and phrases spelled as decks print them: "Div cash out vs
    1Q NI" → "dividend cash out vs 1Q net income". Users write Q1, decks write 1Q."""
    wording = re.sub(r"\b[Qq]([1-4])\b", r"\1Q", _NUMERIC_DATE.sub(_spelled_date, text))
    for phrase, replacement in (*_SHORTHAND, *_PHRASES):
        wording = phrase.sub(replacement, wording)
    return wording


# "CFO (net cash from operations)", "contractors (outsourced staff)": a word and the asker's own gloss of it
_GLOSSED = re.compile(r"([A-Za-z][\w&'-]*)\s*\(([A-Za-z][^()]{2,60})\)")
_FORMULA = re.compile(r"\b(?:less|minus|plus|divided|over|times|net of)\b|\s[-+/÷×*]\s", re.I)


def _glosses(wording: str) -> dict[str, tuple[frozenset[str], ...]]:
    """Each glossed word and the words of its gloss: a document that writes the gloss meets the word.

    Every gloss word alone meets it (the gloss's words are concepts of their own as well), so "contractors"
    is met by the "outsourcing personnel" line. A gloss of fewer than two content words ("(JPY million)"),
    with a figure in it ("(1Q09 vs 1Q08)") or a formula ("(current assets less current liabilities)": a
    sum the document may never state) glosses nothing.
    """
    found: dict[str, tuple[frozenset[str], ...]] = {}
    for match in _GLOSSED.finditer(wording):
        stems = _stems(match[2])
        if len(stems) >= 2 and not re.search(r"\d", match[2]) and not _FORMULA.search(match[2]):
            found[match[1].lower().removesuffix("'s")] = tuple(frozenset({s}) for s in sorted(stems))
    return found


# "…added since 4Q08", "compared with 1Q08": the quarter a change is measured from, not the one asked about
# The words that set one thing against another ("versus the target", "compared with 1Q08").
AGAINST = r"(?:compared? (?:with|to)|versus|vs\.?|against|relative to)"
_AGAINST_QUARTER = re.compile(rf"\b(?:since|{AGAINST})\s+(?:the\s+)?(?:[1-4]Q\d\d|Q[1-4]\s?'?\d\d)\b", re.I)


def quarter_compared_with(text: str) -> str | None:
    """The one quarter a question measures against ("up or down compared to 1Q08" → "1Q08"), if any."""
    quarters = quarters_named(" ".join(match[0] for match in _AGAINST_QUARTER.finditer(text)))
    return quarters[0] if len(quarters) == 1 else None


# The words that set something aside ("excluding", "apart from", "stripping out"); "without" and "outside of"
# leave out a part of a label, but do not make what follows a scene.
SET_ASIDE = r"(?:excluding|other than|strip(?:ping)? out|not (?:counting|including))"
_SET_ASIDE = re.compile(
    rf"\b(?:ex-|(?:ex|apart from|aside from|{SET_ASIDE})\s+)[^,;:?()]+|\b(?:leav|sett|putt)ing\s+[^,;:?()]+?\s+aside\b|\b(?:leav|sett|putt)ing\s+aside\s+[^,;:?()]+", re.I
)


# "Why was OI down when gross margin improved?", "If margin went up, why did…?": what is granted sets the
# scene of the why; it is not asked
_GRANTED = re.compile(r"\b(?:even though|although|though|despite|in spite of|even as|even if|if|when|while|whereas)\b[^?,;]*", re.I)


def _granted(asking: str, kind: str) -> str:
    """A why question without the clause it grants ("…when gross margin improved"); others whole."""
    return _GRANTED.sub(" ", asking) if kind == "why" else asking


def parse_question(text: str, abbreviations: dict[str, str] | None = None) -> Question:
    """Parse a checked question.

    Args:
        text: the question as typed.
        abbreviations: abbreviation → expansion pairs (from the index), applied both ways.

    Raises:
        QuestionError: see check_question.
    """
    text = check_question(text)
    abbreviations = abbreviations or {}
    wording = in_deck_words(text)
    by_short = {short.lower(): long for short, long in abbreviations.items()}
    # Words of an expansion the question spells out ("systems integration") also accept its abbreviation.
    spelled = {}
    for short, long in abbreviations.items():
        if re.search(rf"\b{re.escape(long)}\b", text, re.I):
            for word in words(long):
                spelled.setdefault(word, set()).add(short.lower())
    glosses = _glosses(wording)
    concepts = []
    seen = set()
    # what is set aside ("ex the 4Q08 PP&E disposal, what else…") sets the scene; it is not asked
    kind = classify(text)
    asked = {word.removesuffix("'s") for word in words(_granted(asking_sentences(_SET_ASIDE.sub(" ", wording)), kind))}
    kept = {word.removesuffix("'s") for word in words(_SET_ASIDE.sub(" ", wording))}
    quarters = quarters_named(wording)
    basis = "YoY" if _YOY.search(wording) else "QoQ" if _QOQ.search(wording) else basis_between(quarters)
    against = _AGAINST_QUARTER.search(wording)
    if basis is None and against and against[0].lower().startswith("since") and len(quarters) == 1:
        basis = f"vs {quarters[0]}"  # "added since 4Q08": the deck's "up 5,000 lines compared to 4Q08"
    # "how much percent vs last year": the percent is the change's, a form of answer, not a measure
    form_words = _PERCENT_WORDS if percent_change_asked(text, basis) else frozenset()
    # "What lines make up recurring revenue?" asks for parts: its "up" is no direction; nor is "up or down"
    for word in words(EITHER_WAY.sub(" ", _MAKE_UP.sub(" ", _SPAN_OF_TIME.sub(" ", wording)))):
        word = word.removesuffix("'s")
        if word in STOPWORDS or word in seen or parse_period(word) or set(word.split("-")) <= STOPWORDS:
            continue  # "first-quarter" is as much a period word as "first quarter"
        seen.add(word)
        alternatives = set(spellings(word))
        alternatives.update(_stems(synonym) for synonym in _synonyms(word))
        if word in by_short:
            alternatives.add(_stems(by_short[word]))
        alternatives.update(_stems(short) for short in spelled.get(word, ()))
        alternatives.update(glosses.get(word, ()))
        # An expansion of stopwords alone ("year over year") adds nothing to look for.
        alternatives.discard(frozenset())
        concepts.append(
            Concept(
                word, tuple(sorted(alternatives, key=sorted)), weak=word in _DIRECTION_WORDS or word in form_words, scene=word not in asked, aside=word not in kept
            )
        )
    return Question(
        text=text,
        kind=kind,
        concepts=tuple(concepts),
        period=parse_period(_AGAINST_QUARTER.sub(" ", _SET_ASIDE.sub(" ", text))),
        basis=basis,
        wants_target=bool(_TARGET.search(wording)),
        named=_named(wording),
        search_text=" ".join([wording, *(synonym for c in concepts for synonym in _synonyms(c.word))]),
        years=years_in(text),
        # A scene set before the question ("Sales fell 40% from a year earlier. What kind of…?") asks for no earlier period.
        past=kind in ("figure", "other") and bool(_IN_PAST_PERIOD.search(asking_sentences(text))),
    )
