# Passerelle : l'assistant d'accès aux droits (borne + bot Telegram).
# Les étapes d'installation sont celles du README : sh .ci/installer.sh.
FROM python:3.11-slim

WORKDIR /app
COPY . /app
RUN sh .ci/installer.sh \
    && rm -rf /var/lib/apt/lists/* /root/.cache \
    && useradd --create-home --uid 10001 passerelle \
    && mkdir -p /app/var && chown -R passerelle:passerelle /app/var

USER passerelle
ENV PASSERELLE_DONNEES=/app/var \
    PASSERELLE_BORNE_HOTE=0.0.0.0 \
    PYTHONUNBUFFERED=1
EXPOSE 8080 8443
VOLUME ["/app/var"]
CMD [".venv/bin/python", "-m", "bot", "lancer"]
