# syntax=docker/dockerfile:1
# Echo Lab in a container: built with the Maven wrapper on a JDK 25, run on a JRE 25 as a non-root user.
# `docker compose up` builds it; alone: docker build -t echo-lab . && docker run -p 127.0.0.1:8080:8080 echo-lab
#
# Platforms: linux/amd64 and linux/arm64 (Apple Silicon, Graviton); both Temurin images below are published for
# both, and the build stage compiles Java only. Both at once, with BuildKit:
#   docker buildx build --platform linux/amd64,linux/arm64 -t echo-lab .
# The figures in the README were measured on linux/amd64. The netty model uses Netty's native epoll transport
# where the jar ships the native library for the platform (pom.xml lists them) and NIO elsewhere.

FROM eclipse-temurin:25.0.3_9-jdk-noble AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
# Maven's repository (and the wrapper's Maven) live in a BuildKit cache that outlives the build: a source edit
# downloads nothing again, and, unlike dependency:go-offline, it also keeps the plugins resolved only during
# `package`. The cache is not part of any image layer.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests package \
    && cp target/echo-lab-*.jar app.jar \
    && java -Djarmode=tools -jar app.jar extract --layers --destination extracted

FROM eclipse-temurin:25.0.3_9-jre-noble
# uid and gid 10001, fixed and clear of the base image's own users: deploy/k8s runs the pod as 10001:10001.
# /app/data holds the run history (an H2 file) when no other database is configured; it is the one place the app
# writes to, so it belongs to the app's user.
RUN groupadd --system --gid 10001 echolab \
    && useradd --system --uid 10001 --gid echolab --home-dir /app --no-create-home --shell /usr/sbin/nologin echolab \
    && mkdir -p /app/data /app/aot && chown echolab:echolab /app/data /app/aot
WORKDIR /app
# One layer per Boot layer, least changing first.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# healthcheck.sh keeps its executable bit from git.
COPY docker/healthcheck.sh /app/healthcheck.sh
USER echolab
# The echo servers listen on every interface inside the container; compose publishes them on 127.0.0.1 only.
#
# JVM options go in JDK_JAVA_OPTIONS, which only the `java` launcher reads; JAVA_TOOL_OPTIONS would also be
# picked up (and announced) by jcmd, jstack and every other JVM tool run in the container.
#
# The heap gets half of the container's memory, not the usual three quarters, because this app needs much
# memory outside the heap: thread-per-connection holding 10,000 clients (the c10k scenario) runs 10,000
# platform threads, and each costs about 67 KiB resident (the touched part of its stack, its 16 KiB read buffer
# and what the JDK keeps per thread; "RSS KiB/conn" in the README's c10k table): about 0.65 GiB. Metaspace, the
# code cache, the GC's own structures and Netty's direct buffers take about 0.3 GiB more. Under a 2 GiB limit,
# half leaves 1 GiB for all of that; at 75% (1.5 GiB of heap) a full heap plus those could pass the limit, and
# the kernel kills the container instead of the JVM reporting an OutOfMemoryError.
# ExitOnOutOfMemoryError: an OutOfMemoryError leaves a JVM whose threads may have died anywhere; exit instead,
# and let the container's restart policy start a clean one.
ENV ECHO_BIND_ADDRESS=0.0.0.0 \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
# The HTTP API and console, then the echo servers' default ports, one per model (7001 blocking ... 7011 io-uring).
EXPOSE 8080 7001-7011
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 CMD ["/app/healthcheck.sh"]
# The JDK's ahead-of-time cache (JDK 24 and newer): a training run starts the app, which exits as soon as its context
# is up (spring.context.exit=onRefresh), and the JVM writes the classes it loaded and linked to /app/aot/app.aot; every
# start afterwards maps them instead of loading them again (about half the start time: docs/operations.md). It runs
# as echolab, with the JVM options above, so the cache matches the JVM that uses it; its history goes to a
# throw-away directory, not the volume. A JVM that cannot use the cache says so and starts without it.
RUN java -XX:AOTCacheOutput=/app/aot/app.aot -Dspring.context.exit=onRefresh -jar /app/app.jar \
        --echo.autostart=false --echo.history.dir=/tmp/aot-training --server.port=0 \
    && rm -rf /tmp/aot-training
ENTRYPOINT ["java", "-XX:AOTCache=/app/aot/app.aot", "-jar", "/app/app.jar"]
