"""Speech layer with the real pyttsx3 + espeak-ng engine and the real ffmpeg."""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.voix import (
    ErreurEncodage,
    ErreurSynthese,
    ErreurVoix,
    Pyttsx3Speaker,
    Speaker,
    VoixEnCache,
    VoixIntrouvable,
    decrire_audio,
    duree_ogg_opus,
    encoder_opus,
    mesurer_volume,
    prechauffer,
)

PHRASE = "Bonjour. Je suis Passerelle."


@pytest.fixture(scope="module")
def speaker() -> Iterator[Pyttsx3Speaker]:
    """One real French engine shared by the module (its worker process starts once)."""
    s = Pyttsx3Speaker(voix="fr", debit=150, delai_s=30.0)
    yield s
    s.fermer()


@pytest.fixture()
def voix(tmp_path: Path, speaker: Pyttsx3Speaker) -> VoixEnCache:
    """A cache in a fresh folder in front of the shared engine."""
    return VoixEnCache(tmp_path / "cache-audio", speaker)


def _verifier_note_vocale(chemin: Path, duree_min_s: float = 1.0) -> None:
    """Assert `chemin` is an audible OGG/Opus mono 48 kHz voice note."""
    infos = decrire_audio(chemin)
    assert infos.codec == "opus"
    assert infos.canaux == 1
    assert infos.frequence == 48000
    assert infos.duree_s > duree_min_s
    moyen, maximum = mesurer_volume(chemin)
    assert moyen > -45.0
    assert maximum > -20.0


def test_pyttsx3_speaker_respecte_le_protocole(speaker: Pyttsx3Speaker) -> None:
    """The pyttsx3 implementation is a `Speaker`."""
    assert isinstance(speaker, Speaker)
    assert speaker.version.startswith("pyttsx3-") and "espeak-ng-" in speaker.version


def test_phrase_francaise_en_note_vocale(voix: VoixEnCache) -> None:
    """A French sentence becomes an audible OGG/Opus, mono, 48 kHz file longer than a second."""
    chemin = voix.obtenir(PHRASE)
    assert chemin.suffix == ".ogg" and chemin.parent.parent == voix.dossier
    _verifier_note_vocale(chemin)
    assert duree_ogg_opus(chemin) == pytest.approx(decrire_audio(chemin).duree_s, abs=0.1)
    assert not list((voix.dossier / ".tmp").iterdir())


def test_voix_active_est_francaise(speaker: Pyttsx3Speaker) -> None:
    """The engine really switched to espeak-ng's French voice."""
    assert speaker.demarrer() == "roa/fr"
    assert speaker.voix_active == "roa/fr"


def test_variante_de_voix_francaise(tmp_path: Path) -> None:
    """A French voice with an espeak variant is accepted and kept."""
    with Pyttsx3Speaker(voix="fr+f3") as s:
        assert s.demarrer() == "roa/fr+f3"


def test_voix_inconnue_refusee() -> None:
    """An unknown voice name fails clearly instead of silently speaking English."""
    with Pyttsx3Speaker(voix="zzz-inexistante") as s, pytest.raises(VoixIntrouvable, match="introuvable.*roa/fr"):
        s.demarrer()


def test_voix_non_francaise_refusee() -> None:
    """An existing but non-French voice is refused."""
    with Pyttsx3Speaker(voix="en") as s, pytest.raises(VoixIntrouvable, match="pas française"):
        s.demarrer()


def test_cache_ne_resynthetise_pas(voix: VoixEnCache) -> None:
    """The second request returns the same file without synthesising again."""
    premier = voix.obtenir("Le RSA est versé le cinq.")
    mtime = premier.stat().st_mtime_ns
    assert voix.syntheses == 1
    second = voix.obtenir("Le RSA est versé le cinq.")
    assert second == premier
    assert second.stat().st_mtime_ns == mtime
    assert voix.syntheses == 1
    assert voix.en_cache("Le R.S.A. est versé le cinq.") == premier


def test_cache_sans_demarrer_le_moteur(voix: VoixEnCache) -> None:
    """A cache hit from a fresh object never starts an engine."""
    chemin = voix.obtenir("Bonjour.")
    neuf = Pyttsx3Speaker(voix="fr", debit=150)
    autre = VoixEnCache(voix.dossier, neuf)
    assert autre.obtenir("Bonjour.") == chemin
    assert neuf.demarrages == 0 and neuf.voix_active is None
    assert autre.syntheses == 0


