#!/bin/sh
# Installe tout ce qu'il faut sur une machine Debian neuve (Python 3.11 présent) :
# paquets système manquants, environnement .venv/ à la racine, dépendances Python.
# Usage : sh .ci/installer.sh            (pour lancer l'assistant)
#         sh .ci/installer.sh --tests    (en plus : navigateur, polices, axe-core pour les tests)
set -eu
cd "$(dirname "$0")/.."

# Chaque paquet Debian n'est installé que s'il manque (npm : seulement si la commande manque,
# car Node.js peut venir d'ailleurs que de Debian).
paquets="espeak-ng libespeak-ng1 ffmpeg"
if [ "${1:-}" = "--tests" ]; then
  paquets="$paquets chromium fonts-noto-color-emoji sox"
fi
manquants=""
for p in $paquets; do
  dpkg -s "$p" >/dev/null 2>&1 || manquants="$manquants $p"
done
if [ "${1:-}" = "--tests" ] && ! command -v npm >/dev/null 2>&1; then
  manquants="$manquants nodejs npm"
fi
if [ -n "$manquants" ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installation des paquets système :$manquants"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $manquants
fi

python=python3.11
command -v "$python" >/dev/null 2>&1 || python=python3
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "--tests" ]; then
  .venv/bin/python -m pip install -q -e ".[tests]"
  # axe-core (audit d'accessibilité de la borne), servi en local à la page pendant les tests.
  [ -f .venv/npm/node_modules/axe-core/axe.min.js ] || npm install --silent --no-audit --no-fund --prefix .venv/npm axe-core@4
else
  .venv/bin/python -m pip install -q -e .
fi
