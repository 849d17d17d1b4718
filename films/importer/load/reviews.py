"""What a document says about a film's reception: critic and audience
reviews, and the scores the site reported."""

import hashlib

from django.utils import timezone

from filmsite.content.models import Publishable
from reviews.models import AudienceReview, Critic, CriticReview, Publication, ReportedScore

from .matching import resolve_names
from .rows import BATCH_SIZE, RowSync, sync_keyed


def published_now():
    """New reviews are public at once (moderators hide them), and stay in
    whatever state moderators put them in on later imports."""
    now = timezone.now()
    return {"status": Publishable.Status.PUBLISHED, "published_at": now, "first_published_at": now}


def load_scores(film, record, document, report, publish, cache):
    if record.scores is None:
        return
    scores = record.scores
    values = {
        "tomatometer": scores.tomatometer,
        "critic_review_count": scores.critic_review_count,
        "audience_score": scores.audience_score,
        "audience_rating_count_text": scores.audience_rating_count_text,
        "audience_rating_count": scores.audience_rating_count,
        "audience_review_count": scores.audience_review_count,
        "reported_at": document.captured_at,
    }
    items = {(document.source_site,): values}
    sync_keyed(ReportedScore, "reported scores", film, document, report, items, ["source_site"])


def load_critic_reviews(film, record, document, report, publish, cache):
    reviews = record.critic_reviews
    publications = resolve_names(
        Publication, [r.publication for r in reviews], report, "publications", cache
    )
    # A new critic's usual publication is the one they first appear with.
    first_publication = {}
    for review in reviews:
        if review.critic and review.publication:
            first_publication.setdefault(review.critic, publications[review.publication.lower()])
    critics = resolve_names(
        Critic,
        [r.critic for r in reviews],
        report,
        "critics",
        cache,
        lambda name: {"publication_id": first_publication.get(name)},
    )
    existing = [] if report.new_film else list(CriticReview.objects.filter(film=film))
    by_source = {row.source_key: row for row in existing if row.source_key}
    by_author = {(row.critic_id, row.publication_id): row for row in existing}
    sync = RowSync(CriticReview, "critic reviews", film, document, report)
    sync.learn(existing)
    seen = set()
    for review in reviews:
        author = (
            critics[review.critic.lower()] if review.critic else None,
            publications[review.publication.lower()] if review.publication else None,
        )
        source_key = hashlib.sha1(review.raw.encode(), usedforsecurity=False).hexdigest()
        if author in seen:
            report.count("critic reviews", "duplicates in document")
            continue
        seen.add(author)
        row = by_source.get(source_key) or by_author.get(author)
        values = {
            "critic_id": author[0],
            "publication_id": author[1],
            "quote": review.quote,
            "score_text": review.score_text,
            "score": review.score,
            "sentiment": review.sentiment,
            "review_date": review.review_date,
            "note": review.note,
        }
        bookkeeping = {"raw_source": review.raw, "source_key": source_key}
        if row is None:
            bookkeeping |= {"needs_review": review.uncertain, **published_now()}
        elif (row.critic_id, row.publication_id) != author:
            # A split this import settles differently (unless an editor
            # changed the row, which the sync keeps): flagged as sure as it is.
            bookkeeping["needs_review"] = review.uncertain
        sync.apply(
            row, {}, values, bookkeeping, describe=f"by {review.critic or review.publication}"
        )
        unsure = review.uncertain if row is None else row.needs_review
        report.count("critic reviews", "still unsure", int(unsure))
    sync.save()


def load_audience_reviews(film, record, document, report, publish, cache):
    site = document.source_site
    rows = AudienceReview.objects.filter(film=film, source_site=site)
    existing = {} if report.new_film else {row.author_name: row for row in rows.iterator()}
    sync = RowSync(AudienceReview, "audience reviews", film, document, report)
    sync.learn(existing.values())
    seen = set()
    for review in record.audience_reviews:
        if review.author in seen:
            report.count("audience reviews", "duplicates in document")
            continue
        seen.add(review.author)
        values = {"stars": review.stars, "text": review.text, "review_date": review.review_date}
        row = existing.get(review.author)
        sync.apply(
            row,
            {"author_name": review.author, "source_site": site},
            values,
            None if row else published_now(),
            describe=f"by {review.author}",
        )
        if len(sync.new) >= BATCH_SIZE:  # keep memory bounded on huge documents
            sync.save()
    sync.save()
