"""Movie Info, with or without its labels, and what it gives the film.

Values keep the page's field order (`MOVIE_INFO_FIELDS`) even where their
labels are missing, so an unlabelled line is given to the first field, at or
after the last one seen, whose shape it has: strong shapes first (a date, a
runtime, a rating, genres, a language, "[us]" region tags, an aspect ratio),
then the weak ones (a list of people, a list of companies). A label whose
next line is furniture or another label has no value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ...records import CompanyRecord, FilmRecord, ReleaseRecord
from ...text import DATE_PATTERN, normalise_certification, parse_runtime, split_list
from .credits import _add_credits
from .header import _film_date
from .layout import is_furniture
from .vocabulary import (
    _ASPECT_RATIO,
    _GENRES_BY_TOKENS,
    _MONEY,
    _SOUND_MIX_WORDS,
    LANGUAGES,
    is_person_name,
)

# Movie Info


def _shape_prose(value: str) -> int:
    return 1 if len(value.split()) >= 12 else 0


def _is_person_list(value: str) -> bool:
    items = split_list(value)
    return bool(items) and all(is_person_name(item.split()) for item in items)


def _shape_people(value: str) -> int:
    return 1 if _is_person_list(value) else 0


def _is_company_name(item: str) -> bool:
    words = item.split()
    return (
        0 < len(words) <= 8
        and (words[0][0].isupper() or words[0][0].isdigit())
        and not re.search(r"[.!?;:]\s", item)
    )


_REGION_TAG = re.compile(r"\s*\[(?P<region>[A-Za-z]{2,3})\]$")


def _shape_companies(value: str) -> int:
    items = split_list(value)
    if not items or any(_REGION_TAG.search(item) for item in items):
        return 0
    return 1 if all(_is_company_name(item) for item in items) else 0


def _shape_distributors(value: str) -> int:
    items = split_list(value)
    if not items or not all(_is_company_name(_REGION_TAG.sub("", item)) for item in items):
        return 0
    return 2 if any(_REGION_TAG.search(item) for item in items) else 1


_RATING_VALUE = re.compile(r"(?P<cert>[A-Za-z0-9-]+(?: Rated)?)\s*(?:\((?P<reason>[^()]*)\))?")


def _shape_rating(value: str) -> int:
    match = _RATING_VALUE.fullmatch(value)
    return 2 if match and normalise_certification(match["cert"]) else 0


def _shape_genres(value: str) -> int:
    items = split_list(value)
    return (
        2 if items and all(tuple(i.casefold().split()) in _GENRES_BY_TOKENS for i in items) else 0
    )


def _shape_language(value: str) -> int:
    items = split_list(value)
    ok = items and all(len(i.split()) <= 3 and i.split()[-1].casefold() in LANGUAGES for i in items)
    return 2 if ok else 0


_RELEASE_VALUE = re.compile(rf"(?P<date>{DATE_PATTERN})(?:,\s*(?P<note>[^,]{{1,40}}))?", re.I)


def _shape_release(value: str) -> int:
    return 2 if _RELEASE_VALUE.fullmatch(value) else 0


def _shape_money(value: str) -> int:
    return 2 if _MONEY.fullmatch(value) else 0


def _shape_runtime(value: str) -> int:
    try:
        return 2 if parse_runtime(value) else 0
    except ValueError:
        return 2


def _shape_sound_mix(value: str) -> int:
    items = split_list(value)
    return 2 if items and all(_SOUND_MIX_WORDS.search(i) for i in items) else 0


def _shape_aspect_ratio(value: str) -> int:
    return 2 if _ASPECT_RATIO.search(value) and len(value) <= 40 else 0


def _never(value: str) -> int:
    return 0


@dataclass(frozen=True, slots=True)
class InfoField:
    key: str
    labels: tuple[str, ...]
    # How well an unlabelled value fits: 0 no, 1 weakly, 2 unmistakably.
    shape: Callable[[str], int]


# Rotten Tomatoes' Movie Info order. Fields with `_never` are read only when
# labelled: by shape they would be confused with a neighbour.
MOVIE_INFO_FIELDS = (
    InfoField("synopsis", ("Synopsis",), _shape_prose),
    InfoField("director", ("Director", "Directors", "Directed By"), _shape_people),
    InfoField("producer", ("Producer", "Producers"), _shape_people),
    InfoField("executive_producer", ("Executive Producer", "Executive Producers"), _never),
    InfoField(
        "screenwriter", ("Screenwriter", "Screenwriters", "Writer", "Writers"), _shape_people
    ),
    InfoField("distributor", ("Distributor", "Distributors"), _shape_distributors),
    InfoField(
        "production_co",
        ("Production Co", "Production Company", "Production Companies"),
        _shape_companies,
    ),
    InfoField("rating", ("Rating", "Rated"), _shape_rating),
    InfoField("genre", ("Genre", "Genres"), _shape_genres),
    InfoField("original_language", ("Original Language", "Language"), _shape_language),
    InfoField("release_theaters", ("Release Date (Theaters)",), _shape_release),
    InfoField("rerelease_theaters", ("Rerelease Date (Theaters)",), _never),
    InfoField("release_streaming", ("Release Date (Streaming)",), _shape_release),
    InfoField("release_physical", ("Release Date (DVD)", "Release Date (Blu-ray)"), _never),
    InfoField("box_office", ("Box Office (Gross USA)",), _shape_money),
    InfoField("runtime", ("Runtime",), _shape_runtime),
    InfoField("sound_mix", ("Sound Mix",), _shape_sound_mix),
    InfoField("aspect_ratio", ("Aspect Ratio",), _shape_aspect_ratio),
)
_FIELD_INDEX = {f.key: i for i, f in enumerate(MOVIE_INFO_FIELDS)}
_LABELS = sorted(
    ((label, f) for f in MOVIE_INFO_FIELDS for label in f.labels),
    key=lambda pair: len(pair[0]),
    reverse=True,
)
_UNKNOWN_LABEL = re.compile(r"(?P<label>[A-Z][\w ()&/.'-]{0,48}?):(?:\s+(?P<value>.+))?")


def _match_label(line: str) -> tuple[InfoField, str] | None:
    """ "Production Co" -> (field, ""); "Rating: PG-13 (...)" or "Runtime
    1h 30m" -> (field, value). Longest label first."""
    for label, info_field in _LABELS:
        if line[: len(label)].casefold() != label.casefold():
            continue
        rest = line[len(label) :]
        if not rest.strip() or rest.strip() == ":":
            return info_field, ""
        if rest.startswith(":"):
            return info_field, rest[1:].strip()
        if rest.startswith(" "):
            return info_field, rest.strip()
    return None


