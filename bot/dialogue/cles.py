"""Ids of the messages the code says itself; each is defined in dialogues/ and checked by `verifier`.

Theme flows name their own messages in their YAML; everything a channel, the engine or the card
wording says is listed here, with the {variables} the code fills in. `verifier` reports an id of
this list missing from dialogues/, or a variable the code does not provide.
"""

from __future__ import annotations

from enum import StrEnum


class Cle(StrEnum):
    """A message id used by the code."""

    # engine (dialogues/communs.yaml)
    ACCUEIL = "accueil"
    MENU = "menu"
    SUITE = "suite"
    QUARTIER_QUESTION = "quartier-question"
    QUARTIER_GARDE = "quartier-garde"
    CARTES_INTRO = "cartes-intro"
    CARTES_AUCUNE = "cartes-aucune"
    URGENCE_TITRE = "urgence-titre"
    DANGER_TITRE = "danger-titre"
    DOUTE_TITRE = "doute-titre"
    DOUTE_QUESTION = "doute-question"
    DOUTE_NON = "doute-non"
    PARLER_INTRO = "parler-intro"
    PARLER_CENTRES = "parler-centres"
    PRECISION = "precision"
    PAS_COMPRIS = "pas-compris"
    VIDE = "vide"
    RIEN_TROUVE = "rien-trouve"
    LANGUE = "langue"
    BOUTON_PERIME = "bouton-perime"
    AIDE = "aide"
    MODE_MEDIATEUR = "mode-mediateur"
    MODE_HABITANT = "mode-habitant"
    FICHE_TITRE = "fiche-titre"
    # channels (dialogues/textes/canaux.yaml)
    COMMANDE_START = "commande-start"
    COMMANDE_AIDE = "commande-aide"
    COMMANDE_RECOMMENCER = "commande-recommencer"
    COMMANDE_VOIX = "commande-voix"
    COMMANDE_OUBLI = "commande-oubli"
    COMMANDE_CONFIDENTIALITE = "commande-confidentialite"
    COMMANDE_MEDIATEUR = "commande-mediateur"
    COMMANDE_HABITANT = "commande-habitant"
    OUBLI_FAIT = "oubli-fait"
    SOUCI_TECHNIQUE = "souci-technique"
    VOIX_ACTIVEE = "voix-activee"
    VOIX_COUPEE = "voix-coupee"
    MEDIA_VOCAL = "media-vocal"
    MEDIA_IMAGE = "media-image"
    MEDIA_POSITION = "media-position"
    MEDIA_AUTRE = "media-autre"
    CONFIDENTIALITE = "confidentialite"
    DUREE_HEURE = "duree-heure"
    DUREE_HEURES = "duree-heures"
    BOUTON_MENU = "bouton-menu"
    BORNE_TITRE = "borne-titre"
    BORNE_URGENCE = "borne-urgence"
    BORNE_ECOUTER = "borne-ecouter"
    BORNE_SON = "borne-son"
    BORNE_TERMINER = "borne-terminer"
    BORNE_ECRIRE = "borne-ecrire"
    BORNE_VOTRE_BESOIN = "borne-votre-besoin"
    BORNE_CLAVIER = "borne-clavier"
    BORNE_ESPACE = "borne-espace"
    BORNE_EFFACER = "borne-effacer"
    BORNE_ENVOYER = "borne-envoyer"
    BORNE_MODE_HABITANT = "borne-mode-habitant"
    BORNE_MODE_MEDIATEUR = "borne-mode-mediateur"
    BORNE_COMPTE_AVANT = "borne-compte-avant"
    BORNE_COMPTE_APRES = "borne-compte-apres"
    BORNE_COMPTE_VOIX = "borne-compte-voix"
    BORNE_TOUCHEZ = "borne-touchez"
    BORNE_IMPRIMER = "borne-imprimer"
    BORNE_RETOUR = "borne-retour"
    BORNE_A_EMPORTER = "borne-a-emporter"
    BORNE_FICHE_A_EMPORTER = "borne-fiche-a-emporter"
    BORNE_IMPRIMER_VOIX = "borne-imprimer-voix"
    BORNE_QR_APPELER = "borne-qr-appeler"
    BORNE_QR_ECRIRE = "borne-qr-ecrire"
    BORNE_PIED_FEUILLE = "borne-pied-feuille"
    CONSOLE_AU_REVOIR = "console-au-revoir"
    # cards and opening hours (dialogues/textes/cartes.yaml)
    CARTE_POUR_QUI = "carte-pour-qui"
    CARTE_A_APPORTER = "carte-a-apporter"
    CARTE_ADRESSE = "carte-adresse"
    CARTE_HORAIRES = "carte-horaires"
    CARTE_TELEPHONE = "carte-telephone"
    CARTE_QUI_PEUT = "carte-qui-peut"
    CARTE_A_PREPARER = "carte-a-preparer"
    CARTE_OU_DEMANDER = "carte-ou-demander"
    CARTE_PAGE_OFFICIELLE = "carte-page-officielle"
    CARTE_DESCRIPTION = "carte-description"
    CARTE_CONDITIONS = "carte-conditions"
    CARTE_VERIFIE_LE = "carte-verifie-le"
    CARTE_A_VERIFIER = "carte-a-verifier"
    CARTE_CHAMP_A_VERIFIER = "carte-champ-a-verifier"
    CARTE_COURRIEL = "carte-courriel"
    CARTE_SITE = "carte-site"
    CARTE_REPLI = "carte-repli"
    CARTE_SOURCES = "carte-sources"
    CARTE_VOIR_AUSSI = "carte-voir-aussi"
    CARTE_SMS = "carte-sms"
    REPLI_APPELER = "repli-appeler"
    REPLI_APPELER_NOM = "repli-appeler-nom"
    REPLI_DEMANDER = "repli-demander"
    REPLI_SANS_CONTACT = "repli-sans-contact"
    FICHE_ORIENTATION_TITRE = "fiche-orientation-titre"
    FICHE_ORIENTATION_QUARTIER = "fiche-orientation-quartier"
    FICHE_ORIENTATION_VIDE = "fiche-orientation-vide"
    HORAIRES_TOUJOURS_OUVERT = "horaires-toujours-ouvert"
    HORAIRES_OUVERT_JUSQUA = "horaires-ouvert-jusqua"
    HORAIRES_FERME_OUVRE = "horaires-ferme-ouvre"
    HORAIRES_AUJOURDHUI = "horaires-aujourdhui"
    HORAIRES_DEMAIN = "horaires-demain"
    HORAIRES_FERME_MAINTENANT = "horaires-ferme-maintenant"
    HORAIRES_JOUR_ET_NUIT = "horaires-jour-et-nuit"
    HORAIRES_DU_AU = "horaires-du-au"
    HORAIRES_PLAGE = "horaires-plage"
    HORAIRES_FERME = "horaires-ferme"
    HORAIRES_MINUIT = "horaires-minuit"
    PUBLIC_FEMMES = "public-femmes"
    PUBLIC_FAMILLES = "public-familles"
    PUBLIC_JEUNES = "public-jeunes"
    PUBLIC_SENIORS = "public-seniors"
    PUBLIC_DEMANDEURS_EMPLOI = "public-demandeurs-emploi"
    PUBLIC_PERSONNES_EN_SITUATION_DE_HANDICAP = "public-personnes-en-situation-de-handicap"
    PUBLIC_ETUDIANTS = "public-etudiants"
    PUBLIC_TOUS_PUBLICS = "public-tous-publics"
    PUBLIC_ACTIFS = "public-actifs"
    PUBLIC_BENEFICIAIRES_DES_MINIMAS_SOCIAUX = "public-beneficiaires-des-minimas-sociaux"
    PUBLIC_RESIDENTS_QPV_FRR = "public-residents-qpv-frr"
    PUBLIC_PERSONNES_EXILEES = "public-personnes-exilees"
    PUBLIC_PERSONNES_EN_SITUATION_DURGENCE = "public-personnes-en-situation-durgence"
    CHAMP_ADRESSE = "champ-adresse"
    CHAMP_TELEPHONE = "champ-telephone"
    CHAMP_HORAIRES_ACCUEIL = "champ-horaires-accueil"
    CHAMP_CODE_POSTAL = "champ-code-postal"
    CHAMP_COMMUNE = "champ-commune"
    CHAMP_COURRIEL = "champ-courriel"
    CHAMP_CONDITIONS_ACCES = "champ-conditions-acces"
    CHAMP_JUSTIFICATIFS = "champ-justificatifs"
    CHAMP_LIEN_SOURCE = "champ-lien-source"
    CHAMP_SITE_WEB = "champ-site-web"
    CHAMP_QUARTIER = "champ-quartier"
    CHAMP_DESCRIPTION = "champ-description"
    CHAMP_PUBLICS = "champ-publics"
    CHAMP_SIMULATEUR = "champ-simulateur"
    CHAMP_NUMEROS = "champ-numeros"


