"""Password reset e-mails for organisers, within limits: a stranger cannot use them to spam."""

from django.contrib.auth.forms import PasswordResetForm

from quinzaine import limits
from quinzaine.security import client_ip

# Reset e-mails asked in an hour: from one client address, to one address, from everyone.
RESETS = limits.Limit("password-reset", per_address=5, per_recipient=3, overall=30)


class LimitedPasswordResetForm(PasswordResetForm):
    """Django's reset form, which sends nothing past RESETS.

    The page that follows is the same either way: it never tells whether an e-mail left,
    as Django's does not tell whether the address is an account's.
    """

    def save(self, *args, request=None, **kwargs):
        address = (client_ip(request) or "") if request else ""
        if limits.allow(RESETS, address, self.cleaned_data["email"]):
            super().save(*args, request=request, **kwargs)
