"""Demo data: the 2023 Quinzaine du Japon en Occitanie and the 2022 Semaine du Japon.

Facts come from the festival's public press texts (dates, towns, partners); the
programme itself is a plausible illustration, not the real one. Loading is
idempotent: objects are found by their slugs and updated in place.
"""

import datetime
import io
import textwrap

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from events.models import (
    Category,
    Edition,
    EditionPartner,
    Event,
    Partner,
    Session,
    Theme,
    whole_days,
)
from events.scheduling import generate_sessions
from events.text import strip_accents
from venues.models import Venue

DEMO_USERNAME = "organisatrice"
DEMO_PASSWORD = "quinzaine-demo-2023"

# slug: name, address, postcode, town, département, latitude, longitude, PMR
VENUES = {
    "carre-d-art-nimes": (
        "Carré d'Art",
        "Place de la Maison Carrée",
        "30000",
        "Nîmes",
        "30",
        "43.838100",
        "4.355900",
        True,
    ),
    "theatre-de-nimes": (
        "Théâtre de Nîmes",
        "1 place de la Calade",
        "30000",
        "Nîmes",
        "30",
        "43.837700",
        "4.359300",
        True,
    ),
    "imt-mines-ales": (
        "IMT Mines Alès",
        "6 avenue de Clavières",
        "30100",
        "Alès",
        "30",
        "44.133400",
        "4.087200",
        True,
    ),
    "mairie-uchaud": (
        "Salle des fêtes d'Uchaud",
        "Place de la Mairie",
        "30620",
        "Uchaud",
        "30",
        "43.758600",
        "4.268600",
        False,
    ),
    "hotel-de-region-toulouse": (
        "Hôtel de Région",
        "22 boulevard du Maréchal Juin",
        "31400",
        "Toulouse",
        "31",
        "43.592600",
        "1.449300",
        True,
    ),
    "ut1-capitole": (
        "Université Toulouse 1 Capitole",
        "2 rue du Doyen-Gabriel-Marty",
        "31000",
        "Toulouse",
        "31",
        "43.606600",
        "1.437900",
        True,
    ),
    "cinematheque-toulouse": (
        "Cinémathèque de Toulouse",
        "69 rue du Taur",
        "31000",
        "Toulouse",
        "31",
        "43.606900",
        "1.442300",
        True,
    ),
    "l-usine-tournefeuille": (
        "L'Usine",
        "6 impasse Marcel Paul",
        "31170",
        "Tournefeuille",
        "31",
        "43.578800",
        "1.336800",
        True,
    ),
    "dojo-toulouse": (
        "Dojo du Japon",
        "12 allée de Barcelone",
        "31000",
        "Toulouse",
        "31",
        "43.607400",
        "1.432500",
        False,
    ),
    "hotel-de-region-montpellier": (
        "Hôtel de Région",
        "201 avenue de la Pompignane",
        "34000",
        "Montpellier",
        "34",
        "43.610400",
        "3.898000",
        True,
    ),
    "universite-montpellier": (
        "Université de Montpellier – campus Triolet",
        "Place Eugène Bataillon",
        "34090",
        "Montpellier",
        "34",
        "43.632000",
        "3.862500",
        True,
    ),
    "mediatheque-sete": (
        "Médiathèque de Sète",
        "Boulevard Danielle Casanova",
        "34200",
        "Sète",
        "34",
        "43.403000",
        "3.693000",
        True,
    ),
    "scene-nationale-albi": (
        "Scène nationale d'Albi",
        "Place de l'Amitié entre les Peuples",
        "81000",
        "Albi",
        "81",
        "43.927300",
        "2.144600",
        True,
    ),
    "mediatheque-albi": (
        "Médiathèque Pierre-Amalric",
        "30 avenue du Général de Gaulle",
        "81000",
        "Albi",
        "81",
        "43.929900",
        "2.150800",
        True,
    ),
    "castres-espace": (
        "Espace culturel de Castres",
        "Place de la République",
        "81100",
        "Castres",
        "81",
        "43.606000",
        "2.240000",
        True,
    ),
    "perpignan-mediatheque": (
        "Médiathèque de Perpignan",
        "15 rue Émile Zola",
        "66000",
        "Perpignan",
        "66",
        "42.699400",
        "2.894300",
        True,
    ),
    "font-romeu-stade": (
        "Centre d'entraînement en altitude",
        "Avenue Pierre de Coubertin",
        "66120",
        "Font-Romeu-Odeillo-Via",
        "66",
        "42.512900",
        "2.041800",
        True,
    ),
    "carcassonne-chapelle": (
        "Chapelle des Dominicaines",
        "Rue de Verdun",
        "11000",
        "Carcassonne",
        "11",
        "43.213000",
        "2.349100",
        False,
    ),
    "narbonne-lycee": (
        "Lycée Docteur-Lacroix",
        "Rue Gustave Fabre",
        "11100",
        "Narbonne",
        "11",
        "43.184000",
        "3.004200",
        True,
    ),
    "rodez-musee": (
        "Salle d'exposition de Rodez",
        "Place Foch",
        "12000",
        "Rodez",
        "12",
        "44.350600",
        "2.575000",
        True,
    ),
    "foix-salle": (
        "Salle polyvalente de Foix",
        "Allées de Villote",
        "09000",
        "Foix",
        "09",
        "42.965300",
        "1.606900",
        True,
    ),
    "auch-cinema": (
        "Cinéma d'Auch",
        "Place de la Libération",
        "32000",
        "Auch",
        "32",
        "43.646500",
        "0.585500",
        True,
    ),
    "cahors-mediatheque": (
        "Médiathèque de Cahors",
        "185 avenue Jean Jaurès",
        "46000",
        "Cahors",
        "46",
        "44.447500",
        "1.441900",
        True,
    ),
    "mende-espace": (
        "Espace Georges-Frêche",
        "Avenue du 11 Novembre",
        "48000",
        "Mende",
        "48",
        "44.518100",
        "3.500600",
        True,
    ),
    "tarbes-parc-expo": (
        "Parc des expositions de Tarbes",
        "Boulevard Kennedy",
        "65000",
        "Tarbes",
        "65",
        "43.232800",
        "0.078100",
        True,
    ),
    "montauban-ancien-college": (
        "Ancien Collège",
        "Place Prax-Paris",
        "82000",
        "Montauban",
        "82",
        "44.017600",
        "1.355000",
        False,
    ),
}

