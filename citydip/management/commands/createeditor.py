import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from citydip.core.admin.editors import GROUP_NAME, grant_editor_permissions


class Command(BaseCommand):
    help = (
        "Create a user in the Editors group, who can sign in to /admin/ and curate content. "
        "The password is asked for, or read from CITYDIP_EDITOR_PASSWORD for scripts."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, username, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        password = os.environ.get("CITYDIP_EDITOR_PASSWORD") or self.ask_password()
        user = User(username=username, email=email, is_staff=True)
        try:
            User._meta.get_field("username").run_validators(username)
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        user.save()
        group = Group.objects.filter(name=GROUP_NAME).first() or grant_editor_permissions(Group, Permission)
        user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"Editor {username!r} created; they can sign in at /admin/."))

    def ask_password(self):
        if not os.isatty(0):
            raise CommandError("No terminal to ask for a password: set CITYDIP_EDITOR_PASSWORD.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return password
