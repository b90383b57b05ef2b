"""The demo's know-how transfers, told as the pair lived them: who asked, the answer, the objectives, the days
and their reports, the messages, the closing. Days count from the day the demo is loaded (negative: past).

Two regions, so that each CRA follows its own: in Auvergne-Rhône-Alpes a transfer agreed with its first day
booked (the Livradois collective and Mireille Castagné, the accounts the README names, on a second need of the
collective: its first one stays open, with its suggestions, for the request journey), one in progress and one
completed this year; in Occitanie one completed in the spring (begun the year before, Mireille Castagné with the
Cévennes), one in progress, and a proposal the resource person declined.
"""

from __future__ import annotations

from dataclasses import dataclass

POLE, RESOURCE = "pole", "resource"


@dataclass(frozen=True)
class Day:
    """A transfer day: ``days`` from today at ``hour`` (Paris), its report when it is past."""

    days: int
    label: str
    place: str = ""
    video: str = ""
    hour: float = 9.5
    hours: float = 6.5
    done: str = ""
    next_step: str = ""


@dataclass(frozen=True)
class Closing:
    """The end of a completed transfer: its note, each side's feedback, the experience sheet the pair published."""

    days: int
    note: str
    pole_feedback: tuple[int, str, str]
    resource_feedback: tuple[int, str, str]
    sheet: dict[str, str]


@dataclass(frozen=True)
class NewNeed:
    """A need the demo adds to a pole of the data set: worded close to another pole's need (« Une subvention
    connue chaque année en juin », Lauragais), so that the suggestions there say the person « a déjà accompagné
    un pôle sur un besoin proche »."""

    pole: str
    text: str
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Story:
    need_title: str
    person_email: str
    #: The CRA that validated the request or made the proposal.
    organiser_email: str
    #: When the pair was made (days from today); the pole asked (a request) or the CRA proposed.
    begun: int
    asked_by_pole: bool
    message: str
    #: The resource person's answer, days after ``begun``; declined with ``answer`` as the reason.
    answered_after: int
    answer: str
    declined: bool = False
    objectives: tuple[str, ...] = ()
    #: Objectives reached (1 for the first), said when the transfer closes or along the way.
    reached: tuple[int, ...] = ()
    #: (days from today, who wrote, the message).
    messages: tuple[tuple[int, str, str], ...] = ()
    days: tuple[Day, ...] = ()
    closing: Closing | None = None
    #: The need, when the data set has none for this story (``need_title`` is then its title).
    new_need: NewNeed | None = None


CRA_AURA, CRA_OCCITANIE = "cra.aura@demo.entrepairs.fr", "cra.occitanie@demo.entrepairs.fr"

