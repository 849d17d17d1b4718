"""Rotten Tomatoes pages that differ from the seed (invented documents)."""

import datetime
from decimal import Decimal

import pytest

from films.importer import DocumentError, parse_document
from films.importer.records import (
    AudienceReviewRecord,
    CompanyRecord,
    CreditRecord,
    ReleaseRecord,
    ScoreRecord,
    SimilarRecord,
    WatchRecord,
)

LANTERN = "rt_lantern_released.txt"
MARSH = "rt_marsh_now_playing.txt"
ORCHARD = "rt_orchard_coming_soon.txt"


@pytest.fixture(scope="module")
def lantern(fixture_bytes):
    return parse_document(fixture_bytes(LANTERN))


@pytest.fixture(scope="module")
def marsh(fixture_bytes):
    return parse_document(fixture_bytes(MARSH))


@pytest.fixture(scope="module")
def orchard(fixture_bytes):
    return parse_document(fixture_bytes(ORCHARD))


def parse_text(text: str):
    return parse_document(text.encode())


# --- header: certification, status, dates


def test_certification_status_and_date_in_the_header(lantern):
    film = lantern.film
    assert (film.certification, film.release_status, film.runtime_minutes) == (
        "PG-13",
        "released",
        148,
    )


def test_labelled_rating_gives_certification_reason(lantern):
    assert lantern.film.certification_reason == "Violence, Language"


def test_comma_separated_header_with_certification(marsh):
    film = marsh.film
    assert (film.certification, film.release_status, film.runtime_minutes) == (
        "R",
        "now_playing",
        105,
    )


def test_header_genres_with_a_slash_are_used_when_movie_info_has_none(marsh):
    assert marsh.film.genres == ["Horror", "Thriller"]


def test_multi_word_header_genres_use_the_known_genre_list(orchard):
    assert orchard.film.genres == ["Mystery & Thriller", "Kids & Family"]


def test_movie_info_genre_line_is_the_authority(lantern):
    assert lantern.film.genres == ["Sci-Fi", "Action"]


def test_coming_soon_with_a_date_gives_status_release_and_year(orchard):
    film = orchard.film
    assert film.release_status == "coming_soon"
    assert film.release_dates == [ReleaseRecord("theatrical", datetime.date(2026, 8, 14))]
    assert film.year == 2026


def test_streaming_status_without_a_date(fixture_text):
    text = fixture_text(ORCHARD).replace("Coming Soon Aug 14, 2026", "Streaming")
    film = parse_text(text).film
    assert (film.release_status, film.release_dates, film.year) == ("streaming", [], None)


def test_released_status_adds_a_theatrical_date_when_movie_info_has_none(fixture_text):
    text = fixture_text(ORCHARD).replace("Coming Soon Aug 14, 2026", "PG Released Jul 16, 2010")
    film = parse_text(text).film
    assert (film.certification, film.release_status, film.year) == ("PG", "released", 2010)
    assert film.release_dates == [ReleaseRecord("theatrical", datetime.date(2010, 7, 16))]


def test_released_status_date_does_not_duplicate_movie_info(lantern):
    theatrical = [r for r in lantern.film.release_dates if r.kind == "theatrical"]
    assert theatrical == [ReleaseRecord("theatrical", datetime.date(2010, 7, 16), "", "Wide")]


def test_unknown_header_word_is_a_warning_not_a_genre(fixture_text):
    text = fixture_text(ORCHARD).replace("Kids & Family List", "Kids & Family Noirish List")
    parsed = parse_text(text)
    assert parsed.film.genres == ["Mystery & Thriller", "Kids & Family"]
    assert parsed.warnings == ["genres: 'Noirish' in the header line is not a known genre"]


# --- scores


def test_verified_ratings_count(lantern):
    assert lantern.film.scores == ScoreRecord(
        tomatometer=81,
        critic_review_count=212,
        audience_score=74,
        audience_rating_count_text="2,500+ Verified",
        audience_rating_count=2500,
        audience_review_count=57,
    )


