# The journeymap studio as an image (docs/deploy.md, "Docker"):
#   docker build -t journeymap-studio .
#   docker run -p 127.0.0.1:8765:8765 -v journeymap-data:/data journeymap-studio
# Behind a reverse proxy with TLS on the host; compose.yaml adds PostgreSQL.

# --- 1. the front end (TypeScript + Vite) -----------------------------------------------------------------------
FROM node:22-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend/ ./
# writes ../src/journeymap/web/static
RUN npm run build --silent

# --- 2. the package and its studio dependencies, in a virtual environment -----------------------------------------
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY src/ src/
COPY examples/ examples/
COPY --from=frontend /src/src/journeymap/web/static/ src/journeymap/web/static/
# the front end is built already (stage 1): the package build only copies it
RUN python -m venv /opt/journeymap \
    && JOURNEYMAP_SKIP_FRONTEND=1 /opt/journeymap/bin/pip install '.[studio]' \
    && /opt/journeymap/bin/python -c "import journeymap.web.app, importlib.resources as r; \
assert (r.files('journeymap') / 'web' / 'static' / 'index.html').is_file(), 'front end missing'"

# --- 3. the image: Python, cairo for PDF and PNG exports, the virtual environment, a non-root user ---------------
FROM python:3.11-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libcairo2 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin journeymap \
    && mkdir -p /data && chown journeymap:journeymap /data && chmod 0700 /data
COPY --from=build /opt/journeymap /opt/journeymap
ENV PATH=/opt/journeymap/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    JOURNEYMAP_DATA_DIR=/data
USER journeymap
WORKDIR /data
# the data folder: the SQLite store (without --database) and backups
VOLUME ["/data"]
EXPOSE 8765
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8765/api/health', timeout=4)"]
# The proxy's address is not known inside a container: any sender's X-Forwarded-* is believed, so publish the port
# on 127.0.0.1 only (or give --forwarded-allow-ips the proxy's address). Add --database postgresql://… for PostgreSQL
# and --public-url https://… for the links the studio hands out.
CMD ["journeymap", "serve", "--host", "0.0.0.0", "--port", "8765", "--behind-proxy", "--forwarded-allow-ips", "*", "--no-browser"]
