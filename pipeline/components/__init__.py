"""Registered spaCy components; each writes candidate spans to ``doc.spans[<its name>]``
(``tf_bodies`` holds working groups and dialogues, the span label tells them apart).

Importing this package registers every factory (``@Language.factory``); the same
factories are exposed through the ``spacy_factories`` entry point. Each factory's
default config names the data files (``pipeline/patterns``) its rules read, and it
declares the span keys it assigns and requires (as ``doc._.<key>``, a view of the
span group) so ``nlp.analyze_pipes()`` checks the order.
"""

from pipeline.components import (  # noqa: F401  (import registers the factories)
    agreements,
    bodies,
    boilerplate,
    countries,
    dates,
    events,
    officials,
    organizations,
    places,
)
from pipeline.components.base import SPAN_KEYS

# The order matters: later components read the spans of earlier ones.
PIPELINE_ORDER: tuple[str, ...] = (
    "tf_boilerplate",
    "tf_countries",
    "tf_dates",
    "tf_places",
    "tf_organizations",
    "tf_officials",
    "tf_bodies",
    "tf_events",
    "tf_agreements",
)

__all__ = ["PIPELINE_ORDER", "SPAN_KEYS"]
