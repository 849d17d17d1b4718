"""The Rotten Tomatoes seed document: every fact that must come out exactly.

Long texts (quotes, reviews, the synopsis) are checked against the seed's
own lines rather than copied here: see the oracle fixtures in conftest.py.
"""

import datetime
from decimal import Decimal

from films.importer import KnownNames, parse_document
from films.importer.records import (
    CompanyRecord,
    CreditRecord,
    ReleaseRecord,
    ScoreRecord,
    SimilarRecord,
    WatchRecord,
)

SEED_CRITICS = KnownNames(
    critics=frozenset(
        {
            "Sara Michelle Fetters",
            "George Campbell Dixon",
            "Rich Cline",
            "Victor Pineyro",
            "Michael Barrett",
        }
    ),
    publications=frozenset(
        {
            "Daily Telegraph (UK)",
            "TIME Magazine",
            "Shadows on the Wall",
            "Seventh Art Studio",
            "PopMatters",
        }
    ),
)

# (critic, publication, score_text, score, date, note)
EXPECTED_CRITIC_REVIEWS = [
    ("Sara Michelle Fetters", None, "4/4", 100, datetime.date(2023, 11, 16), ""),
    ("George Campbell Dixon", "Daily Telegraph (UK)", "", None, datetime.date(2015, 3, 9), ""),
    (None, "TIME Magazine", "", None, datetime.date(2015, 3, 9), ""),
    ("Rich Cline", "Shadows on the Wall", "5/5", 100, datetime.date(2023, 12, 12), ""),
    (
        "Victor Pineyro",
        "Seventh Art Studio",
        "9/10",
        90,
        datetime.date(2022, 4, 8),
        "Full review in Spanish",
    ),
    ("Michael Barrett", "PopMatters", "10/10", 100, datetime.date(2022, 3, 23), ""),
]

EXPECTED_AUDIENCE = [
    ("Lars N", Decimal("2"), datetime.date(2024, 7, 21)),
    ("Gertrude F", Decimal("5"), datetime.date(2024, 6, 21)),
    ("David C", Decimal("5"), datetime.date(2024, 3, 26)),
    ("Matthew B", Decimal("5"), datetime.date(2023, 9, 5)),
    ("Jim H", Decimal("3"), datetime.date(2023, 7, 18)),
    ("Red T", Decimal("5"), datetime.date(2023, 3, 4)),
]


def _critic_line(review) -> str:
    """A critic review written back in the page's own order."""
    date = review.review_date
    parts = [
        review.critic,
        review.publication,
        review.quote,
        review.note,
        f"Rated: {review.score_text}" if review.score_text else "",
        f"{date:%b} {date.day}, {date.year}" if date else "",
    ]
    return " ".join(part for part in parts if part)


# --- the film


def test_seed_is_read_as_rotten_tomatoes(rt_seed):
    assert (rt_seed.format, rt_seed.source_site) == ("rottentomatoes", "Rotten Tomatoes")


def test_title(rt_seed):
    assert rt_seed.film.title == "The Red Shoes"


def test_release_status_is_now_playing(rt_seed):
    assert rt_seed.film.release_status == "now_playing"


def test_runtime_is_133_minutes(rt_seed):
    assert rt_seed.film.runtime_minutes == 133


def test_genres(rt_seed):
    assert rt_seed.film.genres == ["Drama", "Romance"]


def test_year_comes_from_the_original_theatrical_release(rt_seed):
    assert rt_seed.film.year == 1948


def test_no_certification_is_invented(rt_seed):
    assert (rt_seed.film.certification, rt_seed.film.certification_reason) == ("", "")


def test_scores(rt_seed):
    assert rt_seed.film.scores == ScoreRecord(
        tomatometer=99,
        critic_review_count=67,
        audience_score=91,
        audience_rating_count_text="10,000+",
        audience_rating_count=10000,
        audience_review_count=829,
    )


def test_synopsis_is_the_movie_info_text_without_read_more(rt_seed, rt_seed_lines):
    movie_info = next(line for line in rt_seed_lines if line.startswith("Synopsis "))
    synopsis = rt_seed.film.synopsis
    assert synopsis == movie_info.removeprefix("Synopsis ")
    assert "Vicky Page (Moira Shearer)" in synopsis
    assert not synopsis.endswith(("Read More", "Read Less"))