# slug: name, kind, website, description
PARTNERS = {
    "region-occitanie": (
        "Région Occitanie",
        "founding",
        "https://www.laregion.fr",
        "Membre fondateur de la Quinzaine, partenaire de la coopération avec le Japon depuis 2015.",
    ),
    "fondation-groupe-depeche": (
        "Fondation Groupe Dépêche",
        "founding",
        "",
        "Membre fondateur de la Quinzaine du Japon en Occitanie.",
    ),
    "ambassade-du-japon": (
        "Ambassade du Japon en France",
        "founding",
        "https://www.fr.emb-japan.go.jp",
        "Membre fondateur de la Quinzaine du Japon en Occitanie.",
    ),
    "association-yujo": (
        "Association Yujo",
        "association",
        "",
        "Yujo signifie « amitié » en japonais : l'association porte la Quinzaine.",
    ),
    "cricao": ("Cricao", "association", "", "Association très active dans la Quinzaine du Japon."),
    "club-japon-occitanie": (
        "Club Japon Occitanie",
        "company",
        "",
        "Une cinquantaine d'entreprises régionales intéressées par le Japon, réunies depuis 2023.",
    ),
    "ad-occ": (
        "Ad'Occ",
        "institution",
        "",
        "Agence régionale de développement économique ; anime Team Invest Japan Occitanie.",
    ),
    "ut1-capitole": (
        "Université Toulouse 1 Capitole",
        "school",
        "",
        "Université partenaire d'échanges avec le Japon.",
    ),
    "universite-montpellier": (
        "Université de Montpellier",
        "school",
        "",
        "Université partenaire d'échanges avec le Japon.",
    ),
    "imt-mines-ales": (
        "IMT Mines Alès",
        "school",
        "",
        "École d'ingénieurs engagée dans des coopérations avec le Japon.",
    ),
    "l-usine": (
        "L'Usine, centre national des arts de la rue",
        "association",
        "",
        "Lieu de création à Tournefeuille, en lien avec la scène japonaise.",
    ),
    "sericyne": ("Séricyne", "company", "", "Entreprise occitane de la soie, installée à Bagard."),
}