def test_missing_tomatometer_and_fewer_than_50_ratings(marsh):
    assert marsh.film.scores == ScoreRecord(
        tomatometer=None,
        critic_review_count=3,
        audience_score=58,
        audience_rating_count_text="Fewer than 50",
        audience_rating_count=None,
        audience_review_count=None,
    )


def test_page_without_scores_has_none(orchard):
    assert orchard.film.scores is None


def test_tomatometer_over_100_is_refused_naming_the_field(fixture_text):
    text = fixture_text(LANTERN).replace("81% Tomatometer", "999% Tomatometer")
    with pytest.raises(DocumentError) as caught:
        parse_text(text)
    assert str(caught.value) == "line 7: tomatometer: 999% is outside 0-100"


def test_audience_score_over_100_is_refused_naming_the_field(fixture_text):
    text = fixture_text(LANTERN).replace("74% Audience Score", "174% Audience Score")
    with pytest.raises(DocumentError, match="audience score: 174% is outside 0-100"):
        parse_text(text)


def test_release_year_zero_is_refused_naming_the_year(fixture_text):
    bad_line = "Release Date (Theaters): Jul 16, 0000, Wide"
    text = fixture_text(LANTERN).replace("Release Date (Theaters): Jul 16, 2010, Wide", bad_line)
    with pytest.raises(DocumentError) as caught:
        parse_text(text)
    assert caught.value.reason == (
        "year (Release Date (Theaters) 'Jul 16, 0000'): 0 is outside 1870-2100"
    )
    assert caught.value.line == text.split("\n").index(bad_line) + 1


def test_impossible_release_day_is_a_warning(fixture_text):
    text = fixture_text(LANTERN).replace("Nov 2, 2010", "Nov 31, 2010")
    parsed = parse_text(text)
    assert [r.kind for r in parsed.film.release_dates] == ["theatrical"]
    assert "Release Date (Streaming): 'Nov 31, 2010' is not a real date; ignored" in parsed.warnings


# --- sections present and absent


def test_sections_missing_from_the_page_give_empty_values(marsh):
    film = marsh.film
    assert (film.critics_consensus, film.watch_options, film.audience_reviews, film.similar) == (
        "",
        [],
        [],
        [],
    )


def test_minimal_page_parses_with_no_warnings(orchard):
    assert orchard.warnings == []


def test_watch_sentence_with_free_subscription_and_rent_or_buy(lantern):
    assert lantern.film.watch_options == [
        WatchRecord("free", "Tubi"),
        WatchRecord("subscription", "Peacock"),
        WatchRecord("rent", "Fandango at Home"),
        WatchRecord("buy", "Fandango at Home"),
    ]


def test_consensus(lantern):
    assert lantern.film.critics_consensus == (
        "Moody, handsome and a touch too long, the film earns its final storm."
    )


def test_invented_critic_reviews_split(lantern):
    got = [(r.critic, r.publication, r.score, r.uncertain) for r in lantern.film.critic_reviews]
    assert got == [
        ("Marta Quillfeather", None, 88, False),
        (None, "The Invented Gazette", 83, False),
        ("José Álvarez", "Revista Cinéfila Digital", 80, False),
        ("Priya Ramaswamy", "Reelhouse Weekly", 58, False),
        ("Ilse van der Berg", "Frame by Frame", 80, False),
        ("Tobias Wren", "Harbourlight Review", None, False),
    ]


def test_critic_reviews_with_and_without_critic_or_publication(marsh):
    got = [(r.critic, r.publication, r.quote) for r in marsh.film.critic_reviews]
    assert got == [
        (
            "Dorothea Fenwick-Hale",
            "Bogland Horror Network",
            "A swampy slow burn that forgets to catch fire.",
        ),
        (None, "Grimsby Cinephile Quarterly", "Effective enough when the fog rolls in."),
        ("Kwame Boateng", None, "Great practical effects, thin characters."),
    ]


def test_bad_review_score_is_a_warning_naming_the_review(lantern):
    assert lantern.warnings == [
        "critic review 6: score '11/10' is more than the maximum; kept as written only"
    ]


