"""Tiered mentoring: who mentors whom, whether it really happens, and goals.

Modules, by what they hold:

- :mod:`.settings`: a house's mentoring choices (pair by gender, when a
  check-in is overdue).
- :mod:`.profiles`: what matching looks at (gender, fellowship, languages,
  focus areas) and a resident's own profile.
- :mod:`.mentees`: residents as mentees (tier, house, profile), in bulk.
- :mod:`.mentors`: the mentor records (resident mentors, alumni, staff
  coaches), registering and stopping them, and whether one may mentor now.
- :mod:`.pairing`: the rules that decide whether a mentor may take a mentee.
- :mod:`.certification`: staff coaches' certificates, continuing education
  and the warnings about them.
- :mod:`.assignments`: pairing, ending and reassigning, with the full history.
- :mod:`.check_ins`: logging contacts and reading them back.
- :mod:`.goals`: SMART goals and their reviews.
- :mod:`.suggestions`: ranked mentors for a mentee without one.
- :mod:`.roster`: the roster and the lists the mentoring section opens with.

Everything is plain functions over plain values returning dataclasses; every
rule raises :class:`soberhouse.errors.RuleViolation` before saving anything.
"""