EDITION_PARTNERS_2023 = [
    ("region-occitanie", "founding"),
    ("fondation-groupe-depeche", "founding"),
    ("ambassade-du-japon", "founding"),
    ("association-yujo", "partner"),
    ("cricao", "partner"),
    ("club-japon-occitanie", "partner"),
    ("ad-occ", "institutional"),
    ("ut1-capitole", "institutional"),
    ("universite-montpellier", "institutional"),
    ("imt-mines-ales", "institutional"),
]

# An event: slug, title, category, venue, themes, audience, free?, booking, organisers,
# summary, sessions. A session: (day of November, start "HH:MM" or None for the whole
# day, end "HH:MM" or last day for a whole-day span, optional venue, optional status).
EVENTS_2023 = [
    (
        "lancement-nimes",
        "Soirée de lancement de la Quinzaine",
        "spectacle",
        "theatre-de-nimes",
        ["culture"],
        "all",
        True,
        "required",
        ["region-occitanie", "association-yujo"],
        "Ouverture officielle à Nîmes : tambours taiko, présentation du programme et rencontre des partenaires.",
        [(10, "18:30", "21:30")],
        {"highlight": "opening", "is_featured": True},
    ),
    (
        "cloture-albi",
        "Soirée de clôture à Albi",
        "spectacle",
        "scene-nationale-albi",
        ["culture"],
        "all",
        True,
        "recommended",
        ["region-occitanie", "fondation-groupe-depeche"],
        "Concert de koto et shakuhachi, puis bilan de la quinzaine avec les partenaires.",
        [(24, "19:00", "22:00")],
        {"highlight": "closing", "is_featured": True},
    ),
    (
        "estampes-japonaises",
        "Exposition : estampes japonaises, le monde flottant",
        "exposition",
        "carre-d-art-nimes",
        ["culture"],
        "all",
        True,
        "none",
        ["cricao"],
        "Une sélection d'estampes ukiyo-e, de paysages et de scènes de théâtre kabuki.",
        "daily-10-18-except-monday",
        {"is_featured": True},
    ),
    (
        "soie-sericyne",
        "Exposition : la soie, du mûrier au tissu",
        "exposition",
        "mairie-uchaud",
        ["economie", "science"],
        "all",
        True,
        "none",
        ["sericyne"],
        "Comment naît le fil de soie : élevage, filage et créations contemporaines.",
        [(13, None, 19)],
        {},
    ),
    (
        "calligraphie-albi",
        "Exposition de calligraphie japonaise",
        "exposition",
        "mediatheque-albi",
        ["culture", "education"],
        "all",
        True,
        "none",
        ["cricao"],
        "Œuvres de calligraphes d'Occitanie et du Japon, du pinceau au sceau.",
        [(14, None, 24)],
        {},
    ),
    (
        "atelier-sushi-toulouse",
        "Atelier culinaire : makis et sushis",
        "atelier-culinaire",
        "dojo-toulouse",
        ["culture"],
        "all",
        False,
        "required",
        ["association-yujo"],
        "Apprenez le riz vinaigré, la découpe du poisson et le roulage des makis.",
        [(11, "10:00", "12:30"), (18, "10:00", "12:30", None, "full")],
        {"price": "25 € ingrédients compris", "capacity": 12},
    ),
    (
        "atelier-ramen-montpellier",
        "Atelier culinaire : le bouillon des ramen",
        "atelier-culinaire",
        "universite-montpellier",
        ["culture"],
        "all",
        False,
        "required",
        ["universite-montpellier"],
        "Bouillon, tare et nouilles : les bases d'un bol de ramen fait maison.",
        [(15, "18:00", "21:00"), (22, "18:00", "21:00")],
        {"price": "20 €", "capacity": 10},
    ),
    (
        "atelier-wagashi-perpignan",
        "Atelier culinaire : wagashi, pâtisseries du thé",
        "atelier-culinaire",
        "perpignan-mediatheque",
        ["culture"],
        "young",
        False,
        "required",
        ["cricao"],
        "Façonner des douceurs à la pâte de haricot rouge, pour petits et grands.",
        [(15, "14:00", "16:00"), (22, "14:00", "16:00")],
        {"price": "12 €, 8 € moins de 12 ans", "capacity": 14},
    ),
    (
        "atelier-bento-cahors",
        "Atelier culinaire : composer un bento",
        "atelier-culinaire",
        "cahors-mediatheque",
        ["culture"],
        "young",
        True,
        "required",
        ["cricao"],
        "Riz, légumes et omelette roulée : un repas équilibré dans une boîte.",
        [(18, "10:00", "12:00")],
        {"capacity": 15},
    ),
    (
        "projection-ozu",
        "Projection : Voyage à Tokyo",
        "projection",
        "cinematheque-toulouse",
        ["culture"],
        "all",
        False,
        "recommended",
        ["cricao"],
        "Le classique de 1953 en version restaurée, présenté par un historien du cinéma.",
        [(12, "16:00", "18:30"), (19, "20:30", "23:00")],
        {"price": "7 €, 5 € réduit", "languages": "japonais sous-titré français"},
    ),
    (
        "projection-animation-tournee",
        "Projections en tournée : le cinéma d'animation japonais",
        "projection",
        "auch-cinema",
        ["culture", "education"],
        "young",
        False,
        "none",
        ["cricao"],
        "Un programme de courts métrages d'animation qui circule dans quatre villes.",
        [
            (11, "15:00", "16:30"),
            (14, "18:00", "19:30", "rodez-musee"),
            (17, "18:00", "19:30", "foix-salle"),
            (21, "18:00", "19:30", "montauban-ancien-college"),
        ],
        {"price": "5 €", "languages": "japonais sous-titré français"},
    ),
    (
        "projection-documentaire-kyoto",
        "Projection-débat : Kyoto, ville d'artisans",
        "projection",
        "carcassonne-chapelle",
        ["culture", "economie"],
        "all",
        True,
        "none",
        ["association-yujo"],
        "Un documentaire sur les métiers d'art de Kyoto, suivi d'un échange avec le public.",
        [(16, "19:00", "21:00")],
        {},
    ),
    (
        "meditation-zen",
        "Initiation à la méditation zen",
        "meditation",
        "dojo-toulouse",
        ["culture"],
        "all",
        True,
        "required",
        ["association-yujo"],
        "Posture, souffle et silence : une première séance de zazen guidée.",
        [(12, "09:30", "11:00"), (19, "09:30", "11:00")],
        {"capacity": 20},
    ),
    (
        "meditation-montagne",
        "Méditation en pleine nature",
        "meditation",
        "font-romeu-stade",
        ["sport", "culture"],
        "all",
        True,
        "recommended",
        ["association-yujo"],
        "Marche lente et méditation en altitude, inspirées du shinrin-yoku.",
        [(18, "10:00", "12:00")],
        {},
    ),
    (
        "conference-kyoto-occitanie",
        "Conférence : Occitanie et Kyoto, huit ans de coopération",
        "conference",
        "hotel-de-region-toulouse",
        ["economie", "culture", "education"],
        "all",
        True,
        "recommended",
        ["region-occitanie"],
        "Retour sur l'accord signé en 2015 avec la préfecture de Kyoto et sur ses fruits.",
        [(13, "18:00", "19:30")],
        {"is_featured": True},
    ),
    (
        "conference-aichi",
        "Conférence : l'industrie du futur, regards croisés avec Aichi",
        "conference",
        "imt-mines-ales",
        ["economie", "science"],
        "professionals",
        True,
        "required",
        ["imt-mines-ales", "ad-occ"],
        "Robotique, hydrogène et automobile : ce que partagent l'Occitanie et la préfecture d'Aichi.",
        [(16, "14:00", "17:00")],
        {},
    ),
    (
        "conference-espace",
        "Conférence : le Japon et l'espace",
        "conference",
        "ut1-capitole",
        ["science"],
        "all",
        True,
        "none",
        ["ut1-capitole"],
        "Des débris spatiaux aux lanceurs : les coopérations spatiales entre Toulouse et le Japon.",
        [(20, "18:30", "20:00")],
        {},
    ),
    (
        "conference-hiroshima",
        "Conférence : Hiroshima, mémoire et paix",
        "conference",
        "montauban-ancien-college",
        ["culture", "education"],
        "all",
        True,
        "none",
        ["region-occitanie"],
        "La Région et le réseau Mayors for Peace : transmettre la mémoire d'Hiroshima.",
        [(17, "18:00", "19:30")],
        {},
    ),
    (
        "conference-langue",
        "Apprendre le japonais en Occitanie",
        "conference",
        "universite-montpellier",
        ["education"],
        "all",
        True,
        "none",
        ["universite-montpellier"],
        "Cursus, échanges et séjours : les voies pour étudier le japonais dans la région.",
        [(21, "12:30", "14:00")],
        {},
    ),
    (
        "conference-vins-foodex",
        "Les vins d'Occitanie au Japon",
        "rencontre-economique",
        "hotel-de-region-montpellier",
        ["economie"],
        "professionals",
        True,
        "required",
        ["ad-occ", "club-japon-occitanie"],
        "Retour d'expérience de caves régionales présentes au salon Foodex de Tokyo.",
        [(14, "09:00", "12:00")],
        {},
    ),
    (
        "club-japon-rencontre",
        "Rencontre du Club Japon Occitanie",
        "rencontre-economique",
        "hotel-de-region-toulouse",
        ["economie"],
        "professionals",
        True,
        "required",
        ["club-japon-occitanie", "ad-occ"],
        "Entreprises régionales et groupes japonais implantés en Occitanie échangent sur leurs projets.",
        [(15, "08:30", "12:30")],
        {},
    ),
    (
        "visite-entreprises-gard",
        "Visites d'entreprises japonaises du Gard",
        "visite",
        "mairie-uchaud",
        ["economie"],
        "professionals",
        True,
        "required",
        ["ad-occ"],
        "Une journée de visites de sites industriels et logistiques de groupes japonais dans le Gard.",
        [(17, None, 17)],
        {},
    ),
    (
        "tijo-investir",
        "Team Invest Japan Occitanie : investir en Occitanie",
        "rencontre-economique",
        "hotel-de-region-montpellier",
        ["economie"],
        "professionals",
        True,
        "required",
        ["ad-occ"],
        "Atelier sur l'accueil des investisseurs japonais et l'accompagnement des projets.",
        [(21, "14:00", "17:00")],
        {},
    ),
    (
        "judo-initiation",
        "Initiation au judo en famille",
        "sport",
        "dojo-toulouse",
        ["sport"],
        "young",
        True,
        "recommended",
        ["association-yujo"],
        "Chutes, saisies et politesse du tatami : une heure de découverte pour les 6–12 ans.",
        [(11, "14:00", "15:00"), (18, "14:00", "15:00")],
        {},
    ),
    (
        "rugby-japon",
        "Tournoi de rugby à toucher Occitanie–Japon",
        "sport",
        "tarbes-parc-expo",
        ["sport"],
        "all",
        True,
        "none",
        ["region-occitanie"],
        "Un tournoi amical en souvenir du camp de base de l'équipe du Japon à Toulouse en 2023.",
        [(19, None, 19)],
        {},
    ),
    (
        "kendo-demo",
        "Démonstration de kendo",
        "sport",
        "castres-espace",
        ["sport", "culture"],
        "all",
        True,
        "none",
        ["cricao"],
        "La voie du sabre présentée par un club régional, suivie d'une initiation.",
        [(12, "15:00", "17:00")],
        {},
    ),
    (
        "karate-foix",
        "Stage de karaté traditionnel",
        "sport",
        "foix-salle",
        ["sport"],
        "all",
        False,
        "required",
        ["cricao"],
        "Un après-midi de kihon et de kata, tous niveaux.",
        [(18, "14:00", "17:00")],
        {"price": "10 €"},
    ),
    (
        "origami-sete",
        "Atelier origami",
        "atelier",
        "mediatheque-sete",
        ["culture"],
        "young",
        True,
        "required",
        ["cricao"],
        "Grues, grenouilles et boîtes : plier le papier en s'amusant.",
        [(15, "14:30", "16:00"), (22, "14:30", "16:00")],
        {"capacity": 16},
    ),
    (
        "ikebana-rodez",
        "Atelier ikebana",
        "atelier",
        "rodez-musee",
        ["culture"],
        "all",
        False,
        "required",
        ["cricao"],
        "Composer un bouquet selon l'art floral japonais.",
        [(16, "10:00", "12:00")],
        {"price": "15 € fleurs fournies", "capacity": 10},
    ),
    (
        "manga-mende",
        "Atelier dessin manga",
        "atelier",
        "mende-espace",
        ["culture", "education"],
        "young",
        True,
        "required",
        ["cricao"],
        "Personnages, expressions et cases : les bases du dessin manga.",
        [(15, "14:00", "16:30")],
        {"capacity": 15},
    ),
    (
        "the-ceremonie-narbonne",
        "Cérémonie du thé",
        "spectacle",
        "narbonne-lycee",
        ["culture"],
        "all",
        True,
        "recommended",
        ["cricao"],
        "La préparation du matcha expliquée geste par geste, avec dégustation.",
        [(13, "17:00", "18:00"), (20, "17:00", "18:00", None, "cancelled")],
        {"note_on_cancelled": "Séance annulée : l'intervenante est indisponible."},
    ),
    (
        "scolaires-ales",
        "Journée Japon pour les lycéens",
        "conference",
        "imt-mines-ales",
        ["education", "science"],
        "schools",
        True,
        "required",
        ["imt-mines-ales"],
        "Ateliers sciences et culture pour les classes de la région, sur inscription des établissements.",
        [(23, None, 23)],
        {},
    ),
    (
        "echange-etudiants",
        "Forum des échanges universitaires avec le Japon",
        "rencontre-economique",
        "ut1-capitole",
        ["education"],
        "all",
        True,
        "none",
        ["ut1-capitole"],
        "Une cinquantaine d'accords universitaires : rencontrez les étudiants partis au Japon.",
        [(22, "13:00", "17:00")],
        {},
    ),
    (
        "arts-rue-tournefeuille",
        "Arts de la rue : regard vers le Japon",
        "spectacle",
        "l-usine-tournefeuille",
        ["culture"],
        "all",
        True,
        "none",
        ["l-usine"],
        "Présentation d'une création et rencontre avec des artistes en résidence.",
        [(17, "19:00", "21:00")],
        {},
    ),
    (
        "kimono-castres",
        "Exposition : kimonos d'hier et d'aujourd'hui",
        "exposition",
        "castres-espace",
        ["culture"],
        "all",
        True,
        "none",
        ["cricao"],
        "Une vingtaine de kimonos anciens et contemporains, avec leurs motifs expliqués.",
        [(11, None, 22)],
        {},
    ),
    (
        "journee-japon-perpignan",
        "Journée du Japon à Perpignan",
        "spectacle",
        "perpignan-mediatheque",
        ["culture", "education"],
        "all",
        True,
        "none",
        ["cricao"],
        "Démonstrations, contes, jeux de go et stands toute la journée.",
        [(18, None, 18)],
        {},
    ),
    (
        "conte-kamishibai",
        "Contes au kamishibai",
        "spectacle",
        "cahors-mediatheque",
        ["culture", "education"],
        "young",
        True,
        "none",
        ["cricao"],
        "Histoires racontées avec le petit théâtre d'images japonais.",
        [(22, "15:30", "16:30")],
        {},
    ),
    (
        "go-tournoi",
        "Tournoi de go ouvert",
        "sport",
        "montauban-ancien-college",
        ["culture"],
        "all",
        True,
        "recommended",
        ["cricao"],
        "Parties amicales et initiation au jeu de go pour les débutants.",
        [(19, "10:00", "18:00")],
        {},
    ),
    (
        "cuisine-mende",
        "Atelier culinaire : onigiri et soupe miso",
        "atelier-culinaire",
        "mende-espace",
        ["culture"],
        "all",
        False,
        "required",
        ["association-yujo"],
        "Des boulettes de riz et une soupe simple à refaire chez soi.",
        [(16, "18:00", "20:00", None, "postponed")],
        {"price": "15 €", "capacity": 12, "note_on_postponed": "Reporté à une date ultérieure."},
    ),
    (
        "brouillon-table-ronde",
        "Table ronde sur le tourisme (en préparation)",
        "conference",
        "hotel-de-region-toulouse",
        ["economie"],
        "professionals",
        True,
        "none",
        ["ad-occ"],
        "Événement encore en préparation, invisible du public.",
        [(23, "10:00", "12:00")],
        {"status": "draft"},
    ),
]

