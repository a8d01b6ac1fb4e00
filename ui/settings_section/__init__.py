"""Settings: the houses and each house's tier ladder.

Modules: ``section`` (the page), ``house_dialog``, ``tiers_dialog`` and their
table models.  Nothing is imported here, so the first-run page can use the
house dialog without loading the whole section.
"""
