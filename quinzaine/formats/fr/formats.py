# The festival's own formats; the others are Django's French ones.
FULL_DATE_FORMAT = "l j F Y"
WEEKDAY_FORMAT = "l j F"
SHORT_WEEKDAY_FORMAT = "D j"
SHORT_DAY_FORMAT = "D j b"