EVENTS_2022 = [
    (
        "lancement-2022",
        "Lancement de la Semaine du Japon",
        "conference",
        "hotel-de-region-toulouse",
        ["culture", "economie"],
        "all",
        True,
        "recommended",
        ["region-occitanie", "ambassade-du-japon"],
        "Première édition : ouverture de la Semaine du Japon en Occitanie.",
        [(14, "18:00", "20:00")],
        {"highlight": "opening"},
    ),
    (
        "projection-2022",
        "Projection : courts métrages japonais",
        "projection",
        "cinematheque-toulouse",
        ["culture"],
        "all",
        False,
        "none",
        ["cricao"],
        "Une soirée de courts métrages récents, en version originale sous-titrée.",
        [(16, "20:30", "22:30")],
        {"price": "6 €"},
    ),
    (
        "atelier-2022",
        "Atelier culinaire : initiation aux sushis",
        "atelier-culinaire",
        "hotel-de-region-montpellier",
        ["culture"],
        "all",
        False,
        "required",
        ["association-yujo"],
        "Premiers pas dans la préparation des sushis.",
        [(17, "18:00", "20:30")],
        {"price": "20 €", "capacity": 12},
    ),
    (
        "exposition-2022",
        "Exposition : papiers japonais",
        "exposition",
        "mediatheque-albi",
        ["culture"],
        "all",
        True,
        "none",
        ["cricao"],
        "Washi, papiers teints et pliages : la diversité du papier japonais.",
        [(14, None, 20)],
        {},
    ),
]

