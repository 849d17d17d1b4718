"""The Rotten Tomatoes format's smaller readers, one behaviour each."""

import datetime
from decimal import Decimal

from films.importer.formats.rottentomatoes import (
    cast_from_synopsis,
    parse_audience_segment,
    parse_header_line,
    parse_scores_line,
    parse_similar_line,
    parse_watch_sentence,
    read_cast_and_crew,
    read_genre_words,
    read_movie_info,
)
from films.importer.records import CreditRecord, ScoreRecord, SimilarRecord, WatchRecord

TITLE = "Paper Comets"


def numbered(*lines):
    return list(enumerate(lines, start=1))


# --- where to watch


def test_watch_sentence_with_only_a_subscription_clause():
    assert parse_watch_sentence(
        "Watch Paper Comets with a subscription on Netflix.", title=TITLE
    ) == [WatchRecord("subscription", "Netflix")]


def test_watch_sentence_provider_list_with_and():
    assert parse_watch_sentence(
        "Watch Paper Comets with a subscription on Hulu, Netflix and Starlight+.", title=TITLE
    ) == [
        WatchRecord("subscription", "Hulu"),
        WatchRecord("subscription", "Netflix"),
        WatchRecord("subscription", "Starlight+"),
    ]


def test_provider_named_with_and_stays_whole_when_the_tiles_show_it():
    assert parse_watch_sentence(
        "Watch Paper Comets for free on Reel and Roll, or buy on Vudoo.",
        title=TITLE,
        tiles="Reel and Roll Vudoo",
    ) == [WatchRecord("free", "Reel and Roll"), WatchRecord("buy", "Vudoo")]


def test_rent_or_buy_clause_gives_both_offers():
    assert parse_watch_sentence(
        "Watch Paper Comets in theaters, or rent or buy on Apple TV.", title=TITLE
    ) == [
        WatchRecord("theaters", None),
        WatchRecord("rent", "Apple TV"),
        WatchRecord("buy", "Apple TV"),
    ]


def test_title_containing_an_offer_word_is_not_read_as_an_offer():
    assert parse_watch_sentence(
        "Watch Rent on Credit with a subscription on Max.", title="Rent on Credit"
    ) == [WatchRecord("subscription", "Max")]


# --- similar films


def test_similar_line_needs_titles_repeated_around_the_scores():
    assert parse_similar_line("Alpha 90% 80% Alpha Beta 70% 60% Beta", []) == [
        SimilarRecord("Alpha", 90, 80, 0),
        SimilarRecord("Beta", 70, 60, 1),
    ]


def test_ordinary_text_with_percentages_is_not_a_similar_line():
    assert parse_similar_line("Sales rose 12% 14% over two years", []) is None


def test_similar_score_over_100_is_dropped_with_a_warning():
    warnings = []
    assert parse_similar_line("Alpha 190% 80% Alpha", warnings) == [
        SimilarRecord("Alpha", None, 80, 0)
    ]
    assert warnings == ["similar film 'Alpha': tomatometer 190% is outside 0-100; left empty"]


def test_similar_titles_that_do_not_repeat_are_kept_with_a_warning_before_discover():
    warnings = []
    records = parse_similar_line(
        "Alpha 90% 80% Alfa Beta 70% 60% Beta Discover more movies and TV shows. View More",
        warnings,
    )
    assert [r.title for r in records] == ["Alpha", "Alfa Beta"]
    assert warnings == ["similar films: titles do not repeat around their scores; check them"]


# --- header and scores lines


def test_header_line_with_everything_and_commas():
    header = parse_header_line("R, Now Playing, 1h 45m, Horror/Thriller")
    assert (header.certification, header.status, header.runtime, header.genres) == (
        "R",
        "now_playing",
        105,
        ["Horror", "Thriller"],
    )


def test_header_line_with_a_release_date_and_the_list_button():
    header = parse_header_line("PG-13 Released Jul 16, 2010 2h 28m Sci-Fi Action List")
    assert (header.certification, header.status, header.status_date, header.genres) == (
        "PG-13",
        "released",
        datetime.date(2010, 7, 16),
        ["Sci-Fi", "Action"],
    )


def test_genre_words_prefer_the_longest_known_genre():
    assert read_genre_words("Mystery & Thriller Kids & Family Sci-Fi") == (
        ["Mystery & Thriller", "Kids & Family", "Sci-Fi"],
        [],
    )


def test_scores_line_with_dashes_for_both_scores():
    assert parse_scores_line("-- Tomatometer -- Audience Score") == ScoreRecord()


def test_scores_line_with_percent_after_dashes():
    assert parse_scores_line("--% Tomatometer 0 Reviews 40% Audience Score 120 Ratings") == (
        ScoreRecord(None, 0, 40, "120", 120, None)
    )


# --- audience reviews


def test_audience_author_is_first_name_and_initial():
    review = parse_audience_segment(
        "Ottilie P I laughed. Rated 4.5 out of 5 stars 01/02/25", number=1, warnings=[]
    )
    assert (review.author, review.text, review.stars, review.review_date) == (
        "Ottilie P",
        "I laughed.",
        Decimal("4.5"),
        datetime.date(2025, 1, 2),
    )


def test_audience_review_without_stars_or_date():
    review = parse_audience_segment("Ottilie P Lovely.", number=1, warnings=[])
    assert (review.author, review.text, review.stars, review.review_date) == (
        "Ottilie P",
        "Lovely.",
        None,
        None,
    )


