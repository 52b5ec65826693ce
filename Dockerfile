# Build stage: the same setup script and CMake commands CI runs.
FROM debian:12 AS build
WORKDIR /src
COPY . .
RUN apt-get update && apt-get install -y --no-install-recommends sudo ca-certificates \
 && scripts/setup \
 && cmake -S . -B build -DCMAKE_BUILD_TYPE=Release \
 && cmake --build build -j"$(nproc)" --target gpupool-operator

# Runtime stage: only the shared libraries the binary links.
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
      libcpprest2.10 libyaml-cpp0.7 libssl3 libprometheus-cpp-core1.0 libprometheus-cpp-pull1.0 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 65532 --no-create-home gpupool
COPY --from=build /src/build/bin/gpupool-operator /usr/local/bin/gpupool-operator
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/gpupool-operator"]