PALETTE = [(31, 45, 90), (188, 45, 41), (46, 92, 74), (204, 140, 44), (92, 62, 120)]


def _font(size):
    """Return a font with French accents when the system has DejaVu, else Pillow's own."""
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size), str
    except OSError:
        # Pillow's built-in font has no accented letters: draw them without accents.
        return ImageFont.load_default(size=size), strip_accents


def demo_image(text, colour, size=(1200, 675)):
    """Draw a simple placeholder picture: a sun disc over a coloured band with the title."""
    image = Image.new("RGB", size, (247, 243, 234))
    draw = ImageDraw.Draw(image)
    width, height = size
    band_top = int(height * 0.62)
    draw.rectangle([0, band_top, width, height], fill=colour)
    radius = int(height * 0.2)
    centre = (int(width * 0.72), int(height * 0.32))
    draw.ellipse(
        [centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius],
        fill=(188, 45, 41),
    )
    font, clean = _font(int(height * 0.07))
    lines = textwrap.wrap(clean(text), width=34)[:3]
    draw.multiline_text(
        (int(width * 0.06), band_top + int(height * 0.05)),
        "\n".join(lines),
        font=font,
        fill=(255, 255, 255),
        spacing=int(height * 0.02),
    )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return ContentFile(buffer.getvalue())


