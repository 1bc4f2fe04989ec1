FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 UV_COMPILE_BYTECODE=1
RUN pip install --no-cache-dir uv
# The Chinese font the printable PDFs embed (fupin/export/pdf.py).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-zenhei \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
COPY core core
COPY fupin fupin
COPY graph graph
COPY schema schema
COPY resolvers resolvers
COPY seeds seeds
RUN uv sync --frozen --no-dev
EXPOSE 8000
CMD ["uv", "run", "--frozen", "--no-dev", "fupin", "serve", "--host", "0.0.0.0", "--port", "8000", "--demo"]