def test_header_teaser_repeats_the_synopsis(rt_seed, rt_seed_lines):
    teaser = next(line for line in rt_seed_lines if line.endswith(" Read More Read Less"))
    assert teaser.removesuffix(" Read More Read Less") == rt_seed.film.synopsis


def test_critics_consensus(rt_seed):
    assert rt_seed.film.critics_consensus == (
        "The Red Shoes is one of the best-looking movies ever, and blends multiple moods "
        "and styles with balletic grace."
    )


def test_watch_options_come_from_the_tiles_and_the_sentence(rt_seed):
    assert rt_seed.film.watch_options == [
        WatchRecord("theaters", None),
        WatchRecord("subscription", "Prime Video"),
        WatchRecord("subscription", "Max"),
        WatchRecord("rent", "Apple TV"),
        WatchRecord("buy", "Apple TV"),
    ]


def test_no_trailer_on_this_page(rt_seed):
    assert rt_seed.film.trailer is False


# --- critic reviews


def test_six_critic_reviews(rt_seed):
    assert len(rt_seed.film.critic_reviews) == 6


def test_critic_reviews_split_without_known_names(rt_seed):
    got = [
        (r.critic, r.publication, r.score_text, r.score, r.review_date, r.note)
        for r in rt_seed.film.critic_reviews
    ]
    assert got == EXPECTED_CRITIC_REVIEWS


def test_without_known_names_only_the_undecidable_splits_are_uncertain(rt_seed):
    # 1: "Fetters" could be a one-word publication; 2: "Dixon" could start
    # "Dixon Daily Telegraph" like a city; 4: "Shadows on the Wall" has no
    # media word. 3, 5 and 6 have one clear reading.
    assert [r.uncertain for r in rt_seed.film.critic_reviews] == [
        True,
        True,
        False,
        True,
        False,
        False,
    ]


def test_critic_reviews_with_known_names_are_exact_and_certain(rt_seed_bytes):
    reviews = parse_document(rt_seed_bytes, known=SEED_CRITICS).film.critic_reviews
    got = [(r.critic, r.publication, r.score_text, r.score, r.review_date, r.note) for r in reviews]
    assert got == EXPECTED_CRITIC_REVIEWS
    assert [r.uncertain for r in reviews] == [False] * 6


def test_known_names_match_whatever_their_case(rt_seed_bytes):
    known = KnownNames(
        critics=frozenset({"rich cline"}), publications=frozenset({"SHADOWS ON THE WALL"})
    )
    review = parse_document(rt_seed_bytes, known=known).film.critic_reviews[3]
    assert (review.critic, review.publication, review.uncertain) == (
        "rich cline",
        "SHADOWS ON THE WALL",
        False,
    )


def test_each_critic_raw_is_its_source_segment(rt_seed, rt_seed_critic_segments):
    assert [r.raw for r in rt_seed.film.critic_reviews] == rt_seed_critic_segments


def test_critic_quotes_are_exactly_the_text_between_names_and_tail(
    rt_seed, rt_seed_critic_segments
):
    assert [_critic_line(r) for r in rt_seed.film.critic_reviews] == rt_seed_critic_segments


def test_spanish_review_quote_keeps_all_its_sentences(rt_seed):
    quote = rt_seed.film.critic_reviews[4].quote
    assert quote.startswith("Black Swan wouldn't exist")
    assert quote.endswith("Incredible film.")


def test_critic_reviews_carry_no_sentiment_the_dump_does_not_show(rt_seed):
    assert {r.sentiment for r in rt_seed.film.critic_reviews} == {""}


# --- audience reviews


def test_audience_reviews_authors_stars_and_dates(rt_seed):
    got = [(r.author, r.stars, r.review_date) for r in rt_seed.film.audience_reviews]
    assert got == EXPECTED_AUDIENCE


def test_audience_review_texts_are_exact(rt_seed, rt_seed_audience_segments):
    rebuilt = [
        f"{r.author} {r.text} Rated {r.stars} out of 5 stars {r.review_date:%m/%d/%y}"
        for r in rt_seed.film.audience_reviews
    ]
    assert rebuilt == rt_seed_audience_segments


