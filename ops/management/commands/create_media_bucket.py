"""Create the media bucket (and a separate private one) and let the public read the pictures alone.

The README's manual production steps: run once before `load_demo` or the first upload. Idempotent: a
bucket already there is kept, and the policy is set again. `--print-policy` prints the policy without
touching the store, for a store whose policies are set in its own console.
"""

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from ops.media_storage import public_read_policy


class Command(BaseCommand):
    help = (
        "Create AWS_STORAGE_BUCKET_NAME (and AWS_PRIVATE_STORAGE_BUCKET_NAME when it is another) and set the"
        " public-read policy on the pictures (AWS_LOCATION/images/, original_images/, avatar_images/) only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--print-policy", action="store_true", help="print the bucket policy (JSON) and change nothing"
        )

    def handle(self, *args, print_policy=False, **options):
        bucket = getattr(settings, "AWS_STORAGE_BUCKET_NAME", "")
        if not bucket:
            raise CommandError(
                "AWS_STORAGE_BUCKET_NAME is not set: the media is on this disk, no bucket is needed."
            )
        policy = public_read_policy(bucket, settings.AWS_LOCATION)
        if print_policy:
            self.stdout.write(policy)
            return
        media, private = storages["default"], storages["private"]
        try:
            for name in dict.fromkeys([media.bucket_name, private.bucket_name]):
                self._create(media.connection.meta.client, name)
            if settings.AWS_QUERYSTRING_AUTH:
                self.stdout.write(
                    "AWS_QUERYSTRING_AUTH is on: pictures are read through signed links, no policy set."
                )
                return
            media.connection.meta.client.put_bucket_policy(Bucket=bucket, Policy=policy)
        except (BotoCoreError, ClientError) as error:
            raise CommandError(f"The media store refused or did not answer: {error}") from error
        self.stdout.write(
            f"Bucket {bucket}: the public may read {settings.AWS_LOCATION}/images/, "
            f"original_images/ and avatar_images/, nothing else."
        )

    def _create(self, client, name):
        try:
            client.head_bucket(Bucket=name)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket"):
                raise
        else:
            self.stdout.write(f"Bucket {name} is already there.")
            return
        region = client.meta.region_name
        where = (
            {}
            if region in (None, "us-east-1")
            else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        )
        client.create_bucket(Bucket=name, **where)
        self.stdout.write(f"Bucket {name} created.")
