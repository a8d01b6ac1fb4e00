"""The 12-Step section: outside meetings against the weekly quota (with the
week's signed cards entered in one go), sponsors and step work."""