def demo_logo(text, colour):
    """Draw a placeholder logo: the partner's name on a coloured tile."""
    image = Image.new("RGB", (480, 240), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([8, 8, 472, 232], radius=24, fill=colour)
    font, clean = _font(32)
    draw.multiline_text(
        (240, 120),
        "\n".join(textwrap.wrap(clean(text), width=20)[:3]),
        font=font,
        fill=(255, 255, 255),
        anchor="mm",
        align="center",
        spacing=8,
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())


def _at(year, day, clock):
    hour, minute = (int(part) for part in clock.split(":"))
    return timezone.make_aware(datetime.datetime(year, 11, day, hour, minute))


@transaction.atomic
def load_demo(stdout=None):
    """Create or update the demo editions, venues, partners, events and organiser account."""
    venues = {}
    for slug, (name, address, postcode, town, dept, lat, lon, pmr) in VENUES.items():
        venues[slug], _ = Venue.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "address": address,
                "postcode": postcode,
                "town": town,
                "department": dept,
                "latitude": lat,
                "longitude": lon,
                "is_wheelchair_accessible": pmr,
                "practical_info": "Entrée libre dans la limite des places disponibles.",
            },
        )
    partners = {}
    for number, (slug, (name, kind, website, description)) in enumerate(PARTNERS.items()):
        partner, _ = Partner.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "website": website, "description": description},
        )
        if not partner.logo:
            partner.logo.save(f"{slug}.png", demo_logo(name, PALETTE[number % len(PALETTE)]))
        partners[slug] = partner

    edition_2022 = _edition(
        "semaine-du-japon-2022",
        name="Semaine du Japon en Occitanie 2022",
        year=2022,
        starts_on=datetime.date(2022, 11, 14),
        ends_on=datetime.date(2022, 11, 20),
        tagline="La première semaine consacrée au Japon dans toute l'Occitanie.",
        description="Première édition, portée par la Région, l'Ambassade du Japon et la Fondation Groupe Dépêche.",
        is_current=False,
    )
    edition_2023 = _edition(
        "quinzaine-du-japon-2023",
        name="Quinzaine du Japon en Occitanie 2023",
        year=2023,
        starts_on=datetime.date(2023, 11, 10),
        ends_on=datetime.date(2023, 11, 24),
        tagline="Deux semaines de culture, d'économie, d'éducation, de sport et de science, de Nîmes à Albi.",
        description=(
            "La Semaine du Japon devient la Quinzaine : du 10 au 24 novembre 2023, des événements "
            "dans toute l'Occitanie, du lancement à Nîmes à la clôture à Albi. Expositions, "
            "ateliers culinaires, projections, méditation, conférences, sport et rencontres "
            "économiques, organisés par de nombreux acteurs locaux."
        ),
        is_current=True,
    )
    for position, (slug, role) in enumerate(EDITION_PARTNERS_2023):
        EditionPartner.objects.update_or_create(
            edition=edition_2023,
            partner=partners[slug],
            defaults={"role": role, "position": position},
        )
    for position, slug in enumerate(
        ["region-occitanie", "fondation-groupe-depeche", "ambassade-du-japon"]
    ):
        EditionPartner.objects.update_or_create(
            edition=edition_2022,
            partner=partners[slug],
            defaults={"role": "founding", "position": position},
        )

    count = 0
    for edition, events in [(edition_2022, EVENTS_2022), (edition_2023, EVENTS_2023)]:
        for number, row in enumerate(events):
            _event(edition, row, venues, partners, PALETTE[number % len(PALETTE)])
            count += 1

    user = _organiser()
    if stdout:
        stdout.write(
            f"Démo chargée : {Edition.objects.count()} éditions, {count} événements, "
            f"{Session.objects.count()} séances, {Venue.objects.count()} lieux, "
            f"{Partner.objects.count()} partenaires ; compte « {user.username} »."
        )


