"""Screens for support staff: victim records, codes, representatives, assisted sessions and
the re-consent work-list. Every action is done with the staff member's own account and
recorded on the server."""