def test_cle_depend_de_la_voix_et_du_debit(tmp_path: Path) -> None:
    """Voice and rate are part of the key; equivalent spellings share one."""
    base = VoixEnCache(tmp_path, Pyttsx3Speaker("fr", 150))
    rapide = VoixEnCache(tmp_path, Pyttsx3Speaker("fr", 180))
    feminine = VoixEnCache(tmp_path, Pyttsx3Speaker("fr+f3", 150))
    cles = {v.cle(PHRASE) for v in (base, rapide, feminine)}
    assert len(cles) == 3
    assert base.cle("Le RSA.") == base.cle("Le R.S.A.")
    assert base.cle("Le RSA.") != base.cle("Le CCAS.")


def test_quatre_fils_en_meme_temps(voix: VoixEnCache) -> None:
    """Four threads asking for different texts at once all get valid files."""
    textes = [f"Message numéro {n}." for n in (1, 2, 3, 4)]
    resultats: dict[str, Path] = {}
    erreurs: list[BaseException] = []

    def demander(texte: str) -> None:
        """Ask the cache from a thread, keeping any failure for the main thread."""
        try:
            resultats[texte] = voix.obtenir(texte)
        except BaseException as exc:  # re-raised below in the main thread
            erreurs.append(exc)
            raise

    fils = [threading.Thread(target=demander, args=(t,)) for t in textes]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=120)
    assert not erreurs
    assert len({resultats[t] for t in textes}) == 4
    for chemin in resultats.values():
        _verifier_note_vocale(chemin, duree_min_s=0.5)
    assert voix.syntheses == 4


def test_appel_asynchrone_ne_bloque_pas_la_boucle(voix: VoixEnCache) -> None:
    """`parler_async` works from an event loop, which keeps running during synthesis."""

    async def scenario() -> tuple[Path, Path, int]:
        """Synthesise while a ticker task runs on the same loop."""
        tours = 0
        fini = asyncio.Event()

        async def ticker() -> None:
            """Count loop turns until synthesis is done."""
            nonlocal tours
            while not fini.is_set():
                tours += 1
                await asyncio.sleep(0)

        tache = asyncio.create_task(ticker())
        chemin = await voix.parler_async("Votre rendez-vous est à 9h30.")
        fini.set()
        await tache
        return chemin, await voix.parler_async("Votre rendez-vous est à 9h30."), tours

    chemin, encore, tours = asyncio.run(scenario())
    _verifier_note_vocale(chemin)
    assert encore == chemin
    assert tours > 1
    assert voix.syntheses == 1


def test_texte_sans_rien_a_dire(voix: VoixEnCache) -> None:
    """A message made only of pictograms fails with a catchable speech error."""
    with pytest.raises(ErreurSynthese, match="rien à dire"):
        voix.obtenir("👍 🎉")


def test_delai_depasse_arrete_le_moteur(tmp_path: Path) -> None:
    """A synthesis exceeding its time limit raises and leaves no engine behind."""
    with Pyttsx3Speaker(delai_s=1e-6) as s:
        s.demarrer()
        with pytest.raises(ErreurSynthese, match="muet"):
            s.synthetiser_wav("Une phrase assez longue pour prendre du temps.", tmp_path / "x.wav")
        assert s.voix_active is None


def test_encodage_refuse_un_faux_wav(tmp_path: Path) -> None:
    """ffmpeg failures become ErreurEncodage, a kind of ErreurVoix."""
    faux = tmp_path / "faux.wav"
    faux.write_bytes(b"ceci n'est pas du son")
    with pytest.raises(ErreurEncodage, match="ffmpeg a échoué") as info:
        encoder_opus(faux, tmp_path / "sortie.ogg")
    assert isinstance(info.value, ErreurVoix)


def test_prechauffage(voix: VoixEnCache) -> None:
    """Warm-up synthesises each distinct text once, reports duration and size, then is all hits."""
    textes = ["Bonjour.", "Au revoir.", "Bonjour.", "  "]
    sortie = io.StringIO()
    stats = prechauffer(textes, voix, sortie=sortie)
    assert stats.count == 2 and stats.nouveaux == 2 and stats.echecs == 0
    assert stats.duree_totale_s > 0.5
    assert stats.taille_cache_octets == voix.taille_octets() > 0
    assert "2/2 100 %" in sortie.getvalue()
    encore = prechauffer(textes, voix, sortie=io.StringIO())
    assert encore.nouveaux == 0 and encore.count == 2
