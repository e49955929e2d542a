"""The web family: the HTML edition of a release (the download pages: publisher.bundle)."""
