"""Where the tests find the repository and their own data, wherever their module sits in tests/."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SIXTH_ARTICLE = DATA / "sixth_article.txt"