STORIES: tuple[Story, ...] = (
    Story(
        need_title="Financer notre coordination sans dépendre d'une seule subvention",
        person_email="mireille.castagne@demo.entrepairs.fr", organiser_email=CRA_OCCITANIE, begun=-390,
        asked_by_pole=True, new_need=NewNeed(
            pole="Pôle Insertion et Coopération des Cévennes", themes=("modele_economique", "collectivites"),
            text="Le salaire de notre coordinatrice repose sur une subvention annuelle de l'intercommunalité, "
                 "connue tard dans l'année. Nous voulons une convention pluriannuelle et d'autres ressources : "
                 "cotisations des membres, prestations."),
        message="Bonjour, votre expérience du Ségala correspond à ce que nous vivons : chaque année, nous "
                "avançons des mois de salaire en attendant la subvention. Pourriez-vous nous aider ?",
        answered_after=4, answer="Avec plaisir : je connais bien cette situation.",
        objectives=("Construire un plan de financement de la coordination sur trois ans",
                    "Proposer une grille de cotisations proportionnelle au budget des membres",
                    "Préparer la négociation d'une convention pluriannuelle avec l'intercommunalité"),
        reached=(1, 2, 3),
        messages=((-380, RESOURCE, "Bonjour à toute l'équipe. Pour notre première journée, pourriez-vous "
                                   "rassembler les budgets 2024 et 2025 de vos membres ? Nous en partirons."),
                  (-379, POLE, "C'est noté, nous vous les envoyons la semaine prochaine. Merci !")),
        days=(Day(-360, "Diagnostic du financement actuel", "Alès, locaux du pôle",
                  done="Tour des financements du poste : 85 % viennent de la subvention annuelle. "
                       "Trois pistes retenues : cotisations, convention pluriannuelle, prestations.",
                  next_step="Simuler une grille de cotisations avec les budgets des membres."),
              Day(-320, "Grille de cotisations et prestations", video="https://visio.exemple.org/cevennes",
                  hour=14, hours=3,
                  done="Grille de cotisations à trois tranches validée par le bureau ; deux prestations "
                       "facturables identifiées auprès des entreprises partenaires.",
                  next_step="Préparer le rendez-vous avec le vice-président de l'intercommunalité."),
              Day(-280, "Préparer la négociation avec l'intercommunalité", "Alès, locaux du pôle",
                  done="Argumentaire et projet de convention sur trois ans relus ensemble ; le rendez-vous est "
                       "fixé en mars.",
                  next_step="Faire le point après le rendez-vous.")),
        closing=Closing(
            days=-250, note="Convention signée pour trois ans : le poste est financé jusqu'en 2028.",
            pole_feedback=(5, "Un plan de financement sur trois ans, la grille de cotisations, l'argumentaire "
                              "pour les élus.", "Un regard extérieur qui a convaincu notre bureau."),
            resource_feedback=(5, "La méthode de diversification du financement du poste.",
                               "Une équipe très impliquée entre les journées."),
            sheet={"title": "Sortir de la subvention annuelle : une convention sur trois ans pour la coordination",
                   "situation": "Un poste de coordination financé à 85 % par une subvention de l'intercommunalité "
                                "votée chaque année, des mois de salaire avancés en l'attendant.",
                   "transferred": "Une méthode pour diversifier le financement : cotisations proportionnelles au "
                                  "budget des membres, convention pluriannuelle avec l'intercommunalité, "
                                  "prestations facturées aux entreprises partenaires.",
                   "worked": "Partir des budgets réels des membres ; préparer la négociation avec les élus à "
                             "plusieurs voix.",
                   "avoid": "Attendre le vote de la subvention pour s'en occuper.",
                   "contacts": ""}),
    ),
    Story(
        need_title="Apprendre à conduire des projets à plusieurs structures",
        person_email="veronique.astier@demo.entrepairs.fr", organiser_email=CRA_AURA, begun=-200,
        asked_by_pole=True,
        message="Bonjour, nous aimerions monter un parcours de formation-action pour les salariés et bénévoles "
                "de nos membres. Votre expérience des opérateurs de compétences nous intéresse beaucoup.",
        answered_after=5, answer="Volontiers : commençons par un diagnostic partagé.",
        objectives=("Construire un parcours de formation-action commun de six journées",
                    "Obtenir la prise en charge par l'opérateur de compétences"),
        reached=(1, 2),
        days=(Day(-170, "Diagnostic partagé avec les membres", "Montbrison, maison des associations",
                  done="Douze participants de six structures ; trois projets réels retenus pour servir de "
                       "support au parcours.",
                  next_step="Rédiger le programme et le dossier de financement."),
              Day(-140, "Programme et dossier de financement", video="https://visio.exemple.org/loire-forez",
                  hour=14, hours=3,
                  done="Programme des six journées écrit ; dossier déposé auprès de l'opérateur de compétences.",
                  next_step="Former les deux référents internes à l'animation du parcours."),
              Day(-110, "Posture d'animation des référents", "Montbrison, maison des associations",
                  done="Les deux référents ont animé une séance d'essai ; le financement est accordé.",
                  next_step="Lancer le parcours à la rentrée.")),
        closing=Closing(
            days=-100, note="Le parcours commence en septembre avec quatorze inscrits.",
            pole_feedback=(4, "Le programme du parcours, le dossier de financement, la posture d'animation.",
                           "Nous aurions aimé une journée de plus pour les référents."),
            resource_feedback=(5, "La conception d'un parcours de formation-action et son financement.",
                               "Des référents motivés : le parcours tiendra sans moi."),
            sheet={"title": "Monter un parcours de formation-action entre structures d'un pôle",
                   "situation": "Des salariés et bénévoles de plusieurs structures qui voulaient conduire des "
                                "projets ensemble sans jamais l'avoir appris.",
                   "transferred": "La conception d'un parcours de six journées sur des projets réels, et le "
                                  "dossier de prise en charge par l'opérateur de compétences.",
                   "worked": "Travailler sur les projets réels des participants ; former des référents internes.",
                   "avoid": "Déposer le dossier de financement après l'été.",
                   "contacts": ""}),
    ),
    Story(
        need_title="Des réunions qui tournent au règlement de comptes",
        person_email="bernard.pellissier@demo.entrepairs.fr", organiser_email=CRA_AURA, begun=-95,
        asked_by_pole=False,
        message="Bernard, votre expérience de la sociocratie et de la réécriture d'une charte de coopération "
                "répond au besoin du pôle du Voironnais : accepteriez-vous de l'accompagner ?",
        answered_after=3, answer="Oui : je propose quatre séances, la première avec tout le comité de pilotage.",
        objectives=("Renouer le dialogue entre les deux structures fondatrices",
                    "Réécrire la charte de coopération du pôle",
                    "Adopter la décision par consentement au comité de pilotage"),
        reached=(1,),
        messages=((-60, POLE, "Merci pour la séance d'hier : pour la première fois depuis un an, tout le monde "
                              "est resté jusqu'au bout."),
                  (-59, RESOURCE, "Merci à vous. Pour la prochaine fois, chacun relit la charte actuelle et note "
                                  "ce qu'il voudrait y changer.")),
        days=(Day(-70, "Écoute croisée des membres", "Voiron, salle du conseil de la maison de l'ESS",
                  done="Entretiens avec les deux structures fondatrices puis séance plénière : les désaccords "
                       "sont nommés et séparés des personnes.",
                  next_step="Relire la charte actuelle et noter les changements souhaités."),
              Day(-35, "Réécrire la charte de coopération", "Voiron, salle du conseil de la maison de l'ESS",
                  done="Première version de la charte : rôles, mandats, règles d'entrée et de sortie des membres.",
                  next_step="Tester la décision par consentement sur un vrai sujet."),
              Day(20, "Premier comité de pilotage par consentement", "Voiron, salle du conseil de la maison de l'ESS",
                  hour=14, hours=3)),
    ),
    Story(
        need_title="Des produits locaux dans les cantines de l'agglomération",
        person_email="gilles.mazurier@demo.entrepairs.fr", organiser_email=CRA_OCCITANIE, begun=-60,
        asked_by_pole=False,
        message="Gilles, le pôle de Gascogne veut fournir les cantines de l'agglomération : votre expérience de "
                "la légumerie et de l'allotissement des marchés l'aiderait beaucoup.",
        answered_after=3, answer="Avec plaisir, je peux venir en Gascogne en novembre.",
        objectives=("Comprendre l'allotissement des marchés de l'agglomération",
                    "Organiser la logistique commune des producteurs"),
        days=(Day(-30, "Les marchés publics de la restauration collective", "Auch, pôle des Terres Nourricières",
                  done="Lecture des trois derniers marchés avec l'acheteuse de l'agglomération ; deux lots "
                       "pourraient être séparés pour les produits frais.",
                  next_step="Chiffrer une plateforme logistique partagée entre producteurs."),
              Day(15, "Logistique partagée entre producteurs", video="https://visio.exemple.org/gascogne",
                  hour=14, hours=2.5)),
    ),
    Story(
        need_title="Une vallée vide huit mois par an", person_email="marie.ange.santucci@demo.entrepairs.fr",
        organiser_email=CRA_OCCITANIE, begun=-25, asked_by_pole=False,
        message="Marie-Ange, le Couserans voudrait construire des séjours hors saison avec ses agriculteurs, "
                "accompagnateurs et hébergeurs : votre réseau corse en a fait l'expérience.",
        answered_after=5, declined=True,
        answer="Je suis prise par la saison d'hiver jusqu'en mars et ne pourrais pas me rendre dans les Pyrénées "
               "avant. Le sujet me passionne : recontactez-moi au printemps.",
    ),
    Story(
        need_title="Créer un poste d'animation partagé entre nos associations",
        person_email="mireille.castagne@demo.entrepairs.fr", organiser_email=CRA_AURA, begun=-40,
        asked_by_pole=True, new_need=NewNeed(
            pole="Collectif Coopér'Acteurs du Livradois", themes=("modele_economique", "emplois_partages"),
            text="Nos associations membres veulent financer ensemble un poste d'animation à mi-temps, pour que "
                 "le collectif ne repose plus sur ses bénévoles. Nous ne savons pas quelle part demander à "
                 "chacune ni comment convaincre la communauté de communes d'y contribuer."),
        message="Bonjour Mireille, nos bénévoles s'épuisent et nous n'avons aucun budget propre. Votre façon de "
                "financer un poste de coordination partagé pourrait nous aider à en créer un.",
        answered_after=5, answer="Avec plaisir : votre situation ressemble à celle du Ségala en 2015.",
        objectives=("Évaluer ce que les membres peuvent apporter à un poste partagé",
                    "Construire un premier budget de coordination sur trois ans",
                    "Préparer la rencontre avec la communauté de communes"),
        messages=((-34, RESOURCE, "Bonjour Claire, pour notre première journée, pourriez-vous réunir les "
                                  "présidents des associations membres ? Deux heures le matin suffiront."),
                  (-33, POLE, "Bonjour Mireille, c'est fait : six présidents ont dit oui. Nous vous "
                              "attendons à Ambert."),
                  (-2, RESOURCE, "Je vous envoie cette semaine la grille de cotisations du Ségala, pour que "
                                 "chacun la regarde avant la journée. À bientôt !")),
        days=(Day(9, "Premier tour des ressources du collectif", "Ambert, maison des associations"),),
    ),
)
