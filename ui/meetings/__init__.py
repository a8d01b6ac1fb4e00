"""The Meetings section: house meetings, roll call and attendance."""
