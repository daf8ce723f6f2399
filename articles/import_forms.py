"""The admin's import in two steps. ImportForm takes a file or a pasted text and reads it; ConfirmImportForm
shows the editor what was read — title, byline, date of first publication, publication, address, original or
repost — for them to confirm or correct before anything is written.

Between the two steps the body travels in the page, signed (django.core.signing, with a salt naming the
editor): nothing is stored until the editor confirms, any server can take the confirmation, and a body altered
in the browser, or a page left open for more than a day, is refused rather than imported.
"""

from django import forms
from django.core import signing

from .extraction import FORMATS, extract
from .extraction.headers import canonical
from .importing import DuplicateArticle, check_source_name, read_upload, refuse_duplicate
from .models import Article, Author
from .parsing import MAX_BYTES, Block, ParsedArticle, ParseError, file_size, header_field

SIGNED_FOR = 24 * 60 * 60  # seconds a confirmation page stays valid
ORIGINAL, REPOST = "original", "repost"
STALE = "What was read could not be checked (the page was left open too long, or was changed): read the file again."


class ImportForm(forms.Form):
    required_css_class = "required"
    file = forms.FileField(
        label="File", required=False,
        help_text="A saved web page (.html), a PDF, a Word file (.docx), or a plain UTF-8 text such as the sources'.",
    )
    text = forms.CharField(
        label="Or paste the text", required=False, widget=forms.Textarea(attrs={"rows": 12, "cols": 90}),
        help_text="The title on the first line; a byline (“By …”) and a date may follow; then the paragraphs.",
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if len(text.encode()) > MAX_BYTES:
            raise forms.ValidationError(f"The text is {file_size(len(text.encode()))}; an article may be at most "
                                        f"{file_size(MAX_BYTES)}.")
        return text

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool((data.get("text") or "").strip()) and not self.errors:
            raise forms.ValidationError("Choose a file or paste a text: one of the two.")
        return data

    @property
    def source_name(self) -> str:
        upload = self.cleaned_data.get("file")
        return upload.name if upload else ""

    @property
    def error_field(self) -> str:
        """Where a problem with what was read is shown: under the file, or under the pasted text."""
        return "file" if self.cleaned_data.get("file") else "text"

    def extract(self) -> ParsedArticle:
        """What the file or the text holds; ParseError (a duplicate included) says what is wrong with it."""
        upload = self.cleaned_data.get("file")
        if upload:
            check_source_name(upload.name)
            parsed = extract(read_upload(upload), upload.name)
        else:
            parsed = extract(self.cleaned_data["text"].encode(), "")
        refuse_duplicate(parsed)
        return parsed


class ConfirmImportForm(forms.Form):
    required_css_class = "required"
    document = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(max_length=300)
    subtitle = forms.CharField(max_length=300, required=False)
    authors = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="One name per line, in the byline's order. A name already here is matched, not added twice.",
    )
    publication = forms.CharField(max_length=200, help_text="Where the article first appeared, e.g. Foreign Policy.")
    date_published = forms.DateField(
        label="Date of first publication", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="When it first appeared there: cited, dated and sorted by this.",
    )
    date_precision = forms.ChoiceField(
        label="Known to the", choices=Article.DatePrecision.choices,
        help_text="For “spring 2020”, the year (and any day of it above).",
    )
    canonical_url = forms.URLField(
        label="Address (canonical URL)", max_length=500, required=False, assume_scheme="https",
        help_text="The article's own address; an article already here at this address is refused.",
    )
    origin = forms.ChoiceField(
        label="What you read is", widget=forms.RadioSelect, initial=ORIGINAL,
        choices=[(ORIGINAL, "the original publication"), (REPOST, "a repost: it first appeared elsewhere")],
    )
    reposted_in = forms.CharField(
        label="Reposted in", max_length=200, required=False,
        help_text="For a repost: where you read it, e.g. the USC CPD blog (the first publication goes above).",
    )
    reposted_on = forms.DateField(
        label="Reposted on", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.salt = salt(user)
        self.document: dict = {}

    @classmethod
    def for_document(cls, parsed: ParsedArticle, source_file: str, user) -> "ConfirmImportForm":
        """The form filled with what was read, the body signed in it."""
        carried = {"source_file": source_file, "format": parsed.source_format, "note": parsed.note,
                   "blocks": [[block.kind, block.text] for block in parsed.blocks]}
        initial = {
            "document": signing.dumps(carried, salt=salt(user), compress=True),
            "title": parsed.title, "subtitle": parsed.subtitle, "authors": "\n".join(parsed.authors),
            "publication": parsed.publication, "date_published": parsed.date_published,
            "date_precision": parsed.date_precision, "canonical_url": parsed.canonical_url,
            "origin": REPOST if parsed.reposted_in else ORIGINAL,
            "reposted_in": parsed.reposted_in, "reposted_on": parsed.reposted_on,
        }
        form = cls(initial=initial, user=user)
        form.document = carried
        return form

    def clean_document(self) -> str:
        try:
            self.document = signing.loads(self.cleaned_data["document"], salt=self.salt, max_age=SIGNED_FOR)
        except signing.BadSignature:
            raise forms.ValidationError(STALE) from None
        return self.cleaned_data["document"]

    def clean_title(self) -> str:
        return stored(self.cleaned_data["title"], "title", Article, "title")

    def clean_subtitle(self) -> str:
        return stored(self.cleaned_data["subtitle"], "subtitle", Article, "subtitle")

    def clean_publication(self) -> str:
        return stored(self.cleaned_data["publication"], "publication", Article, "publication")

    def clean_reposted_in(self) -> str:
        return stored(self.cleaned_data["reposted_in"], "site of the repost", Article, "reposted_in")

    def clean_canonical_url(self) -> str:
        address = self.cleaned_data["canonical_url"]
        if address and not (address := canonical(address)):
            raise forms.ValidationError("Give the article's web address, beginning with http:// or https://.")
        return address

    def clean_authors(self) -> list[str]:
        names = [stored(line, "author's name", Author, "name") for line in self.cleaned_data["authors"].splitlines()]
        return list(dict.fromkeys(name for name in names if name))

    def clean(self):
        data = super().clean()
        if data.get("origin") == ORIGINAL:
            data["reposted_in"], data["reposted_on"] = "", None
        elif data.get("origin") == REPOST and not data.get("reposted_in") and "reposted_in" not in self.errors:
            self.add_error("reposted_in", "Say where you read the repost, or choose “the original publication”.")
        if not self.errors:
            try:
                refuse_duplicate(self.parsed())
            except DuplicateArticle as error:
                self.add_error(error.field, str(error))
        return data

    def parsed(self) -> ParsedArticle:
        """The article as the editor confirmed it, with the body that was read."""
        data = self.cleaned_data
        return ParsedArticle(
            title=data["title"], subtitle=data["subtitle"], authors=data["authors"],
            date_published=data["date_published"], date_precision=data["date_precision"],
            publication=data["publication"], reposted_in=data["reposted_in"], reposted_on=data["reposted_on"],
            canonical_url=data["canonical_url"], note=self.document.get("note", ""),
            source_format=self.document.get("format", "text"),
            blocks=[Block(kind, text) for kind, text in self.document.get("blocks", [])],
        )

    @property
    def source_file(self) -> str:
        return self.document.get("source_file", "")

    @property
    def source_label(self) -> str:
        """'a PDF', 'a web page' … for the page to say what it read."""
        return FORMATS.get(self.document.get("format", ""), "document")

    @property
    def blocks(self) -> list[Block]:
        return [Block(kind, text) for kind, text in self.document.get("blocks", [])]


def salt(user) -> str:
    """Signing's salt: one editor's confirmation page is not another's."""
    return f"articles.import:{user.pk}"


def stored(value: str, name: str, model, column: str) -> str:
    """The value as it will be stored (header_field), its ParseError a form error."""
    try:
        return header_field(value, name, model, column)
    except ParseError as error:
        raise forms.ValidationError(str(error)) from None
