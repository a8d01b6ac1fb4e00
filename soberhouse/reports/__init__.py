"""Monthly progress: computed once (:mod:`.monthly_progress`) and printed
as PDF (resident report and house summary)."""
