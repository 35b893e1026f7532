"""HTTP routes of the application."""
