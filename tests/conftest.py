"""Settings for the whole suite."""

from hypothesis import settings

# Hypothesis' per-example deadline (200 ms) is a timing test in disguise: on a loaded CI machine a slow
# example fails a property that holds. Speed is measured by the benchmarks under bench/, never by tests.
settings.register_profile("bargaining", deadline=None)
settings.load_profile("bargaining")