def test_audience_author_without_an_initial_is_guessed_with_a_warning():
    warnings = []
    review = parse_audience_segment(
        "filmowl99 Great fun. Rated 4 out of 5 stars 01/02/25", number=3, warnings=warnings
    )
    assert (review.author, review.text) == ("filmowl99", "Great fun.")
    assert warnings == ["audience review 3: author 'filmowl99' is a guess (no initial found)"]


def test_audience_stars_out_of_range_are_dropped_with_a_warning():
    warnings = []
    review = parse_audience_segment(
        "Ottilie P Odd. Rated 7 out of 5 stars 01/02/25", number=2, warnings=warnings
    )
    assert review.stars is None
    assert warnings == ["audience review 2: 7 stars is not 0.5-5 in half steps; left empty"]


# --- Movie Info


def test_sound_mix_label_followed_by_an_aspect_ratio_has_no_value():
    warnings = []
    info = read_movie_info(numbered("Sound Mix", "Scope (2.39:1)"), warnings)
    assert info.values == {"aspect_ratio": ("Scope (2.39:1)", 2)}
    assert warnings == ["movie info: Sound Mix has no value"]


def test_label_followed_by_another_label_has_no_value():
    warnings = []
    info = read_movie_info(numbered("Producer", "Screenwriter", "Ada Quill, Oren Vale"), warnings)
    assert info.values == {"screenwriter": ("Ada Quill, Oren Vale", 3)}
    assert warnings == ["movie info: Producer has no value"]


def test_label_and_value_without_a_colon():
    info = read_movie_info(numbered("Runtime 1h 30m", "Original Language Norwegian"), [])
    assert info.values == {"runtime": ("1h 30m", 1), "original_language": ("Norwegian", 2)}


def test_unlabelled_person_lists_fill_director_producer_screenwriter_in_order():
    info = read_movie_info(
        numbered("Ada Quill", "Oren Vale, Ada Quill", "Mina Haldor", "Hollow Oak Pictures [us]"),
        [],
    )
    assert {key: value for key, (value, _) in info.values.items()} == {
        "director": "Ada Quill",
        "producer": "Oren Vale, Ada Quill",
        "screenwriter": "Mina Haldor",
        "distributor": "Hollow Oak Pictures [us]",
    }


def test_company_list_where_people_are_expected_skips_to_the_distributor():
    info = read_movie_info(numbered("Ada Quill", "Hollow Oak Films, Kestrel Releasing"), [])
    assert {key: value for key, (value, _) in info.values.items()} == {
        "director": "Ada Quill",
        "distributor": "Hollow Oak Films, Kestrel Releasing",
    }


def test_two_unlabelled_dates_are_theaters_then_streaming():
    info = read_movie_info(numbered("Mar 1, 2001, Wide", "Jun 2, 2019"), [])
    assert {key: value for key, (value, _) in info.values.items()} == {
        "release_theaters": "Mar 1, 2001, Wide",
        "release_streaming": "Jun 2, 2019",
    }


def test_unplaceable_line_is_ignored_with_a_warning():
    warnings = []
    info = read_movie_info(numbered("Runtime: 1h 30m", "lowercase mystery words"), warnings)
    assert info.values == {"runtime": ("1h 30m", 1)}
    assert warnings == ["movie info: could not tell what 'lowercase mystery words' is; ignored"]


def test_a_field_given_twice_keeps_the_first_with_a_warning():
    warnings = []
    info = read_movie_info(numbered("Runtime: 1h 30m", "Runtime: 1h 40m"), warnings)
    assert info.values == {"runtime": ("1h 30m", 1)}
    assert warnings == ["movie info: Runtime given twice; kept the first"]


# --- cast


def test_cast_and_crew_pairs_name_then_role_or_character():
    credits = read_cast_and_crew(
        [
            "Ada Quill",
            "Director, Screenwriter",
            "Oren Vale",
            "Captain Mott",
            "Mina Haldor",
            "Actor",
        ],
        [],
    )
    assert credits == [
        CreditRecord("Ada Quill", "director"),
        CreditRecord("Ada Quill", "screenwriter"),
        CreditRecord("Oren Vale", "cast", "Captain Mott"),
        CreditRecord("Mina Haldor", "cast", ""),
    ]


def test_cast_and_crew_name_without_role_is_ignored_with_a_warning():
    warnings = []
    assert read_cast_and_crew(["Ada Quill", "Director", "Oren Vale"], warnings) == [
        CreditRecord("Ada Quill", "director")
    ]
    assert warnings == ["cast & crew: 'Oren Vale' has no role line; ignored"]


def test_synopsis_cast_skips_parentheses_that_are_not_people():
    synopsis = "In 1987 (a cold year), the pilot Ivo Brandt (Oren Vale) lands in the sea (again)."
    assert cast_from_synopsis(synopsis) == [CreditRecord("Oren Vale", "cast", "Ivo Brandt")]


def test_synopsis_cast_drops_a_sentence_opening_adverb():
    synopsis = "It rains. Eventually Ivo (Oren Vale) leaves."
    assert cast_from_synopsis(synopsis) == [CreditRecord("Oren Vale", "cast", "Ivo")]


def test_another_sites_rating_line_is_not_a_header_line():
    assert parse_header_line("NR | 22 October 1948 (USA)").recognised is False


def test_certification_and_genres_alone_make_a_header_line():
    header = parse_header_line("PG Comedy, Romance")
    assert (header.recognised, header.certification, header.genres) == (
        True,
        "PG",
        ["Comedy", "Romance"],
    )
