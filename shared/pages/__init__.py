"""The public pages a customer opens from an email (consent, survey): server-rendered HTML, no sign-in."""
