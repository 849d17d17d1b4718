"""Critic and audience reviews, reported scores, and the headline scores."""

import datetime
import math

from django.db import transaction
from django.db.models import OuterRef, Subquery

from films.importer.text import score_to_100
from films.models import Film, SimilarFilm
from reviews.models import STAR_VALUES, AudienceReview, CriticReview, ReportedScore
from reviews.scores import POSITIVE_STARS, refresh_scores

from .draws import allocate, chance_above, clamp, written_score
from .names import unique_strings
from .rows import DEMO, PUBLISHED
from .words import (
    AUDIENCE_SHIFT,
    AUDIENCE_SPREAD,
    AUDIENCE_TEXTS,
    CRITIC_SHARE,
    CRITIC_SPREAD,
    FRESH_AT,
    FRESH_QUOTES,
    INITIALS,
    N_AUTHORS,
    N_CRITICS,
    N_PUBLICATIONS,
    NAME_ENDS,
    NAME_STARTS,
    NOUNS,
    POSITIVE_AT,
    PRAISE,
    ROTTEN_QUOTES,
    SITE_OPENED,
    SOURCE_SITE,
    USER_WORDS,
    WEB_ERA,
)

SCORE_CHUNK = 500  # films whose headline scores are computed in one transaction


class Reviews:
    """One part of `DemoData` (see generator.py): uses its rng(), phase(),
    writer() and done()."""

    def make_reviews(self, n_reviews):
        rng = self.rng("reviews")
        n_critic = round(n_reviews * CRITIC_SHARE)
        n_audience = n_reviews - n_critic
        self.phase(f"{n_critic:,} critic reviews, {n_audience:,} audience reviews, reported scores")
        weights = [film["weight"] for film in self.films]
        critic_counts = allocate(n_critic, weights, N_CRITICS + N_PUBLICATIONS)
        audience_counts = allocate(n_audience, weights, N_AUTHORS)
        authors = unique_strings(lambda: self.author(rng), N_AUTHORS)
        critic_writer = self.writer(
            CriticReview,
            ["film_id", "critic_id", "publication_id", "quote", "score_text", "score",
             "sentiment", "is_top_critic", "review_date", "url", "status", "published_at"],
        )  # fmt: skip
        audience_writer = self.writer(
            AudienceReview,
            ["film_id", "author_name", "source_site", "stars", "text", "review_date", "status",
             "published_at"],
        )  # fmt: skip
        reported_writer = self.writer(
            ReportedScore,
            ["film_id", "source_site", "tomatometer", "critic_review_count", "audience_score",
             "audience_rating_count_text", "audience_rating_count", "audience_review_count",
             "reported_at"],
        )  # fmt: skip
        scores = {}  # score text -> 0-100, as the importer converts it
        moments = {}

        def posted(day):
            """When a review went up: noon of its day, never in the future."""
            if day not in moments:
                noon = datetime.datetime.combine(day, datetime.time(12), datetime.UTC)
                moments[day] = min(noon, self.now)
            return moments[day]

        stars = [None, *STAR_VALUES]
        today = self.today.toordinal()
        for film, n_crit, n_aud in zip(self.films, critic_counts, audience_counts, strict=True):
            pk, quality = film["id"], film["quality"]
            opening = film["opening"].toordinal()
            # Critics review around the opening (a few at festivals before it);
            # older films also get later reviews, from the web era on.
            first_day = min(opening - 14, today)
            # Audience reviews: from the opening or, for older films, any
            # time since the site opened (2008).
            first_audience_day = min(max(opening, SITE_OPENED), today)

            def critic_day(first=first_day):
                if rng.random() < 0.6:
                    day = first + int(rng.expovariate(1 / 30))
                else:
                    day = rng.randint(max(first, WEB_ERA), max(today, first))
                return datetime.date.fromordinal(min(day, today))

            def audience_day(first=first_audience_day, recent=opening >= SITE_OPENED):
                if recent and rng.random() < 0.7:
                    day = first + int(rng.expovariate(1 / 120))
                else:
                    day = rng.randint(first, today)
                return datetime.date.fromordinal(min(day, today))

            # Critics: distinct critics per film; some reviews credit only a
            # publication (distinct ones), as unique constraints require.
            pub_only = max(round(n_crit * 0.05), n_crit - N_CRITICS)
            critic_picks = rng.sample(self.critics, n_crit - pub_only)
            pub_picks = rng.sample(range(N_PUBLICATIONS), pub_only)
            bylines = [(c, p, top) for c, p, top in critic_picks] + [
                (None, p, False) for p in pub_picks
            ]
            fresh = 0
            for critic, pub, top in bylines:
                if critic is not None:
                    roll = rng.random()
                    if roll < 0.2:
                        pub = rng.randrange(N_PUBLICATIONS)  # a guest review elsewhere
                    elif roll < 0.3 or pub is None:
                        pub = None
                rating = clamp(rng.gauss(quality, CRITIC_SPREAD))
                sentiment = "fresh" if rating >= FRESH_AT else "rotten"
                fresh += sentiment == "fresh"
                text = written_score(rng, rating)
                if text not in scores:
                    scores[text] = score_to_100(text)
                template = FRESH_QUOTES if sentiment == "fresh" else ROTTEN_QUOTES
                a, b = rng.sample(PRAISE, 2)
                url = ""
                if pub is not None and rng.random() < 0.8:
                    url = f"https://{self.publication_hosts[pub]}.example/reviews/{film['slug']}"
                day = critic_day()
                critic_writer.add(
                    pk, critic, None if pub is None else self.publication_ids[pub],
                    rng.choice(template).format(a=a, b=b), text, scores[text], sentiment,
                    top, day, url, PUBLISHED, posted(day),
                )  # fmt: skip
            positive = rated = 0
            for author in rng.sample(authors, n_aud):
                star = None
                if rng.random() < 0.9:
                    rating = clamp(rng.gauss(quality + AUDIENCE_SHIFT, AUDIENCE_SPREAD))
                    half_steps = round(rating * 10)
                    star = stars[max(1, half_steps)]
                    rated += 1
                    positive += star >= POSITIVE_STARS
                text = rng.choice(AUDIENCE_TEXTS).format(
                    noun=rng.choice(NOUNS).lower(), a=rng.choice(PRAISE)
                )
                day = audience_day()
                audience_writer.add(
                    pk, author, SOURCE_SITE, star, text, day, PUBLISHED, posted(day)
                )
            if rng.random() < 0.8:
                self.reported(rng, reported_writer, film, len(bylines), fresh, rated, positive)
        self.done(
            critic_reviews=critic_writer,
            audience_reviews=audience_writer,
            reported_scores=reported_writer,
        )

    def author(self, rng):
        if rng.random() < 0.6:
            first = rng.choice(NAME_STARTS) + rng.choice(NAME_ENDS)
            return f"{first} {rng.choice(INITIALS)}."
        return f"{rng.choice(USER_WORDS)}{rng.choice(NOUNS).lower()}{rng.randint(1, 999)}"

    def reported(self, rng, writer, film, n_crit, fresh, rated, positive):
        """What the source site reported: more reviews than the site has
        (its own plus others drawn from the same film), so a Tomatometer
        close to the site's own where it has many reviews."""
        quality = film["quality"]
        critic_count = n_crit + int(n_crit * rng.uniform(0, 1.5)) + rng.randint(0, 40)
        tomatometer = None
        if critic_count:
            extra = critic_count - n_crit
            p = chance_above(FRESH_AT, quality, CRITIC_SPREAD)
            extra_fresh = round(extra * p + rng.gauss(0, math.sqrt(extra * p * (1 - p))))
            tomatometer = round(100 * (fresh + clamp(extra_fresh, 0, extra)) / critic_count)
        audience = None
        count_text, count, review_count = "", None, None
        if rng.random() < 0.9:
            # Thousands of ratings: the score is (nearly) the film's true one.
            p = chance_above(POSITIVE_AT, quality + AUDIENCE_SHIFT, AUDIENCE_SPREAD)
            audience = round(100 * clamp(p + rng.gauss(0, 0.02)))
            count = rng.choice([50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000])
            count = max(count, rated)
            count_text = f"{count:,}+"
            review_count = rated + rng.randint(0, 200)
        writer.add(
            film["id"], SOURCE_SITE, tomatometer, critic_count, audience, count_text, count,
            review_count, self.past_moment(rng, 400),
        )  # fmt: skip

    def make_scores(self):
        self.phase("Headline scores")
        ids = [film["id"] for film in self.films]
        for start in range(0, len(ids), SCORE_CHUNK):
            with transaction.atomic():
                refresh_scores(ids[start : start + SCORE_CHUNK])
        # "More like this" shows the scores of the films it links to.
        linked = Film.objects.filter(pk=OuterRef("similar_film_id"))
        with transaction.atomic():
            SimilarFilm.objects.filter(film__slug__startswith=DEMO).update(
                tomatometer=Subquery(linked.values("tomatometer")[:1]),
                audience_score=Subquery(linked.values("audience_score")[:1]),
            )
