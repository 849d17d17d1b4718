"""The arithmetic of the draws: how reviews are spread over films, and how
a rating in 0..1 is written or turned into a chance."""

import math

from .rows import DemoDataError


def allocate(total, weights, cap):
    """Split `total` into integer counts proportional to `weights`, none
    above `cap`, summing exactly to `total`: shares that would pass the cap
    get the cap and the others share the rest, rounded by largest remainder."""
    n = len(weights)
    if total > cap * n:
        raise DemoDataError(f"{total} reviews do not fit on {n} films (at most {cap} each).")
    counts = [0] * n
    free = range(n)
    left = total
    while free and left:
        weight = sum(weights[i] for i in free)
        capped = {i for i in free if left * weights[i] / weight >= cap}
        if not capped:
            shares = [(left * weights[i] / weight, i) for i in free]
            for exact, i in shares:
                counts[i] = int(exact)
            rest = left - sum(counts[i] for i in free)
            by_remainder = sorted(shares, key=lambda share: share[0] % 1, reverse=True)
            for _exact, i in by_remainder[:rest]:
                counts[i] += 1
            break
        for i in capped:
            counts[i] = cap
        left -= cap * len(capped)
        free = [i for i in free if i not in capped]
    return counts


def written_score(rng, rating):
    """A score as a critic writes it, for a rating in 0..1; "" for none."""
    style = rng.random()
    if style < 0.3:
        return ""
    if style < 0.5:
        value = round(rating * 8) / 2
        return f"{value:g}/4"
    if style < 0.65:
        value = max(0.5, round(rating * 10) / 2)
        return f"{value:g}/5"
    if style < 0.85:
        return f"{max(1, round(rating * 10))}/10"
    grades = ["F", "D-", "D", "D+", "C-", "C", "C+", "B-", "B", "B+", "A-", "A", "A+"]
    return grades[min(len(grades) - 1, round(rating * (len(grades) - 1)))]


def chance_above(threshold, mean, spread):
    """P(X >= threshold) for X ~ Normal(mean, spread)."""
    return 0.5 * math.erfc((threshold - mean) / (spread * math.sqrt(2)))


def clamp(value, low=0.0, high=1.0):
    return low if value < low else high if value > high else value