def test_html_in_reviews_survives_verbatim(lantern):
    assert "<script>alert(1)</script>" in lantern.film.critic_reviews[5].quote
    assert lantern.film.audience_reviews[1].text == (
        "The <b>best</b> thing I saw this year & that's saying something."
    )


def test_audience_reviews_with_half_stars_and_an_initial_with_a_period(lantern):
    assert lantern.film.audience_reviews == [
        AudienceReviewRecord(
            "Noor K",
            "Loved the storm sequence, less so the ending.",
            Decimal("3.5"),
            datetime.date(2024, 5, 2),
        ),
        AudienceReviewRecord(
            "Felix R.",
            "The <b>best</b> thing I saw this year & that's saying something.",
            Decimal("5"),
            datetime.date(2023, 12, 30),
        ),
    ]


def test_similar_films_with_missing_scores_and_a_title_starting_with_digits(lantern):
    assert lantern.film.similar == [
        SimilarRecord("Salt and Signal", 88, 79, 0),
        SimilarRecord("The Glass Harbour", None, 64, 1),
        SimilarRecord("1999 Tides", 71, None, 2),
    ]


# --- Cast & Crew and Movie Info


def test_cast_and_crew_entries_are_used_instead_of_the_synopsis(lantern):
    assert lantern.film.credits == [
        CreditRecord("Orla Penhallow", "director", "", 0),
        CreditRecord("Wendell Asquith", "producer", "", 0),
        CreditRecord("Orla Penhallow", "screenwriter", "", 0),
        CreditRecord("Benedikt Saar", "screenwriter", "", 1),
        CreditRecord("Ines Marrow", "cast", "Mara Vell", 0),
        CreditRecord("Teodor Brandt", "cast", "Captain Silas Rook", 1),
        CreditRecord("Hollis Grey", "cinematographer", "", 0),
        CreditRecord("Juniper Oyelaran", "composer", "", 0),
    ]


def test_labelled_companies_with_two_region_tags(lantern):
    assert lantern.film.companies == [
        CompanyRecord("Northlight Releasing", "distributor", "us", 0),
        CompanyRecord("Harbourfront Films", "distributor", "gb", 1),
        CompanyRecord("Ferrous Pictures", "production", "", 0),
    ]


def test_labelled_sound_mix_and_aspect_ratio(lantern):
    assert (lantern.film.sound_mix, lantern.film.aspect_ratio) == (
        "Dolby Digital, DTS",
        "Scope (2.35:1)",
    )


def test_unknown_labelled_lines_go_to_extra_facts(lantern):
    assert lantern.film.extra_facts == [
        ("Box Office (Gross USA)", "$1.2M"),
        ("Filming Locations", "Cornwall"),
    ]


def test_unlabelled_movie_info_values_are_placed_by_shape(marsh):
    film = marsh.film
    assert [(c.name, c.role) for c in film.credits if c.role == "director"] == [
        ("Selwyn Marsh-Okafor", "director")
    ]
    assert (film.certification, film.certification_reason) == ("R", "Gore, Some Language")
    assert film.original_language == "English"
    assert film.release_dates == [
        ReleaseRecord("theatrical", datetime.date(2025, 10, 2), "", "Limited")
    ]
    assert film.aspect_ratio == "Flat (1.85:1)"
    assert film.sound_mix == ""


def test_label_line_then_value_line_for_box_office(marsh):
    assert marsh.film.extra_facts == [("Box Office (Gross USA)", "$48.5K")]


def test_single_name_character_from_the_synopsis(marsh):
    assert [c for c in marsh.film.credits if c.role == "cast"] == [
        CreditRecord("Hattie Crane", "cast", "Pip", 0)
    ]


def test_label_alone_with_value_on_the_next_line(orchard):
    assert orchard.film.credits == [CreditRecord("Ruth Okonkwo-Bell", "director", "", 0)]


