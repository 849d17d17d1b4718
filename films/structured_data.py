"""schema.org structured data (JSON-LD) for film and people pages."""


def absolute_urls(request):
    """absolute(path), request.build_absolute_uri() for the links of one page:
    the scheme and host are checked once, not once per link."""
    root = request.build_absolute_uri("/")[:-1]

    def absolute(path):
        if path.startswith("/") and not path.startswith("//") and "/." not in path:
            return root + path
        return request.build_absolute_uri(path)

    return absolute


def movie(page, request):
    """`page`: a films.film_page.FilmPage."""
    film = page.film
    absolute = absolute_urls(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Movie",
        "name": film.title,
        "url": absolute(film.get_absolute_url()),
    }
    if film.year:
        data["dateCreated"] = str(film.year)
    if film.synopsis:
        data["description"] = film.synopsis
    if film.runtime_minutes:
        data["duration"] = f"PT{film.runtime_minutes // 60}H{film.runtime_minutes % 60}M"
    if film.certification:
        data["contentRating"] = film.certification
    genres = [genre.name for genre in page.genres]
    if genres:
        data["genre"] = genres
    if film.poster:
        data["image"] = absolute(film.poster.url)
    credits = page.credits
    for role, key in (("director", "director"), ("cast", "actor"), ("producer", "producer")):
        people = [
            {
                "@type": "Person",
                "name": c.person.name,
                "url": absolute(c.person.get_absolute_url()),
            }
            for c in credits
            if c.role == role
        ]
        if people:
            data[key] = people
    if film.tomatometer is not None and film.tomatometer_count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": film.tomatometer,
            "bestRating": 100,
            "worstRating": 0,
            "ratingCount": film.tomatometer_count,
            "name": "Tomatometer",
        }
    reviews = []
    for review in page.top_critic_reviews:
        item = {
            "@type": "Review",
            "reviewBody": review.quote,
            "author": {
                "@type": "Person" if review.critic else "Organization",
                "name": review.critic.name if review.critic else review.publication.name,
            },
        }
        if review.publication:
            item["publisher"] = {"@type": "Organization", "name": review.publication.name}
        if review.review_date:
            item["datePublished"] = review.review_date
        if review.score is not None:
            item["reviewRating"] = {
                "@type": "Rating",
                "ratingValue": review.score,
                "bestRating": 100,
            }
        reviews.append(item)
    for review in page.top_audience_reviews:
        item = {
            "@type": "Review",
            "reviewBody": review.text,
            "author": {"@type": "Person", "name": review.author_name},
        }
        if review.stars is not None:
            item["reviewRating"] = {
                "@type": "Rating",
                "ratingValue": float(review.stars),
                "bestRating": 5,
            }
        if review.review_date:
            item["datePublished"] = review.review_date
        reviews.append(item)
    if reviews:
        data["review"] = reviews
    return data


def person(person, request, films):
    absolute = absolute_urls(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": absolute(person.get_absolute_url()),
    }
    if person.birth_date:
        data["birthDate"] = person.birth_date
    if person.biography:
        data["description"] = person.biography
    if person.photo:
        data["image"] = absolute(person.photo.url)
    if films:
        data["performerIn"] = [
            {
                "@type": "Movie",
                "name": film.title,
                "url": absolute(film.get_absolute_url()),
            }
            for film in films
        ]
    return data
