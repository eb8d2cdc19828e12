"""The partners' read API, /api/v1/: the programme as JSON, for other sites and tools.

- serializers.py: what each object says, in the language asked, with its public URLs;
- views.py: the lists and details, filtered as the programme is (events.filters);
- limits.py: the language of a request, the rate limit, the headers every answer carries;
- urls.py: the addresses, the OpenAPI schema among them.

Read-only and anonymous; answers go through the page cache (quinzaine.caching) like pages.
"""
