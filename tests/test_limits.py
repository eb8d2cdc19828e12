"""What an anonymous client can make the site do in an hour is bounded (quinzaine.limits).

Limits are counted in the database: every server process sees the same counts, and no
flood of page requests can evict them. Each test empties every cache between requests,
as a request landing on another server process, or after an eviction, would see them.
"""

import datetime
import io

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from PIL import Image

from events import proposals
from events.models import Proposal
from quinzaine import limits, uploads
from quinzaine.limits import Limit
from quinzaine.models import Attempt, PendingUpload
from quinzaine.password_reset import RESETS
from tests.factories import make_edition, make_venue
from tests.helpers import days_from_now, organiser_user, proposal_data

pytestmark = pytest.mark.django_db
PROPOSE_URL = "/proposer/"


@pytest.fixture
def edition():
    return make_edition(
        slug="a-venir",
        starts_on=days_from_now(20),
        ends_on=days_from_now(34),
        proposals_open_on=days_from_now(-3),
        proposals_close_on=days_from_now(10),
    )


@pytest.fixture
def venue():
    return make_venue(name="Médiathèque José Cabanis", town="Toulouse", slug="cabanis")


def evict_caches():
    for alias in settings.CACHES:
        caches[alias].clear()


def post_from(address, data, files=None):
    """Post the proposal form as a new server process would receive it: caches empty."""
    evict_caches()
    return Client(REMOTE_ADDR=address).post(PROPOSE_URL, {**data, **(files or {})})


def picture(size=(1200, 900)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "crimson").save(buffer, format="PNG")
    return SimpleUploadedFile("affiche.png", buffer.getvalue(), content_type="image/png")


class TestProposals:
    def test_five_an_hour_from_one_address_whatever_process_and_cache(self, edition, venue):
        statuses = [
            post_from(
                "198.51.100.1", proposal_data(edition, venue, email=f"p{n}@example.org")
            ).status_code
            for n in range(proposals.RATE_LIMIT + 2)
        ]
        assert statuses == [302] * proposals.RATE_LIMIT + [429, 429]
        assert Proposal.objects.count() == proposals.RATE_LIMIT

    def test_three_an_hour_to_one_e_mail_address_from_any_address(self, edition, venue):
        statuses = [
            post_from(f"198.51.100.{n}", proposal_data(edition, venue)).status_code
            for n in range(5)
        ]
        assert statuses == [302, 302, 302, 429, 429]
        proposers = [message for message in mail.outbox if message.to == ["lea@example.org"]]
        assert len(proposers) == 3

    def test_overall_limit_holds_for_many_addresses(self, edition, venue, monkeypatch):
        monkeypatch.setattr(proposals, "SENT", Limit("proposal", 5, overall=4, per_recipient=3))
        statuses = [
            post_from(
                f"203.0.113.{n}", proposal_data(edition, venue, email=f"p{n}@example.org")
            ).status_code
            for n in range(6)
        ]
        assert statuses == [302] * 4 + [429, 429]

    def test_refused_posts_count_too_and_cost_no_rows_once_refused(self, edition, venue):
        empty = proposal_data(edition, venue, title="")
        statuses = [post_from("198.51.100.9", empty).status_code for _ in range(30)]
        assert statuses == [200] * proposals.POSTS.per_address + [429] * 10
        assert Attempt.objects.filter(action="proposal-post").count() == 20

    def test_a_page_flood_does_not_reset_the_count(self, client, edition, venue):
        for n in range(proposals.RATE_LIMIT):
            post_from("198.51.100.1", proposal_data(edition, venue, email=f"p{n}@example.org"))
        for n in range(300):
            client.get(f"/?utm={n}")  # Fills the page cache with entries of its own.
        again = post_from("198.51.100.1", proposal_data(edition, venue, email="x@example.org"))
        assert again.status_code == 429


