"""What the demo data is made of: word lists to invent names, titles and
texts from (all FICTIONAL: syllables and common words, never real people or
works), and the numbers that shape the catalogue."""

import datetime

SOURCE_SITE = "Rotten Tomatoes"
CRITIC_SHARE = 0.3  # of --reviews; the rest are audience reviews
N_CRITICS = 2000
N_PUBLICATIONS = 300
N_AUTHORS = 50000  # audience reviewer names; also the most audience reviews a film can get
# Each review's rating is drawn around the film's quality (0-1): critics call
# it fresh from FRESH_AT; audience stars are the rating in half steps, and
# 3.5 stars (POSITIVE_AT) or more count as positive (reviews.scores).
CRITIC_SPREAD, FRESH_AT = 0.25, 0.55
AUDIENCE_SHIFT, AUDIENCE_SPREAD, POSITIVE_AT = 0.1, 0.25, 0.65
FIRST_YEAR, LAST_YEAR = 1920, 2025
WEB_ERA = datetime.date(1998, 1, 1).toordinal()  # older films' later reviews start here
SITE_OPENED = datetime.date(2008, 1, 1).toordinal()  # audience reviews start here


def words(text, sep=None):
    return text.split(sep)


# Syllables rather than real names: every person is invented. A few carry
# accents, so that searches must fold them ("bjora" finds "Björa").
NAME_STARTS = words(
    "Al Bel Cor Dar El Fen Gal Hal Is Jor Kel Lor Mar Nor Or Per Quen Ros Sel Tam Ul Val "
    "Wen Xan Yor Zel Ad Bran Cal Del Ev Fin Gar Hen Il Jas Kai Len Mel Nev Os Pal Rin Sav "
    "Tor Vin Wil Ash Bri Cas Dov Em Fal Bjö Ló Zé Añ Ís Çel"
)
NAME_ENDS = words("a an ia o en is ette ric wyn ara ian us ella ard ine el ias on ora ie iel")
SURNAME_STARTS = words(
    "Ash Birch Black Brook Carr Dun East Fair Glen Hart Holl Kirk Lang Mar North Oak Pem "
    "Rad Ross Stan Thorn Wex Whit Ald Bram Cress Dray Ember Fen Gold Heath Ivers Jess Kell "
    "Lind Mott Ness Orme Pell Quill Rook Selw Tarr Vane Wold Yarr Mül Grö Hé Dú"
)
SURNAME_ENDS = words(
    "wood ley ford ton bury wick more field hurst cott dale well stone by worth gate combe "
    "holm shaw thorpe"
)
PLACE_ENDS = words("mora vale wick haven ridge mouth stead port brook fall mere crest")
INITIALS = "ABCDEFGHJKLMNPRSTVW"

ADJECTIVES = words(
    "Silent Crimson Hollow Distant Broken Golden Quiet Burning Wandering Velvet Frozen "
    "Restless Lonely Bitter Gentle Paper Glass Electric Midnight Northern Tender Lucky "
    "Secret Endless Sleeping Falling Copper Scarlet Pale Iron Little Open Salt Summer "
    "Winter Painted Crooked Borrowed Forgotten Patient Reckless Hungry Amber Marble"
)
NOUNS = words(
    "Harbour Orchard Lantern Letter River Garden Mirror Ember Meadow Echo Signal Promise "
    "Station Season Kingdom Circus Tide Compass Carousel Lighthouse Frontier Ballroom Engine "
    "Island Canyon Archive Parade Chorus Witness Harvest Voyage Orbit Alibi Ransom Labyrinth "
    "Telegram Reunion Sanctuary Outpost Monsoon Quarry Verdict Masquerade Carnival Horizon "
    "Weather Inheritance Aviary Foundry Ferry"
)
SEQUELS = [" II", " III", ": Part Two", ": The Return", " Returns"]

GENRES = [
    "Action", "Adventure", "Animation", "Biography", "Comedy", "Crime", "Documentary",
    "Drama", "Fantasy", "History", "Horror", "Kids & Family", "Music", "Musical",
    "Mystery & Thriller", "Romance", "Sci-Fi", "Sports", "War", "Western",
]  # fmt: skip
# Relative frequency of each genre, roughly as on review sites (drama, comedy most).
GENRE_WEIGHTS = [8, 5, 3, 2, 10, 5, 4, 16, 3, 2, 5, 3, 2, 1, 8, 5, 3, 1, 2, 1]

