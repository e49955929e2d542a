"""Voice models a user installs once.

Found in a folder or by path (:mod:`.files`), added from a file or a web address with their
checksum verified (:mod:`.install`), listed (:mod:`.listing`).
"""
