"""The public pages and feeds, one module per part of the site; events/urls.py routes to them.

- editions: the home page (the current edition), an edition's page, the list of editions.
- programme: an edition's sessions by day with the filters (events/filters.py) and quick links.
- events: an event's page.
- venues: the map of venues and a venue's page (venues/ holds the Venue model only).
- partners: the partners' list and a partner's page.
- selection: a visitor's starred events, and their signed feed URL.
- calendar: the iCalendar feeds (built by events/ical.py).
- proposals: the public proposal form and the proposer's follow-up page.
- embed: the widget partners put on their sites, its generator, the open data page.
- common: staff previews of what the public does not see yet.

A request goes: quinzaine/urls.py (language prefix, page cache in quinzaine/caching.py)
→ events/urls.py → a view here → a template in templates/events/ or templates/venues/, or
a calendar built by events/ical.py.
"""