def test_unknown_certification_is_left_empty_with_a_warning(fixture_text):
    text = fixture_text(LANTERN).replace("Rating: PG-13 (Violence|Language)", "Rating: X18 (Peril)")
    parsed = parse_text(text)
    assert parsed.film.certification == "PG-13"  # the header's certification remains
    assert "certification: 'X18 (Peril)' is not a certification we know; left empty" in (
        parsed.warnings
    )


def test_header_and_movie_info_disagreeing_is_a_warning_and_movie_info_wins(fixture_text):
    text = fixture_text(LANTERN).replace("Runtime: 2h 28m", "Runtime: 2h 30m")
    parsed = parse_text(text)
    assert parsed.film.runtime_minutes == 150
    assert "runtime: header says 148 min, Movie Info says 150 min; kept Movie Info" in (
        parsed.warnings
    )


@pytest.mark.parametrize("name", [LANTERN, MARSH, ORCHARD])
def test_no_page_furniture_in_invented_pages(fixture_bytes, furniture_leaks, name):
    assert furniture_leaks(parse_document(fixture_bytes(name)).film) == []


def test_page_without_its_banner_starts_with_the_title(fixture_text):
    text = fixture_text(LANTERN).removeprefix("Rotten Tomatoes\n")
    film = parse_text(text).film
    assert (film.title, film.year, len(film.critic_reviews)) == (
        "The Lantern Keeper's Daughter",
        2010,
        6,
    )


# --- truncated documents


def test_cut_off_after_the_title_is_a_truncated_document(fixture_bytes):
    with pytest.raises(DocumentError) as caught:
        parse_document(fixture_bytes("rt_truncated.txt"))
    assert str(caught.value) == (
        "line 4: truncated: ends after the title; "
        'no header line, Movie Info, closing "Most Popular at Home Now"'
    )


def test_banner_alone_is_a_truncated_document_without_a_title():
    with pytest.raises(DocumentError) as caught:
        parse_text("Rotten Tomatoes\nCancel Movies Tv shows Shop News Showtimes\n")
    assert str(caught.value) == (
        "line 2: truncated: ends after the banner; "
        'no title, header line, Movie Info, closing "Most Popular at Home Now"'
    )


def test_header_right_after_the_banner_means_the_title_is_missing():
    with pytest.raises(DocumentError, match="truncated document: no title before the header"):
        parse_text("Rotten Tomatoes\n\nNow Playing 1h 30m Drama List\n")


def test_a_film_titled_like_a_year_is_still_a_title(fixture_text):
    text = fixture_text(ORCHARD).replace("The Orchard Detectives", "1917")
    assert parse_text(text).film.title == "1917"


def test_review_run_cut_mid_review_is_a_truncated_document(fixture_text):
    text = fixture_text(LANTERN)
    cut = text[: text.index("Felix R. The <b>best</b>") + len("Felix R. The <b>be")]
    with pytest.raises(DocumentError) as caught:
        parse_text(cut)
    assert str(caught.value) == (
        "line 36: truncated: ends inside Audience Reviews (a review cut off); "
        'no Movie Info, closing "Most Popular at Home Now"'
    )


def test_page_without_movie_info_before_its_closing_line_is_incomplete(fixture_text):
    text = fixture_text(MARSH)
    text = text[: text.index("Movie Info")] + "Most Popular at Home Now\n"
    with pytest.raises(DocumentError) as caught:
        parse_text(text)
    assert (
        str(caught.value) == 'line 22: incomplete: no Movie Info before "Most Popular at Home Now"'
    )


def test_page_without_a_header_line_or_scores_is_incomplete(fixture_text):
    text = fixture_text(ORCHARD).replace("Coming Soon Aug 14, 2026 1h 38m", "")
    text = text.replace("Mystery & Thriller Kids & Family List", "")
    with pytest.raises(DocumentError) as caught:
        parse_text(text)
    assert str(caught.value) == "line 4: incomplete: no header line or scores after the title"


def test_movie_info_label_without_a_value_is_read_when_the_page_closes_after_it(rt_seed):
    assert "movie info: Sound Mix has no value" in rt_seed.warnings
