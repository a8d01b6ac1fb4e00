"""The Mentoring section: who needs a mentor, suggestions, the roster,
assignments with their check-ins and goals, and the promotion list."""