@dataclass(slots=True)
class MovieInfo:
    values: dict[str, tuple[str, int]] = field(default_factory=dict)  # key -> (value, line)
    extra_facts: list[tuple[str, str]] = field(default_factory=list)


def read_movie_info(lines: list[tuple[int, str]], warnings: list[str]) -> MovieInfo:
    """Assign each Movie Info line to a field (see the module docstring)."""
    info = MovieInfo()
    expected = 0
    index = 0

    def assign(info_field: InfoField, value: str, line_number: int) -> None:
        nonlocal expected
        if info_field.key in info.values:
            warnings.append(f"movie info: {info_field.labels[0]} given twice; kept the first")
        else:
            info.values[info_field.key] = (value, line_number)
        expected = max(expected, _FIELD_INDEX[info_field.key] + 1)

    def is_value_line(position: int, info_field: InfoField) -> bool:
        if position >= len(lines):
            return False
        candidate = lines[position][1]
        if (
            is_furniture(candidate)
            or _match_label(candidate)
            or _UNKNOWN_LABEL.fullmatch(candidate)
        ):
            return False
        if info_field.shape(candidate) == 0 and info_field.shape is not _never:
            # Not this field's shape but clearly a later field's: the label
            # had no value ("Sound Mix" followed by the aspect ratio).
            later = MOVIE_INFO_FIELDS[_FIELD_INDEX[info_field.key] + 1 :]
            if any(f.shape(candidate) == 2 for f in later if f.key not in info.values):
                return False
        return True

    while index < len(lines):
        line_number, line = lines[index]
        index += 1
        if is_furniture(line):
            continue
        if labelled := _match_label(line):
            info_field, value = labelled
            if not value:
                if is_value_line(index, info_field):
                    line_number, value = lines[index]  # errors point at the value
                    index += 1
                else:
                    warnings.append(f"movie info: {info_field.labels[0]} has no value")
                    expected = max(expected, _FIELD_INDEX[info_field.key] + 1)
                    continue
            assign(info_field, value, line_number)
            continue
        if unknown := _UNKNOWN_LABEL.fullmatch(line):
            label, value = unknown["label"].strip(), (unknown["value"] or "").strip()
            if not value and index < len(lines) and not is_furniture(lines[index][1]):
                value = lines[index][1]
                index += 1
            if value:
                _add_fact(info.extra_facts, label, value, warnings)
            continue
        info_field = _infer_field(line, expected, info)
        if info_field is None:
            warnings.append(f"movie info: could not tell what {line!r} is; ignored")
            continue
        assign(info_field, line, line_number)
    return info


