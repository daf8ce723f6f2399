"""`import_article` with each kind of file: what it prints for the editor to check, since it asks nothing, and
what it refuses — the whole batch — with the file and the reason."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Paragraph
from tests.articles.test_extraction import ADDRESS, BODY, TITLE
from tests.paths import DATA

pytestmark = pytest.mark.django_db


def imported(*names):
    out = StringIO()
    call_command("import_article", *[str(DATA / name) for name in names], stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "name, read_as",
    [
        ("small_embassies.html", f"Read from a web page: by Ana Ruiz, Tomás Berg; first published 14 March 2025 in "
                                 f"The Municipal Dispatch; {ADDRESS}."),
        ("small_embassies.pdf", "Read from a PDF: by Ana Ruiz, Tomás Berg; first published 14 March 2025 in "
                                "The Municipal Dispatch."),
        ("small_embassies.docx", f"Read from a Word document: by Ana Ruiz, Tomás Berg; first published 14 March 2025 "
                                 f"in The Municipal Dispatch; {ADDRESS}."),
    ],
)
def test_the_command_imports_each_format_and_says_what_it_read(name, read_as):
    output = imported(name)
    article = Article.objects.get(title=TITLE)
    assert f"Imported “{TITLE}” as a draft with 8 paragraphs." in output
    assert f"/admin/articles/article/{article.pk}/change/" in output
    assert f"  {read_as}\n" in output
    assert [(p.kind, p.text) for p in article.paragraphs.all()] == BODY
    assert article.status == Article.Status.DRAFT and article.source_file == name


def test_the_sources_format_says_so():
    assert "Read from a plain text in the sources' format: by Lena Okafor, Nina Hachigian; first published " \
           "3 March 2025 in USC Center on Public Diplomacy blog." in imported("sixth_article.txt")


@pytest.mark.parametrize(
    "names, message",
    [
        (["small_embassies.html", "small_embassies.docx"], f"small_embassies.docx: An article at {ADDRESS} is already here"),
        (["small_embassies.pdf", "small_embassies_locked.pdf"], "small_embassies_locked.pdf: The PDF is protected"),
        (["small_embassies.html", "scanned_page.pdf"], "scanned_page.pdf: The PDF has no text to read"),
        (["zip_bomb.docx"], "zip_bomb.docx: The Word file would unpack to 3,814.7 MB"),
        (["random_bytes.bin"], "random_bytes.bin: The file is not a text file"),
    ],
)
def test_the_command_refuses_a_batch_with_a_bad_file_and_writes_nothing(names, message):
    before = (Article.objects.count(), Paragraph.objects.count())
    with pytest.raises(CommandError, match=f"Nothing was imported. .*{message}"):
        imported(*names)
    assert (Article.objects.count(), Paragraph.objects.count()) == before


def test_a_text_that_gives_no_date_is_refused_by_the_command(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("Small Embassies\n\nBy Ana Ruiz\n\nCities now keep offices abroad.\n")
    with pytest.raises(CommandError, match="gives no date of first publication .* Import it in the admin"):
        call_command("import_article", str(path), stdout=StringIO())
    assert not Article.objects.filter(title="Small Embassies").exists()