def _edition(slug, **fields):
    edition, _ = Edition.objects.update_or_create(
        slug=slug, defaults={**fields, "is_published": True}
    )
    if not edition.image:
        edition.image.save(f"{slug}.jpg", demo_image(fields["name"], PALETTE[0]))
    return edition


def _event(edition, row, venues, partners, colour):
    (
        slug,
        title,
        category,
        venue,
        themes,
        audience,
        is_free,
        booking,
        organisers,
        summary,
        sessions,
        extra,
    ) = row
    extra = dict(extra)
    capacity = extra.pop("capacity", None)
    note_on_cancelled = extra.pop("note_on_cancelled", "")
    note_on_postponed = extra.pop("note_on_postponed", "")
    booking_fields = {}
    if booking != "none":
        booking_fields = {
            "booking_email": "reservation@example.org",
            "booking_phone": "05 00 00 00 00",
        }
    event, created = Event.objects.update_or_create(
        edition=edition,
        slug=slug,
        defaults={
            "title": title,
            "summary": summary,
            "description": (
                f"Un rendez-vous de la {edition.name}, proposé par "
                f"{', '.join(partners[slug].name for slug in organisers)}.\n\n"
                "Renseignements auprès de la structure organisatrice."
            ),
            "category": Category.objects.get(slug=category),
            "venue": venues[venue],
            "audience": audience,
            "is_free": is_free,
            "booking": booking,
            "status": extra.pop("status", Event.Status.PUBLISHED),
            **booking_fields,
            **extra,
        },
    )
    event.themes.set(Theme.objects.filter(slug__in=themes))
    event.organisers.set([partners[slug] for slug in organisers])
    if not event.image:
        event.image.save(f"{slug}.jpg", demo_image(title, colour))
        event.image_alt = f"Illustration : {title}"
        event.save(update_fields=["image_alt"])
    if not created:
        return event
    year = edition.year
    if sessions == "daily-10-18-except-monday":
        generate_sessions(
            event,
            edition.starts_on,
            edition.ends_on,
            start_time=datetime.time(10),
            end_time=datetime.time(18),
            skip_weekdays=[0],
        )
        return event
    for session in sessions:
        day, start, end, *rest = session
        venue_slug = rest[0] if rest else None
        status = rest[1] if len(rest) > 1 else Session.Status.SCHEDULED
        if start is None:
            starts_at, ends_at = whole_days(
                datetime.date(year, 11, day), datetime.date(year, 11, end)
            )
        else:
            starts_at, ends_at = _at(year, day, start), _at(year, day, end)
        note = {"cancelled": note_on_cancelled, "postponed": note_on_postponed}.get(status, "")
        Session.objects.create(
            event=event,
            starts_at=starts_at,
            ends_at=ends_at,
            is_all_day=start is None,
            venue=venues[venue_slug] if venue_slug else None,
            status=status,
            capacity=capacity,
            note=note,
        )
    return event


def _organiser():
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={"first_name": "Organisatrice", "last_name": "(démo)", "is_staff": True},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name="Organisateurs"))
    return user