def _infer_field(value: str, expected: int, info: MovieInfo) -> InfoField | None:
    open_fields = [f for f in MOVIE_INFO_FIELDS if f.key not in info.values]
    ahead = [f for f in open_fields if _FIELD_INDEX[f.key] >= expected]
    for strength, fields in ((2, ahead), (1, ahead), (2, open_fields)):
        for info_field in fields:
            if info_field.shape(value) == strength:
                return info_field
    return None


def _add_fact(facts: list[tuple[str, str]], label: str, value: str, warnings: list[str]) -> None:
    if any(existing.casefold() == label.casefold() for existing, _ in facts):
        warnings.append(f"movie info: {label} given twice; kept the first")
    else:
        facts.append((label, value))


def _companies(value: str, kind: str) -> list[CompanyRecord]:
    companies = []
    for order, item in enumerate(split_list(value)):
        region = ""
        if match := _REGION_TAG.search(item):
            region = match["region"].lower()
            item = item[: match.start()].strip()
        companies.append(CompanyRecord(item, kind, region, order))
    return companies


def _release(
    value: str, kind: str, line_number: int, warnings: list[str], label: str, note_prefix: str = ""
) -> ReleaseRecord | None:
    """ "Sep 6, 1948, Original" -> a release with the note "Original"."""
    match = _RELEASE_VALUE.fullmatch(value)
    if match is None:
        warnings.append(f"{label}: {value!r} is not a date; ignored")
        return None
    release_date = _film_date(match["date"], label, line_number, warnings)
    if release_date is None:
        return None
    note = (match["note"] or "").strip()
    if note_prefix:
        note = f"{note_prefix} ({note})" if note else note_prefix
    return ReleaseRecord(kind, release_date, "", note)


def _apply_movie_info(info: MovieInfo, film: FilmRecord, warnings: list[str]) -> None:
    values = info.values

    def get(key: str) -> tuple[str, int] | None:
        return values.get(key)

    if item := get("synopsis"):
        film.synopsis = item[0]
    for key in ("director", "producer", "executive_producer", "screenwriter"):
        if item := get(key):
            _add_credits(film.credits, split_list(item[0]), key)
    if item := get("distributor"):
        film.companies.extend(_companies(item[0], "distributor"))
    if item := get("production_co"):
        film.companies.extend(_companies(item[0], "production"))
    if item := get("rating"):
        match = _RATING_VALUE.fullmatch(item[0])
        certification = normalise_certification(match["cert"]) if match else None
        if certification is None:
            warnings.append(
                f"certification: {item[0]!r} is not a certification we know; left empty"
            )
        else:
            film.certification = certification
            reason = (match["reason"] or "") if match else ""
            film.certification_reason = ", ".join(
                part.strip() for part in reason.split("|") if part.strip()
            )
    if item := get("genre"):
        film.genres = split_list(item[0].replace("/", ","))
    if item := get("original_language"):
        film.original_language = item[0]
    for key, kind, label, prefix in (
        ("release_theaters", "theatrical", "Release Date (Theaters)", ""),
        ("rerelease_theaters", "theatrical", "Rerelease Date (Theaters)", "Rerelease"),
        ("release_streaming", "streaming", "Release Date (Streaming)", ""),
        ("release_physical", "physical", "Release Date (DVD)", ""),
    ):
        if item := get(key):
            release = _release(item[0], kind, item[1], warnings, label, prefix)
            if release is not None:
                film.release_dates.append(release)
    if item := get("box_office"):
        _add_fact(film.extra_facts, "Box Office (Gross USA)", item[0], warnings)
    if item := get("runtime"):
        try:
            runtime = parse_runtime(item[0])
        except ValueError as exc:
            runtime = None
            warnings.append(f"runtime: {exc}; left empty")
        else:
            if runtime is None:
                warnings.append(f"runtime: {item[0]!r} is not a runtime; left empty")
        film.runtime_minutes = runtime
    if item := get("sound_mix"):
        film.sound_mix = item[0]
    if item := get("aspect_ratio"):
        film.aspect_ratio = item[0]
    for label, value in info.extra_facts:
        _add_fact(film.extra_facts, label, value, warnings)
