// Borne Passerelle : lecture à voix haute, formulaires sans historique, clavier à l'écran,
// et remise à zéro après inactivité (rien de la personne précédente ne reste).
(() => {
  "use strict";
  const corps = document.body;
  const delai = Math.max(1, Number(corps.dataset.inactivite || 90)) * 1000;
  const avertir = Math.min(15000, delai / 2);
  const voix = document.getElementById("voix");
  const compte = document.getElementById("compte");
  const compteS = document.getElementById("compte-s");
  let dernier = Date.now();
  let dernierSignal = Date.now();
  let occupe = false;

  function effacer() {
    // Plus rien de la personne : son coupé et vidé, contenu retiré.
    occupe = true;
    document.querySelectorAll("audio").forEach((a) => { a.pause(); a.removeAttribute("src"); a.load(); });
    const contenu = document.getElementById("contenu");
    if (contenu) contenu.replaceChildren();
    const saisie = document.getElementById("texte");
    if (saisie) saisie.value = "";
  }

  function recharger() {
    // Remplacer la page (pas de nouvelle entrée d'historique).
    location.replace("/");
  }

  async function terminer() {
    effacer();
    try {
      await fetch("/terminer", { method: "POST", headers: { "X-Borne": "fetch" }, credentials: "same-origin" });
    } finally {
      recharger();
    }
  }

  function signaler() {
    // Garder la session du serveur en vie pendant que la personne est là.
    const maintenant = Date.now();
    if (maintenant - dernierSignal < Math.min(10000, delai / 3)) return;
    dernierSignal = maintenant;
    fetch("/present", { method: "POST", headers: { "X-Borne": "fetch" }, credentials: "same-origin" })
      .then((rep) => { if (rep.status === 205) terminer(); });
  }

  function activite() {
    dernier = Date.now();
    if (!compte.hidden) compte.hidden = true;
    signaler();
  }

  ["pointerdown", "keydown", "touchstart", "wheel"].forEach((type) =>
    document.addEventListener(type, activite, { passive: true, capture: true }));

  setInterval(() => {
    if (occupe) return;
    if (voix && !voix.paused && !voix.ended) activite();
    const reste = delai - (Date.now() - dernier);
    if (reste <= 0) { terminer(); return; }
    if (reste <= avertir) {
      compteS.textContent = String(Math.ceil(reste / 1000));
      if (compte.hidden) {
        compte.hidden = false;
        const voixCompte = document.getElementById("voix-compte");
        if (voixCompte && corps.dataset.son === "1") {
          voixCompte.currentTime = 0;
          voixCompte.play().catch((err) => { console.warn("lecture du compte à rebours impossible :", err.name); });
        }
      }
    }
  }, 250);

  // Formulaires : envoyés sans créer d'entrée d'historique, puis page remplacée.
  document.addEventListener("submit", async (ev) => {
    const formulaire = ev.target;
    if (!(formulaire instanceof HTMLFormElement) || !formulaire.hasAttribute("data-fetch")) return;
    ev.preventDefault();
    if (occupe) return;
    if (formulaire.hasAttribute("data-terminer")) { terminer(); return; }
    occupe = true;
    const donnees = new URLSearchParams(new FormData(formulaire, ev.submitter));
    if (voix) voix.pause();
    const rep = await fetch(formulaire.action, {
      method: "POST", body: donnees, credentials: "same-origin", headers: { "X-Borne": "fetch" },
    });
    if (rep.status >= 500 && (rep.headers.get("content-type") || "").startsWith("text/html")) {
      montrer(await rep.text());
      occupe = false;
      return;
    }
    if (!rep.ok) { occupe = false; throw new Error("réponse " + rep.status + " pour " + formulaire.action); }
    recharger();
  });

  // Souci du serveur : montrer sa page (message simple, numéros d'urgence, bouton pour recommencer).
  function montrer(html) {
    const page = new DOMParser().parseFromString(html, "text/html");
    document.title = page.title;
    document.body.replaceWith(document.adoptNode(page.body));
  }

  // Liens internes : remplacer la page plutôt que l'empiler.
  document.addEventListener("click", (ev) => {
    const lien = ev.target instanceof Element ? ev.target.closest("a[data-remplacer]") : null;
    if (!lien) return;
    ev.preventDefault();
    location.replace(lien.href);
  });

  // Lecture à voix haute.
  function lire(url) {
    if (!voix) return;
    if (url && voix.getAttribute("src") !== url) voix.src = url;
    voix.currentTime = 0;
    voix.play().catch((err) => { console.warn("lecture impossible :", err.name); });
  }
  const reecouter = document.getElementById("reecouter");
  if (reecouter && voix) reecouter.addEventListener("click", () => lire(voix.dataset.ecran));
  document.querySelectorAll("[data-audio]").forEach((b) => b.addEventListener("click", () => lire(b.dataset.audio)));
  if (voix) {
    voix.dataset.ecran = voix.getAttribute("src");
    if (voix.hasAttribute("data-auto") && voix.paused) {
      voix.play().catch((err) => {
        console.warn("lecture automatique refusée :", err.name);
        if (reecouter) reecouter.classList.add("attention");
      });
    }
  }

  // Clavier à l'écran (pour un médiateur).
  const saisie = document.getElementById("texte");
  document.querySelectorAll("[data-touche]").forEach((t) => t.addEventListener("click", () => {
    saisie.value = (saisie.value + t.dataset.touche).slice(0, 1000);
  }));
  const effacerTouche = document.querySelector("[data-effacer]");
  if (effacerTouche) effacerTouche.addEventListener("click", () => { saisie.value = saisie.value.slice(0, -1); });

  // Impression.
  const imprimer = document.getElementById("imprimer");
  if (imprimer) imprimer.addEventListener("click", () => window.print());

  // Revenir ici par « Précédent » : toujours redemander l'écran au serveur.
  window.addEventListener("pageshow", (ev) => { if (ev.persisted) recharger(); });
})();