def test_long_audience_review_keeps_quotes_and_dashes(rt_seed):
    text = rt_seed.film.audience_reviews[3].text
    assert len(text) > 5000
    assert text.count('"') >= 2
    assert " \u2013 " in text  # an en dash between words
    assert text.endswith(":")


def test_read_all_reviews_is_not_part_of_the_last_review(rt_seed, rt_seed_audience_line):
    last = rt_seed.film.audience_reviews[-1]
    assert rt_seed_audience_line.endswith("Full Review Read all reviews")
    assert "Read all reviews" not in last.text
    assert last.text.endswith(".")


# --- similar films


def test_similar_films(rt_seed):
    assert rt_seed.film.similar == [
        SimilarRecord("Brief Encounter", 93, 91, 0),
        SimilarRecord("The Life and Death of Colonel Blimp", 97, 90, 1),
        SimilarRecord("Little Women", 75, 83, 2),
        SimilarRecord("Marty", 96, 87, 3),
        SimilarRecord("Far From the Madding Crowd", 64, 77, 4),
    ]


# --- Movie Info


def _credits(film, role):
    return [(c.name, c.character, c.order) for c in film.credits if c.role == role]


def test_directors_are_inferred_from_the_first_unlabelled_line(rt_seed):
    assert _credits(rt_seed.film, "director") == [
        ("Michael Powell", "", 0),
        ("Emeric Pressburger", "", 1),
    ]


def test_producers_are_inferred_from_the_second_unlabelled_line(rt_seed):
    assert _credits(rt_seed.film, "producer") == [
        ("Michael Powell", "", 0),
        ("Emeric Pressburger", "", 1),
    ]


def test_screenwriters_are_inferred_from_the_third_unlabelled_line(rt_seed):
    assert _credits(rt_seed.film, "screenwriter") == [
        ("Hans Christian Andersen", "", 0),
        ("Michael Powell", "", 1),
        ("Emeric Pressburger", "", 2),
        ("Keith Winter", "", 3),
        ("Marius Goring", "", 4),
    ]


def test_cast_comes_from_the_synopsis_when_cast_and_crew_is_empty(rt_seed):
    assert _credits(rt_seed.film, "cast") == [
        ("Moira Shearer", "Vicky Page", 0),
        ("Anton Walbrook", "Boris Lermontov", 1),
        ("Marius Goring", "Julian Craster", 2),
    ]


def test_a_person_with_two_roles_gets_two_credits(rt_seed):
    goring = [c for c in rt_seed.film.credits if c.name == "Marius Goring"]
    assert goring == [
        CreditRecord("Marius Goring", "screenwriter", "", 4),
        CreditRecord("Marius Goring", "cast", "Julian Craster", 2),
    ]


def test_companies_with_region_tags(rt_seed):
    assert rt_seed.film.companies == [
        CompanyRecord("MCA/Universal Pictures", "distributor", "us", 0),
        CompanyRecord("Criterion Collection", "distributor", "", 1),
        CompanyRecord("The Archers", "production", "", 0),
        CompanyRecord("Independent Producers", "production", "", 1),
    ]


def test_original_language(rt_seed):
    assert rt_seed.film.original_language == "British English"


def test_release_dates(rt_seed):
    assert rt_seed.film.release_dates == [
        ReleaseRecord("theatrical", datetime.date(1948, 9, 6), "", "Original"),
        ReleaseRecord("streaming", datetime.date(2017, 3, 23), "", ""),
    ]


def test_sound_mix_without_value_is_not_filled_with_page_furniture(rt_seed):
    assert rt_seed.film.sound_mix == ""
    assert "movie info: Sound Mix has no value" in rt_seed.warnings


def test_no_aspect_ratio_or_extra_facts_are_invented(rt_seed):
    assert (rt_seed.film.aspect_ratio, rt_seed.film.extra_facts) == ("", [])


def test_the_only_warning_is_the_empty_sound_mix(rt_seed):
    assert rt_seed.warnings == ["movie info: Sound Mix has no value"]


# --- furniture


def test_no_record_field_contains_page_furniture(rt_seed, furniture_leaks):
    assert furniture_leaks(rt_seed.film) == []


def test_list_button_is_not_a_genre(rt_seed):
    assert "List" not in rt_seed.film.genres
