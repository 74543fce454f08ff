"""Where the course's pictures are read, and how small their text may be, in CSS px.

tests/test_figures.py and tests/test_readme_pictures.py work out how big a picture's text
looks from the width of the column that shows it (a picture wider than its column is
shrunk to it, text included); tests/test_site.py measures the site's column in a browser.
"""

from __future__ import annotations

#: The course site's text column in a 1,000 px window (sphinx-book-theme): the home page
#: (README.md) and every notebook page.
SITE_COLUMN_PX = 736.0
#: GitHub's README column on a desktop browser.
GITHUB_COLUMN_PX = 830.0
#: The smallest text people read without zooming.
MIN_TEXT_PX = 11.0
