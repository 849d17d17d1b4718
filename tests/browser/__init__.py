"""Browser tests: each page type through Debian's chromium, with axe-core, and a
visitor's journey. Their seed content is in seed.py."""
