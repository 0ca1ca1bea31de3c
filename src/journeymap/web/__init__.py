"""The studio: a web application in which a team builds, discusses and co-edits maps."""