class TestKeptImages:
    def test_nothing_is_kept_for_a_form_a_robot_filled(self, edition, venue):
        data = proposal_data(edition, venue, homepage="http://spam.example", image_alt="Affiche")
        response = post_from("198.51.100.1", data, {"image": picture()})
        assert response.status_code == 200
        assert PendingUpload.objects.count() == 0

    def test_kept_images_are_private_capped_per_address_and_expire(
        self, edition, venue, media_root
    ):
        # Refused for its title only: the image is kept to send back, a few per address.
        data = proposal_data(edition, venue, title="", image_alt="Affiche")
        pages = [post_from("198.51.100.1", data, {"image": picture()}) for _ in range(8)]
        kept = [b"image__kept" in page.content for page in pages]
        assert kept == [True] * uploads.KEPT_PER_ADDRESS + [False] * 3
        assert PendingUpload.objects.count() == uploads.KEPT_PER_ADDRESS
        # Nothing under /media/: the kept copies are in the database only.
        assert not media_root.exists() or not any(media_root.rglob("*.png"))
        stored = PendingUpload.objects.values_list("size", flat=True)
        assert sum(stored) <= uploads.KEPT_PER_ADDRESS * settings.MAX_IMAGE_UPLOAD_SIZE

    def test_total_size_kept_is_capped_for_all_addresses(self, edition, venue, monkeypatch):
        monkeypatch.setattr(uploads, "KEPT_TOTAL_BYTES", 3 * len(picture().read()))
        data = proposal_data(edition, venue, title="", image_alt="Affiche")
        for n in range(6):
            post_from(f"203.0.113.{n}", data, {"image": picture()})
        assert PendingUpload.objects.count() == 3

    def test_a_kept_image_comes_back_once_the_form_is_corrected(self, edition, venue):
        data = proposal_data(edition, venue, title="", image_alt="Affiche")
        refused = post_from("198.51.100.1", data, {"image": picture()})
        token = refused.content.decode().split('name="image__kept" value="')[1].split('"')[0]
        fixed = proposal_data(edition, venue, image_alt="Affiche", image__kept=token)
        assert post_from("198.51.100.1", fixed).status_code == 302
        proposal = Proposal.objects.get()
        with Image.open(proposal.image) as image:
            assert image.size == (1200, 900)

    def test_expired_images_cannot_be_brought_back_and_are_pruned(self, edition, venue):
        data = proposal_data(edition, venue, title="", image_alt="Affiche")
        refused = post_from("198.51.100.1", data, {"image": picture()})
        token = refused.content.decode().split('name="image__kept" value="')[1].split('"')[0]
        PendingUpload.objects.update(
            created_at=PendingUpload.objects.get().created_at
            - datetime.timedelta(hours=uploads.KEPT_HOURS, minutes=1)
        )
        assert uploads.restore(token) is None
        call_command("prune", stdout=io.StringIO())
        assert PendingUpload.objects.count() == 0


class TestPasswordReset:
    def test_reset_e_mails_are_limited_per_address_across_processes(self):
        user = organiser_user()
        user.email = "camille@example.org"
        user.save()
        pages = []
        for n in range(6):
            evict_caches()
            client = Client(REMOTE_ADDR=f"198.51.100.{n}")
            pages.append(client.post("/admin/password_reset/", {"email": "camille@example.org"}))
        # The same answer every time, but three e-mails only.
        assert [page.status_code for page in pages] == [302] * 6
        assert len(mail.outbox) == RESETS.per_recipient == 3

    def test_one_client_asking_for_many_addresses_is_limited_too(self):
        for n in range(8):
            evict_caches()
            Client(REMOTE_ADDR="198.51.100.1").post(
                "/admin/password_reset/", {"email": f"x{n}@example.org"}
            )
        assert Attempt.objects.filter(action="password-reset").count() == RESETS.per_address


def test_counts_are_keyed_hashes_not_addresses():
    assert limits.allow(Limit("essai", per_address=1, overall=10), "198.51.100.7", "a@b.example")
    row = Attempt.objects.get()
    assert "198.51.100.7" not in (row.address + row.recipient)
    assert len(row.address) == len(row.recipient) == 64
