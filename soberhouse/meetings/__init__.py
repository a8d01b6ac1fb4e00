"""House meetings: the weekly schedule, meeting records with motions and
minutes, roll calls, and attendance figures."""
