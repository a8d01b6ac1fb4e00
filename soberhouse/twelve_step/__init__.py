"""12-step participation: outside meetings against the weekly quota,
sponsors, and step work."""