PROVIDERS = [
    # name, offer types it has
    ("Streamvale", ["subscription"]),
    ("Flickbox", ["subscription"]),
    ("Reelhouse Plus", ["subscription"]),
    ("Cinemora", ["subscription"]),
    ("Lumenplay", ["subscription", "rent"]),
    ("Kinoroom", ["subscription"]),
    ("Marquee Store", ["rent", "buy"]),
    ("Popcorn Market", ["rent", "buy"]),
    ("Velvetseat Video", ["rent", "buy"]),
    ("FreeFrame", ["free"]),
]
COMPANY_WORDS = words(
    "Lantern Harbour Orchard Ember Northlight Meridian Silverline Paper Moon Foxglove "
    "Bramble Tinderbox Kestrel Lodestar Marigold Quarry Riverbend Saltmarsh Thistle Wildcard "
    "Blue Door Red Kite Copperleaf Driftwood Greyhound Hollow Oak Juniper Larkspur Mooncalf "
    "Nightjar Pinecone Redwing Skylark Tallgrass Wavecrest Yellowbird Zephyr Anvil Beacon"
)
COMPANY_KINDS = ["Pictures", "Films", "Studios", "Entertainment", "Releasing", "Media",
                 "Productions", "Film Company"]  # fmt: skip
PUBLICATION_KINDS = words(
    "Gazette|Review|Herald|Ledger|Courier|Chronicle|Observer|Dispatch|Screen Journal|"
    "Film Quarterly|Weekly|Post|Tribune|Bulletin|Monitor|Sentinel|Examiner|Standard|"
    "Picture Show|Cinema Notes",
    sep="|",
)
LANGUAGES = ["English"] * 15 + ["French", "Spanish", "Japanese", "Korean", "German",
                                "Italian", "Hindi", "Swedish", "Portuguese"]  # fmt: skip
SOUND_MIXES = ["Dolby Digital", "Dolby Atmos", "DTS", "Stereo"]
ASPECT_RATIOS = ["Flat (1.85:1)", "Scope (2.39:1)"]
REASONS = {
    "R": ["Violence and Language", "Language Throughout", "Strong Violence",
          "Sexual Content and Language", "Drug Use and Language", "Bloody Violence"],
    "PG-13": ["Some Violence", "Thematic Elements", "Brief Strong Language",
              "Action Violence and Peril", "Suggestive Material"],
    "PG": ["Mild Peril", "Some Rude Humor", "Thematic Elements", "Mild Language"],
    "NC-17": ["Explicit Content"],
}  # fmt: skip

PROTAGONISTS = [
    "A retired lighthouse keeper", "A young cartographer", "An ambitious reporter",
    "A disgraced detective", "A small-town pharmacist", "A travelling magician",
    "A grieving widower", "A teenage inventor", "A weary ferry captain", "A stubborn nun",
    "An out-of-work actor", "A shy archivist", "A former boxer", "A jazz pianist",
]  # fmt: skip
PLOTS = [
    "must confront a family secret", "sets out to find a long-lost sister",
    "is drawn into a conspiracy", "uncovers the truth about a vanished town",
    "tries to outrun a debt", "agrees to one last job", "inherits a crumbling hotel",
    "falls for a rival", "is mistaken for a spy", "guards a stolen painting",
    "races to save the family farm", "answers a letter written decades ago",
]  # fmt: skip
SECOND = [
    "Along the way, old loyalties are tested.", "Nothing in {place} is what it seems.",
    "But time is running out.", "What begins as a favour becomes an obsession.",
    "Then the storm arrives.", "Only {name} knows what really happened.",
    "The past, it turns out, is not finished with them.", "",
]  # fmt: skip
PRAISE = ["sharp", "tender", "gripping", "funny", "handsomely made", "thoughtful",
          "bracing", "playful", "haunting", "confident", "warm-hearted"]  # fmt: skip
CONSENSUS = [
    "{title} is {a} and {b}, even if its final act loses a little momentum.",
    "Anchored by {a} performances, {title} is a {b} story well told.",
    "{title} rewards patient viewers with a {a}, {b} portrait of {place}.",
    "Uneven but {a}, {title} finds moments of {b} grace.",
    "{title} never quite comes together, though its cast is {a} throughout.",
]  # fmt: skip
FRESH_QUOTES = [
    "A {a} and {b} film that earns every minute.", "The most {a} thing I have seen all year.",
    "{a} filmmaking, with a cast at the top of its game.", "Quietly {a}, and then devastating.",
    "It is {a}, {b} and never less than absorbing.", "A small film with a {a} heart.",
]  # fmt: skip
ROTTEN_QUOTES = [
    "For all its ambition, it never finds its footing.", "Handsome, {a}, and oddly inert.",
    "A promising premise, squandered.", "It mistakes being {a} for being deep.",
    "The cast deserves a better script.", "Too long by half, and not {a} enough.",
]  # fmt: skip
AUDIENCE_TEXTS = [
    "Loved it. The {noun} scene alone is worth it.", "Not my thing, but well made.",
    "Watched it twice. {a} from start to finish.", "Fell asleep halfway through.",
    "My whole family enjoyed this one.", "The ending ruined it for me.",
    "Better than I expected, really {a}.", "Great cast, weak story.",
    "An underrated gem.", "Slow start, but the last hour is {a}.",
]  # fmt: skip
USER_WORDS = words("reel popcorn matinee velvet usher projector lobby balcony marquee")
