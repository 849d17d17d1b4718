"""Create a local superuser for development, once.

`make run` calls this so a newcomer can log in to the admin at once. The
password is random and printed only when the account is created.
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the local admin account (printing its password once) if it does not exist."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Admin account '{username}' already exists (password unchanged).")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created admin account '{username}' with password: {password}\n"
                "It is shown only this once; change it with "
                f"'manage.py changepassword {username}'."
            )
        )