# The {variables} the code provides to each message (none for the others).
VARIABLES: dict[str, frozenset[str]] = {
    Cle.QUARTIER_GARDE: frozenset({"quartier"}),
    Cle.PARLER_CENTRES: frozenset({"centres"}),
    Cle.CONFIDENTIALITE: frozenset({"duree"}),
    Cle.DUREE_HEURE: frozenset({"nombre"}),
    Cle.DUREE_HEURES: frozenset({"nombre"}),
    Cle.BORNE_IMPRIMER_VOIX: frozenset({"titre"}),
    Cle.BORNE_QR_APPELER: frozenset({"numero"}),
    Cle.BORNE_QR_ECRIRE: frozenset({"numero"}),
    Cle.CARTE_CHAMP_A_VERIFIER: frozenset({"champ"}),
    Cle.REPLI_APPELER: frozenset({"numero"}),
    Cle.REPLI_APPELER_NOM: frozenset({"nom", "numero"}),
    Cle.REPLI_DEMANDER: frozenset({"lieu"}),
    Cle.FICHE_ORIENTATION_TITRE: frozenset({"date"}),
    Cle.FICHE_ORIENTATION_QUARTIER: frozenset({"quartier"}),
    Cle.HORAIRES_OUVERT_JUSQUA: frozenset({"heure"}),
    Cle.HORAIRES_FERME_OUVRE: frozenset({"heure", "quand"}),
    Cle.HORAIRES_DU_AU: frozenset({"debut", "fin"}),
    Cle.HORAIRES_PLAGE: frozenset({"debut", "fin"}),
}
